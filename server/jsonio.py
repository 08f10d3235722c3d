"""Strict JSON in and out (DESIGN.md, "Values").

Python's json module reads `NaN`, `Infinity` and `1e999` (which overflows to inf) and writes
them back, but they are not JSON: a browser's `JSON.parse` fails on a pull that carries one,
and every later sync of everyone who may see that record fails with it. So requests holding
them are refused at parse (400) and responses never contain them. Deeply nested documents are
refused too, before they can exhaust the interpreter's recursion limit (a 500).
"""

import json
import math

from flask.json.provider import DefaultJSONProvider

from .errors import ApiError

# The deepest document a client sends is a push: body > mutations > mutation > args > details
# > list > item > list. 64 leaves ample room and keeps every walk over a document cheap.
MAX_DEPTH = 64


class StrictJSONError(ApiError):
    def __init__(self, message):
        super().__init__(400, "invalid_json", message)


def _refuse_constant(name):
    raise StrictJSONError(f"{name} is not a JSON number: send finite numbers only.")


def _finite_float(text):
    value = float(text)
    if not math.isfinite(value):
        raise StrictJSONError(
            f"The number {text[:40]} is too large: send finite numbers "
            "within the range of a 64-bit float."
        )
    return value


def too_deep(document, limit=MAX_DEPTH):
    """True when lists and objects nest deeper than `limit` (iterative: no recursion)."""
    stack = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            value = value.values()
        elif not isinstance(value, list):
            continue
        if depth > limit:
            return True
        stack.extend((item, depth + 1) for item in value if isinstance(item, (dict, list)))
    return False


def strict_loads(text):
    try:
        document = json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float)
    except RecursionError:
        raise StrictJSONError(f"The JSON document nests deeper than {MAX_DEPTH} levels.") from None
    if too_deep(document):
        raise StrictJSONError(f"The JSON document nests deeper than {MAX_DEPTH} levels.")
    return document


def finite_only(value):
    """A copy of `value` with every non-finite float replaced by None (null)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: finite_only(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite_only(item) for item in value]
    return value


class StrictJSONProvider(DefaultJSONProvider):
    """request.get_json() refuses what is not strict JSON; responses are strict JSON."""

    def loads(self, s, **kwargs):
        if isinstance(s, (bytes, bytearray)):
            s = s.decode("utf-8")  # as json.loads does; a bad encoding is a ValueError (400)
        return strict_loads(s)

    def dumps(self, obj, **kwargs):
        kwargs.setdefault("default", self.default)
        kwargs.setdefault("ensure_ascii", self.ensure_ascii)
        kwargs.setdefault("sort_keys", self.sort_keys)
        try:
            return json.dumps(obj, allow_nan=False, **kwargs)
        except ValueError:
            # A non-finite value stored before values were checked: send null rather than
            # text no browser can parse (which would break every sync that carries it).
            from flask import current_app

            current_app.logger.warning("a non-finite number was replaced by null in a response")
            return json.dumps(finite_only(obj), allow_nan=False, **kwargs)


def init_app(app):
    app.json_provider_class = StrictJSONProvider
    app.json = StrictJSONProvider(app)
    app.json.sort_keys = False
