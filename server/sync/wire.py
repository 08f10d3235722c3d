"""How records look on the wire: camelCase keys, ISO times with Z, linked people's names."""
from datetime import date, datetime
from functools import lru_cache

from peewee import ForeignKeyField
from pydantic.alias_generators import to_camel as _to_camel

INTERNAL = {"version", "deleted", "shared_once"}

to_camel = lru_cache(maxsize=512)(_to_camel)  # a handful of field names, called per record


def jsonable(value):
    if isinstance(value, datetime):
        return value.isoformat(timespec="milliseconds") + "Z"
    if isinstance(value, date):
        return value.isoformat()
    return value


def wire(fields):
    """Model attribute names and values -> wire names and JSON values."""
    return {to_camel(attr): jsonable(value) for attr, value in fields.items()}


def record_data(record):
    """Every public field of a record, with the names of the people it links (when they were
    looked up: see engine._attach_people)."""
    data = {}
    for field in record._meta.sorted_fields:
        if field.name in INTERNAL:
            continue
        if isinstance(field, ForeignKeyField):
            data[to_camel(field.name) + "Id"] = getattr(record, field.column_name)
            related = record.__rel__.get(field.name)
            data[to_camel(field.name) + "Name"] = related.name if related is not None else None
        else:
            data[to_camel(field.name)] = jsonable(getattr(record, field.name))
    return data
