"""What the sync engine knows about each synced entity.

Adding an entity is a matter of a schema and a handler: describe it with an `Entity` and
`register()` it. Schema field names are the model's attribute names (snake_case); on the wire
and in revisions they are camelCase. The engine does ordering, exactly-once, versions, revisions, merges and pull.
"""
from dataclasses import dataclass
from typing import Callable, Optional

from pydantic import ConfigDict
from pydantic.alias_generators import to_camel

from ..validation import Strict
from .wire import record_data


class Schema(Strict):
    """Mutation args: camelCase on the wire, unknown fields refused, values as DESIGN.md
    "Values" says (see validation.Strict)."""
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
    relevant: Callable             # (scope) -> peewee expression: rows whose changes concern scope
    visible: Callable              # (scope, record) -> bool
    may_create: Callable           # (scope, fields) -> None or raise MutationRejected
    may_change: Callable           # (scope, record, fields or None for a delete) -> None or raise
    select: Optional[Callable] = None  # () -> base query for pull (joins the linked people)
    build: Optional[Callable] = None   # (scope, fields) -> unsaved record; default: authored
    to_data: Callable = record_data    # (record) -> dict sent in pull
    # Creates whose checks read nothing a mutation writes may be validated before the write
    # lock and inserted in bulk (see engine._apply_creates).
    batch_create: bool = False
    on_change: Callable = None     # (scope, record, applied fields) before an update is saved
    prepare: Callable = None       # (scope, fields) -> fields derived on create (e.g. learner)
    # What one reader may see (decided in access.py): `redact` trims a record's data, or one
    # revision's changes, for this reader; `history_for` picks the revisions they may read.
    redact: Optional[Callable] = None       # (scope, data) -> data
    history_for: Optional[Callable] = None  # (scope, record, revisions) -> revisions

    def data_for(self, scope, record):
        """The record as this reader receives it in a pull."""
        data = self.to_data(record)
        return self.redact(scope, data) if self.redact else data

    def new_record(self, scope, fields):
        if self.build:
            return self.build(scope, fields)
        return self.model(author=scope.id, **fields)


ENTITIES: dict = {}


def register(entity):
    ENTITIES[entity.type] = entity
    return entity
