"""The one validation layer: request bodies and query strings through pydantic models."""
from flask import request
from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic.alias_generators import to_camel

from .errors import ApiError, validation_details


class Body(BaseModel):
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
