"""The one validation layer: request bodies and query strings through pydantic models.

Every schema (request bodies here, sync mutation args in sync.registry, a challenge's parts)
derives from `Strict`, which enforces DESIGN.md's "Values" on every field, nested dicts and
lists included: text without NUL or unpaired surrogates (PostgreSQL cannot store NUL, and a
lone surrogate is not Unicode), integers that fit a signed 64-bit column, finite floats, and
dates between 1900 and 2200 (after conversion to UTC, which can overflow a datetime).
"""
import math
import re
from datetime import date, datetime, timezone
from typing import ClassVar

from flask import request
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator
from pydantic.alias_generators import to_camel

from .errors import ApiError, validation_details

INT64_MIN, INT64_MAX = -2 ** 63, 2 ** 63 - 1
FIRST_YEAR, LAST_YEAR = 1900, 2200
BAD_TEXT = re.compile("[\x00\ud800-\udfff]")


def value_problem(value, where=""):
    """What breaks the Values contract in `value` (walking dicts and lists), or None."""
    if isinstance(value, str):
        if BAD_TEXT.search(value):
            return f"{where or 'text'}: text must not contain NUL characters or unpaired " \
                "surrogates"
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


def _join(where, key):
    return f"{where}.{key}" if where else str(key)


class Strict(BaseModel):
    """Any schema the server validates input with. `unchecked` names fields whose values
    are checked later, one by one (a push's mutation args: one bad mutation must not refuse
    the whole batch)."""
    model_config = ConfigDict(allow_inf_nan=False)
    unchecked: ClassVar[frozenset] = frozenset()

    @field_validator("*", mode="after")
    @classmethod
    def _values(cls, value, info):
        if info.field_name in cls.unchecked or isinstance(value, BaseModel):
            return value  # nested models check their own fields
        problem = value_problem(value, to_camel(info.field_name))
        if problem:
            raise ValueError(problem)
        return value


class Body(Strict):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True,
                              extra="forbid", str_strip_whitespace=True)


def parse_body(schema):
    data = request.get_json(silent=True)
    if data is None:
        raise ApiError(400, "invalid_json", "The request body must be a JSON object.")
    return parse(schema, data)


def parse(schema, data):
    if not isinstance(data, dict):
        raise ApiError(400, "invalid_json", "The request body must be a JSON object.")
    try:
        return schema.model_validate(data)
    except ValidationError as exc:
        raise ApiError(400, "validation_error", "Some fields are missing or invalid.",
                       validation_details(exc)) from None
