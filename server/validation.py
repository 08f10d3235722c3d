"""The one validation layer: request bodies and query strings through pydantic models.

Every schema (request bodies here, sync mutation args in sync.registry, a challenge's parts)
derives from `Strict`, which enforces DESIGN.md's "Values" on every field, nested dicts and
lists included: text without NUL or unpaired surrogates (PostgreSQL cannot store NUL, and a
lone surrogate is not Unicode), integers that fit a signed 64-bit column, finite floats, and
dates between 1900 and 2200 (after conversion to UTC, which can overflow a datetime).
"""

import functools
import math
import re
from datetime import date, datetime, timezone
from types import UnionType
from typing import ClassVar, Union, get_args, get_origin

from flask import request
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator
from pydantic.alias_generators import to_camel

from .errors import ApiError, Code, validation_details

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
FIRST_YEAR, LAST_YEAR = 1900, 2200
BAD_TEXT = re.compile("[\x00\ud800-\udfff]")


def value_problem(value, where=""):
    """What breaks the Values contract in `value` (walking dicts and lists), or None."""
    if isinstance(value, str):
        if BAD_TEXT.search(value):
            return f"{where or 'text'}: text must not contain NUL characters or unpaired surrogates"
    elif isinstance(value, bool):
        return None
    elif isinstance(value, int):
        if not INT64_MIN <= value <= INT64_MAX:
            return f"{where or 'number'}: integers must fit in 64 bits"
    elif isinstance(value, float):
        if not math.isfinite(value):
            return f"{where or 'number'}: numbers must be finite"
    elif isinstance(value, datetime):
        return _date_problem(value, where)
    elif isinstance(value, date):
        if not FIRST_YEAR <= value.year <= LAST_YEAR:
            return f"{where or 'date'}: dates must be between {FIRST_YEAR} and {LAST_YEAR}"
    elif isinstance(value, dict):
        for key, item in value.items():
            problem = value_problem(key, where) or value_problem(item, _join(where, key))
            if problem:
                return problem
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            problem = value_problem(item, _join(where, index))
            if problem:
                return problem
    return None


def _date_problem(value, where):
    try:
        utc = value.astimezone(timezone.utc) if value.tzinfo else value
    except OverflowError:
        utc = None
    if utc is None or not FIRST_YEAR <= utc.year <= LAST_YEAR:
        return f"{where or 'time'}: times must be between {FIRST_YEAR} and {LAST_YEAR} (UTC)"
    return None


def _fine(value):
    """True when `value` surely keeps the Values contract: the quick test every field of every
    mutation takes (no paths built, no messages); anything it does not know goes to
    value_problem(), which also says where and why."""
    kind = type(value)
    if kind is str:
        return BAD_TEXT.search(value) is None
    if value is None or kind is bool:
        return True
    if kind is int:
        return INT64_MIN <= value <= INT64_MAX
    if kind is float:
        return math.isfinite(value)
    if kind is dict:
        return all(_fine(k) and _fine(v) for k, v in value.items())
    if kind is list or kind is tuple:
        return all(_fine(v) for v in value)
    return value_problem(value) is None


_camel = functools.lru_cache(maxsize=None)(to_camel)
_KINDS = {}  # (schema class, field name) -> its plain type (int for Optional[int]...)


def _kind(cls, name):
    try:
        return _KINDS[cls, name]
    except KeyError:
        kind = _KINDS[cls, name] = _plain_type(cls.__pydantic_fields__[name].annotation)
        return kind


def _join(where, key):
    return f"{where}.{key}" if where else str(key)


ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _plain_type(annotation):
    """int for Optional[int], and so on; None for anything else (lists, Literals, models)."""
    if get_origin(annotation) in (Union, UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        annotation = args[0] if len(args) == 1 else None
    return annotation if annotation in (bool, int, float, str, date, datetime) else None


def json_type_problem(kind, value):
    """Values as JSON Schema types them: pydantic's lax mode would take "true" or 1 for a
    boolean and "0" for a date (the Unix epoch), which the OpenAPI document does not allow."""
    if value is None:
        return None
    if kind is bool and not isinstance(value, bool):
        return "must be true or false"
    if kind is int and (isinstance(value, bool) or not isinstance(value, (int, float))):
        return "must be an integer"
    if kind is float and (isinstance(value, bool) or not isinstance(value, (int, float))):
        return "must be a number"
    if kind is str and not isinstance(value, str):
        return "must be text"
    if kind in (date, datetime) and not (isinstance(value, str) and ISO_DATE.match(value)):
        return "must be an ISO 8601 date (YYYY-MM-DD...)"
    return None


class Strict(BaseModel):
    """Any schema the server validates input with. `unchecked` names fields whose values
    are checked later, one by one (a push's mutation args: one bad mutation must not refuse
    the whole batch). Query strings are validated with context {"query": True}: their values
    are all text, so numbers and booleans are read from text there."""

    model_config = ConfigDict(allow_inf_nan=False)
    unchecked: ClassVar[frozenset] = frozenset()

    @field_validator("*", mode="before")
    @classmethod
    def _json_types(cls, value, info):
        if info.field_name in cls.unchecked:
            return value
        kind = _kind(cls, info.field_name)
        if kind is int and isinstance(value, float) and value.is_integer():
            return int(value)  # 312.0 is an integer in JSON (and JSON Schema)
        query = (info.context or {}).get("query")
        if query and kind not in (date, datetime):
            return value
        problem = json_type_problem(kind, value)
        if problem:
            raise ValueError(f"{_camel(info.field_name)} {problem}")
        return value

    @field_validator("*", mode="after")
    @classmethod
    def _values(cls, value, info):
        if info.field_name in cls.unchecked or isinstance(value, BaseModel) or _fine(value):
            return value  # nested models check their own fields
        problem = value_problem(value, _camel(info.field_name))
        if problem:
            raise ValueError(problem)
        return value


class Body(Strict):
    model_config = ConfigDict(
        alias_generator=to_camel, populate_by_name=True, extra="forbid", str_strip_whitespace=True
    )


def parse_body(schema):
    data = request.get_json(silent=True)
    if data is None:
        raise ApiError(400, Code.INVALID_JSON, "The request body must be a JSON object.")
    return parse(schema, data, query=False)


def parse(schema, data, query=True):
    """Validate a query string's values (query=True: text read as numbers where the schema
    says so) or a JSON body (query=False: JSON types as the schema says)."""
    if not isinstance(data, dict):
        raise ApiError(400, Code.INVALID_JSON, "The request body must be a JSON object.")
    try:
        return schema.model_validate(data, context={"query": query})
    except ValidationError as exc:
        raise ApiError(
            400,
            Code.VALIDATION_ERROR,
            "Some fields are missing or invalid.",
            validation_details(exc),
        ) from None
