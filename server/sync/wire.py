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
    data, values, related = {}, record.__data__, record.__rel__
    for name, key, name_key in _fields_on_the_wire(type(record)):
        if name_key is None:
            data[key] = jsonable(values.get(name))
        else:
            data[key] = values.get(name)
            person = related.get(name)
            data[name_key] = person.name if person is not None else None
    return data


@lru_cache(maxsize=None)
def _fields_on_the_wire(model):
    """(attribute, wire key, wire key of the linked person's name or None) of each public
    field, worked out once per model rather than once per record of every pull."""
    return tuple(
        (field.name, to_camel(field.name) + "Id", to_camel(field.name) + "Name")
        if isinstance(field, ForeignKeyField)
        else (field.name, to_camel(field.name), None)
        for field in model._meta.sorted_fields
        if field.name not in INTERNAL
    )
