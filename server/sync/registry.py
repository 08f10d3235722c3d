"""What the sync engine knows about each synced entity.

Adding an entity is a matter of a schema and a handler: describe it with an `Entity` and
`register()` it. Schema field names are the model's attribute names (snake_case); on the wire
and in revisions they are camelCase. The engine does ordering, exactly-once, versions,
revisions, merges and pull.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Callable, Optional

from pydantic import ConfigDict
from pydantic.alias_generators import to_camel

from ..db import records_with_ids
from ..validation import Strict
from .wire import record_data


class Schema(Strict):
    """Mutation args: camelCase on the wire, unknown fields refused, values as DESIGN.md
    "Values" says (see validation.Strict)."""

    model_config = ConfigDict(
        alias_generator=to_camel, populate_by_name=True, extra="forbid", str_strip_whitespace=True
    )


class MutationRejected(Exception):
    def __init__(self, code, message, details=None):
        super().__init__(message)
        self.code, self.message, self.details = code, message, details


@dataclass
class Entity:
    type: str  # "observation": the prefix of mutation names and pull type
    model: type  # a SyncedModel subclass (its derive() computes stored fields)
    create_schema: type  # Schema for <type>.create
    update_schema: type  # Schema for <type>.update (all fields optional)
    relevant: Callable  # (scope) -> peewee expression: rows whose changes concern scope
    visible: Callable  # (scope, record) -> bool
    may_create: Callable  # (scope, fields) -> None or raise MutationRejected
    may_change: Callable  # (scope, record, fields or None for a delete) -> None or raise
    to_data: Callable = record_data  # (record) -> dict sent in pull
    # The server's own part of a write, each hook on one side:
    fill_on_create: Optional[Callable] = None  # (scope, fields) -> fields plus what the server sets
    fill_on_update: Optional[Callable] = None  # (scope, record, applied) sets more on the record
    # Creates checked before the write lock: their checks read nothing a mutation writes but
    # records looked up with record_by_id(), whose versions are compared again under the lock
    # (engine._still_as_read); a create whose check failed after reading a record, or whose
    # records changed meanwhile, is decided again under the lock.
    checks_before_lock: bool = False
    # No update changes what other records' checks read of this one (its author, learner,
    # deletion): a mutation naming it need not wait for a pending update of it (engine._groups).
    updates_keep_references: bool = False
    # What one reader may see (decided in access.py): `redact` trims a record's data, or one
    # revision's changes, for this reader; `redact_many` does it for many at once (a pull
    # page); `history_for` picks the revisions they may read.
    redact: Optional[Callable] = None  # (scope, data) -> data
    redact_many: Optional[Callable] = None  # (scope, [data]) -> [data]
    history_for: Optional[Callable] = None  # (scope, record, revisions) -> revisions

    def data_for(self, scope, record):
        """The record as this reader receives it in a pull."""
        data = self.to_data(record)
        return self.redact(scope, data) if self.redact else data

    def data_for_many(self, scope, records):
        """data_for of many records, with one redaction for all of them where there is one."""
        if not self.redact_many:
            return [self.data_for(scope, record) for record in records]
        return self.redact_many(scope, [self.to_data(record) for record in records])

    def new_record(self, scope, fields):
        return self.model(author=scope.id, **fields)


ENTITIES: dict = {}

# While the engine decides a group of mutations (engine._apply_batch): the ids its mutations
# name, and the records among them already looked up.
_GROUP_READS: ContextVar = ContextVar("group_reads", default=None)


@contextmanager
def group_reads(names, track=False):
    """While deciding mutations that name `names`: record_by_id() loads them once per model.
    With `track`, it also notes in the yielded dict's "seen" each (model, id, version) read;
    the engine sets "seen" to a new list before each check it wants to follow."""
    reads = {"names": names, "loaded": set(), "records": {}, "seen": [] if track else None}
    token = _GROUP_READS.set(reads)
    try:
        yield reads
    finally:
        _GROUP_READS.reset(token)


def record_by_id(model, record_id):
    """A synced record by id, for a check that reads a record a mutation names (a check-in's
    challenge, say). In a group, the first lookup of a model loads every record of it the
    group names, in one query: the group's own writes cannot change what checks read of them
    (engine._groups), so this is what the database would answer one mutation at a time."""
    reads = _GROUP_READS.get()
    if reads is None:
        return model.get_or_none(model.id == record_id)
    if record_id not in reads["names"]:
        record = model.get_or_none(model.id == record_id)
    else:
        record = _group_record(reads, model, record_id)
    if reads.get("seen") is not None:
        # Checked before the write lock: what was read, to be compared under it (engine).
        reads["seen"].append((model, record_id, record.version if record else None))
    return record


def _group_record(reads, model, record_id):
    if model not in reads["loaded"]:
        reads["loaded"].add(model)
        reads["records"].update({(model, r.id): r for r in records_with_ids(model, reads["names"])})
    return reads["records"].get((model, record_id))


def register(entity):
    ENTITIES[entity.type] = entity
    return entity
