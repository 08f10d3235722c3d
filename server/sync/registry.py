"""What the sync engine knows about each synced entity.

Adding an entity is a matter of a schema and a handler: describe it with an `Entity` and
`register()` it. The engine does ordering, exactly-once, versions, revisions, merges and pull.
"""
from dataclasses import dataclass
from typing import Callable

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel


class Schema(BaseModel):
    """Mutation args: camelCase on the wire, unknown fields refused."""
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True,
                              extra="forbid", str_strip_whitespace=True)


class MutationRejected(Exception):
    def __init__(self, code, message, details=None):
        super().__init__(message)
        self.code, self.message, self.details = code, message, details


@dataclass
class Entity:
    type: str                      # "observation": the prefix of mutation names and pull type
    model: type                    # a SyncedModel subclass
    create_schema: type            # Schema for <type>.create
    update_schema: type            # Schema for <type>.update (all fields optional)
    build: Callable                # (scope, args: dict of model fields) -> unsaved model instance
    to_data: Callable              # (record) -> dict sent in pull
    relevant: Callable             # (scope) -> peewee expression: rows whose changes concern scope
    visible: Callable              # (scope, record) -> bool
    may_create: Callable           # (scope, fields) -> None or raise MutationRejected
    may_change: Callable           # (scope, record, fields) -> None or raise MutationRejected
    fields: dict                   # wire name -> model attribute, for updates and merges
    select: Callable = None        # () -> base query for pull (joins what to_data needs)


ENTITIES: dict = {}


def register(entity):
    ENTITIES[entity.type] = entity
    return entity
