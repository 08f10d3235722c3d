"""The sync engine (after Replicache's push/pull).

push: mutations of one client apply in order, each exactly once. The client's lastMutationId
advances in the same transaction as the changes it covers, so a lost response or a replay can
never apply anything twice. A mutation that fails validation or permission is rejected and
stored whole with its reason, and still advances lastMutationId: one bad item never blocks
the queue and nothing vanishes. That holds for a failure of *any* kind while applying one
mutation (a value the database refuses, a bug): it is rejected alone, as "server_error", and
logged. Only an unavailable database stops the batch (503, nothing committed).

pull: every change this person may see since a cursor, in commit order (see db.py).
"""

import json
import logging
import operator
import sqlite3
from collections import defaultdict
from functools import reduce

import psycopg2
from peewee import DatabaseError, ForeignKeyField, IntegrityError, InterfaceError, OperationalError
from pydantic import ValidationError
from pydantic.alias_generators import to_camel

from ..db import (
    Prepared,
    database,
    db_values,
    ids_present,
    next_version,
    records_with_ids,
    write_transaction,
    Writes,
)
from ..errors import ApiError, Code, validation_details
from ..telemetry import failure
from ..models import Person, RejectedMutation, Revision, SyncClient, SyncCounter, utcnow
from .registry import ENTITIES, MutationRejected, Schema, group_reads
from ..validation import BAD_TEXT
from .wire import jsonable, wire

log = logging.getLogger(__name__)

# The database is unreachable, locked or gone: no mutation can be judged, so the batch stops
# and the device retries it whole (503). Every other failure belongs to one mutation.
UNAVAILABLE = (OperationalError, InterfaceError)


class DeleteArgs(Schema):
    id: str
    base_version: int


# --- push -------------------------------------------------------------------------------


def push(scope, client_id, mutations):
    # What reads nothing a mutation writes runs before the write lock, so the lock is held
    # for the checks that must see the latest writes and for the writes alone: every
    # mutation's envelope and schema, and the whole check of creates marked
    # `checks_before_lock`.
    parsed = {m.id: _parse(scope, m) for m in mutations}
    _check_before_lock(scope, mutations, parsed)
    _prepare_creates(scope, client_id, mutations, parsed)
    try:
        return _push_locked(scope, client_id, mutations, parsed, savepoints=False)
    except _RunAgain as again:
        log.info("push run again with a savepoint per group: %s", failure(again.__cause__, False))
        return _push_locked(scope, client_id, mutations, parsed, savepoints=True)


class _RunAgain(Exception):
    """A group of mutations applied without a savepoint failed: the push's transaction is
    rolled back whole, and the push runs again with savepoints (_apply_group)."""


def _push_locked(scope, client_id, mutations, parsed, savepoints):
    with write_transaction():
        client = _client_for(scope, client_id, create=True)
        last = client.last_mutation_id
        fresh = [m for m in mutations if m.id > last]
        if fresh and fresh[0].id != last + 1:
            raise ApiError(
                409,
                Code.MUTATION_GAP,
                f"The server has changes up to {last}; send from {last + 1}.",
                {"expected": last + 1, "lastMutationId": last},
            )
        results = [{"id": m.id, "status": "duplicate"} for m in mutations if m.id <= last]
        for group in _groups(fresh, parsed):
            if len(group) > 1:
                results.extend(_apply_group(scope, client, group, parsed, savepoints))
            else:
                results.append(_apply_one(scope, client, group[0]))
        client.last_mutation_id = max(last, fresh[-1].id if fresh else last)
        client.last_seen_at = utcnow()
        _CLIENT_SEEN.execute(client.last_mutation_id, client.last_seen_at, client.id)
    return {"lastMutationId": client.last_mutation_id, "results": results}


_CLIENT = Prepared(lambda client_id: SyncClient.select().where(SyncClient.id == client_id))
_NEW_CLIENT = Prepared(
    lambda client_id, person_id, now: SyncClient.insert(
        id=client_id, person=person_id, last_mutation_id=0, created_at=now, last_seen_at=now
    )
)
_CLIENT_SEEN = Prepared(
    lambda last, now, client_id: SyncClient.update(last_mutation_id=last, last_seen_at=now).where(
        SyncClient.id == client_id
    )
)


def _client_for(scope, client_id, create=False):
    client = _CLIENT.first(client_id)
    if client is None and create:
        now = utcnow()
        _NEW_CLIENT.execute(client_id, scope.id, now)
        client = SyncClient(
            id=client_id, person=scope.id, last_mutation_id=0, created_at=now, last_seen_at=now
        )
    if client is not None and client.person_id != scope.id:
        raise ApiError(
            403,
            Code.CLIENT_OF_ANOTHER_PERSON,
            "This device's sync queue belongs to another person. Sign in as that "
            "person to send it, or reset the app's data on this device.",
        )
    return client


def _check_envelope(mutation):
    """The parts of a mutation outside its args, which its schema does not see."""
    if mutation.at is not None and BAD_TEXT.search(mutation.at):
        raise MutationRejected(
            Code.VALIDATION_ERROR,
            "The device time of this change holds characters that are not text.",
            [{"loc": "at"}],
        )


def _rejection(exc, mutation):
    """(code, message, details) for a mutation the server refuses."""
    if isinstance(exc, MutationRejected):
        return exc.code, exc.message, exc.details
    if isinstance(exc, ValidationError):
        return (
            Code.VALIDATION_ERROR,
            "Some fields of this change are missing or invalid.",
            validation_details(exc),
        )
    if isinstance(exc, IntegrityError):
        return Code.INTEGRITY_ERROR, "This change refers to something that does not exist."
    # Not the device's fault as far as we know: a value the database refused, or a bug. The
    # stack trace goes to the log; the device gets a reason without internals.
    log.error(
        "mutation %s (%s) failed; rejected alone: %s", mutation.id, mutation.name, failure(exc)
    )
    return (
        Code.SERVER_ERROR,
        "The server could not apply this change. It is kept on the "
        "server for review; your other changes are not affected.",
        None,
    )


def _reject(client, mutation, code, message, details=None):
    try:
        with database.atomic():
            _store_rejected(client, mutation, code, message, details)
    except UNAVAILABLE:
        raise
    except Exception as exc:  # noqa: BLE001 - details the database refuses must not lose the args
        log.error("storing rejected mutation %s without its details: %s", mutation.id, failure(exc))
        with database.atomic():
            _store_rejected(client, mutation, code, message, None)
    return {
        "id": mutation.id,
        "status": "rejected",
        "error": {"code": code, "message": message, "details": details},
    }


def _store_rejected(client, mutation, code, message, details):
    """Args are stored as JSON text with every non-ASCII character escaped, so NUL and lone
    surrogates survive as \\u escapes (PostgreSQL refuses them raw). The name and device time
    are kept the same way when they hold such characters."""
    RejectedMutation.create(
        client=client,
        mutation_id=mutation.id,
        name=_storable(mutation.name, 64),
        args=mutation.args,
        at=_storable(mutation.at, 64),
        code=code,
        message=_storable(message),
        details=details,
    )


def _storable(text, size=None):
    if text is None or not BAD_TEXT.search(text):
        return text
    return json.dumps(text)[1:-1][:size]


# --- what one mutation decides ------------------------------------------------------------
# Both paths below share these: one mutation at a time in its own savepoint, and a group of
# independent mutations decided from records and revisions loaded in bulk, then written in
# bulk. A decision reads the record and its revisions as given and writes nothing: it returns
# the status and the write (a record to insert or update, and its revision) or raises.


class _Write:
    __slots__ = ("entity", "record", "insert", "revision", "row")

    def __init__(self, entity, record, insert, revision, row=None):
        self.entity, self.record, self.insert, self.revision = entity, record, insert, revision
        # A create prepared before the lock (_prepare_creates): (its columns, their values
        # for the driver with the version to fill in, the version's place, the revision's
        # values for the driver but its version and time).
        self.row = row


def _schema_for(entity, verb):
    if entity is None:
        return None
    return {
        "create": entity.create_schema,
        "update": entity.update_schema,
        "delete": DeleteArgs,
    }.get(verb)


def _parse_args(mutation):
    """(entity, verb, validated args), or raise: what a mutation is, read from itself only."""
    _check_envelope(mutation)
    type_, _, verb = mutation.name.partition(".")
    entity = ENTITIES.get(type_)
    schema = _schema_for(entity, verb)
    if schema is None:
        raise MutationRejected(
            Code.UNKNOWN_MUTATION,
            f"'{_storable(mutation.name)}' is not a change this server knows.",
        )
    return entity, verb, schema.model_validate(mutation.args)


def _create_fields(entity, scope, args):
    """Permission-check a validated create: (record id, fields), or raise."""
    fields = args.model_dump(exclude={"id"})
    if entity.fill_on_create:
        fields = entity.fill_on_create(scope, fields)
    entity.may_create(scope, fields)
    return args.id, fields


def _revision_row(entity, record_id, op, client, mutation, changes, conflicts=None, base=None):
    return {
        "entity": entity.type,
        "record_id": record_id,
        "base_version": base,
        "op": op,
        "author": client.person_id,
        "client_id": client.id,
        "mutation_id": mutation.id,
        "changes": changes,
        "conflicts": conflicts,
        "device_at": mutation.at,
    }


def _decide_create(entity, scope, client, mutation, planned, exists):
    """`planned`: (record id, fields) from _create_fields; `exists`: whether that id is taken."""
    record_id, fields = planned
    if exists:
        raise MutationRejected(Code.ID_TAKEN, "A record with this id already exists.")
    record = entity.new_record(scope, fields)
    record.id = record_id
    return "applied", _Write(
        entity,
        record,
        True,
        _revision_row(entity, record_id, "create", client, mutation, wire(fields)),
    )


def _check_change(entity, scope, record, record_id, fields):
    if record is None or record.id != record_id or not entity.visible(scope, record):
        raise MutationRejected(
            Code.NOT_FOUND, f"This {entity.type} does not exist, or you may not see it."
        )
    entity.may_change(scope, record, fields)


def _changed_fields(rows):
    """Wire names of the fields changed by `rows`: other devices' revisions since a base."""
    changed = set()
    for row in rows:
        changed.update((row.changes or {}).keys())
    return changed


def _touched(entity, record, op, client, mutation, changes, conflicts, base, flag=False):
    record.updated_at = utcnow()
    record.flagged = record.flagged or flag
    return _Write(
        entity,
        record,
        False,
        _revision_row(entity, record.id, op, client, mutation, changes, conflicts, base),
    )


def _decide_update(entity, scope, client, mutation, args, record, others_rows):
    patch = args.model_dump(exclude_unset=True, exclude={"id", "base_version"})
    # `resolve: true` clears the conflict flag once someone has reviewed the record.
    resolve = bool(patch.pop("resolve", False))
    _check_change(entity, scope, record, args.id, patch | ({"flagged": False} if resolve else {}))
    base = args.base_version
    if record.deleted:
        # Edit after delete: the delete stands; the edit is kept in the history for review.
        return "conflict", _touched(
            entity, record, "update", client, mutation, {}, wire(patch), base
        )
    others = _changed_fields(others_rows())
    applied, conflicts = {}, {}
    for attr, value in patch.items():
        if getattr(record, attr) == value:
            continue
        if to_camel(attr) in others:
            conflicts[to_camel(attr)] = jsonable(value)
        else:
            applied[attr] = value
    resolving = resolve and record.flagged
    if not applied and not conflicts and not resolving:
        return ("merged" if others else "applied"), None
    for attr, value in applied.items():
        setattr(record, attr, value)
    if entity.fill_on_update and applied:
        entity.fill_on_update(scope, record, applied)
    if resolving:
        record.flagged = False
    changes = wire(applied) | ({"flagged": False} if resolving else {})
    write = _touched(
        entity,
        record,
        "update",
        client,
        mutation,
        changes,
        conflicts or None,
        base,
        flag=bool(conflicts),
    )
    if conflicts:
        return "conflict", write
    return ("merged" if others else "applied"), write


def _decide_delete(entity, scope, client, mutation, args, record, others_rows):
    _check_change(entity, scope, record, args.id, None)
    if record.deleted:
        return "applied", None
    if others_rows():
        # A stale delete: someone changed the record since this device saw it. Keep it, flag it.
        return "conflict", _touched(
            entity,
            record,
            "delete",
            client,
            mutation,
            {},
            {"deleted": True},
            args.base_version,
            flag=True,
        )
    record.deleted = True
    return "applied", _touched(
        entity, record, "delete", client, mutation, {"deleted": True}, None, args.base_version
    )


# --- one mutation at a time, in its own savepoint ------------------------------------------


def _apply_one(scope, client, mutation):
    try:
        # A savepoint: a rejected mutation leaves no trace but its record, and on PostgreSQL
        # rolling back to it keeps the batch's transaction usable after a failed statement.
        with database.atomic():
            status, write = _decide_one(scope, client, mutation)
            if write is not None:
                write.record.version = next_version()
                write.record.save(force_insert=write.insert)
                Revision.create(version=write.record.version, **write.revision)
        return {"id": mutation.id, "status": status}
    except UNAVAILABLE:
        raise
    except Exception as exc:  # noqa: BLE001 - any failure rejects this mutation alone
        return _reject(client, mutation, *_rejection(exc, mutation))


def _decide_one(scope, client, mutation):
    entity, verb, args = _parse_args(mutation)
    model = entity.model
    if verb == "create":
        planned = _create_fields(entity, scope, args)
        exists = model.get_or_none(model.id == planned[0]) is not None
        return _decide_create(entity, scope, client, mutation, planned, exists)
    record = model.get_or_none(model.id == args.id)

    def others_rows():
        return list(
            Revision.select(Revision.changes).where(
                (Revision.entity == entity.type)
                & (Revision.record_id == record.id)
                & (Revision.version > args.base_version)
                & _by_others(client.id)
            )
        )

    decide = _decide_update if verb == "update" else _decide_delete
    return decide(entity, scope, client, mutation, args, record, others_rows)


def _by_others(client_id):
    return (Revision.client_id != client_id) | Revision.client_id.is_null()


# --- groups of independent mutations, decided and written in bulk ------------------------


class _Parsed:
    """A mutation as far as it can be judged before the write lock."""

    __slots__ = ("entity", "verb", "args", "error", "planned", "target", "refs", "write", "reads")

    def __init__(self):
        self.entity = self.verb = self.args = self.error = self.planned = self.target = None
        self.write = None  # a create ready to insert (_prepare_creates)
        self.refs = frozenset()
        self.reads = ()  # (model, id, version) of the records its check read before the lock


def _parse(scope, mutation):
    parsed = _Parsed()
    try:
        parsed.entity, parsed.verb, parsed.args = _parse_args(mutation)
        parsed.target = parsed.args.id
        parsed.refs = _strings(mutation.args) - {parsed.target}
    except UNAVAILABLE:
        raise
    except Exception as exc:  # noqa: BLE001 - rejected alone, under the lock
        parsed.error = exc
    return parsed


def _check_before_lock(scope, mutations, parsed):
    """The whole check of creates marked `checks_before_lock`, before the write lock. The
    records their checks read (a check-in's challenge) are looked up once for the push and
    noted with their versions; _still_as_read compares them under the lock. A check that
    failed after reading a record is not final (the record may be created or changed before
    the lock, by this push or another device): that create is decided under the lock."""
    early = [
        (m, parsed[m.id])
        for m in mutations
        if parsed[m.id].error is None
        and parsed[m.id].verb == "create"
        and parsed[m.id].entity.checks_before_lock
    ]
    if not early:
        return
    with group_reads(set().union(*(p.refs for _, p in early)), track=True) as reads:
        for _, p in early:
            reads["seen"] = []
            try:
                p.planned = _create_fields(p.entity, scope, p.args)
                p.reads = tuple(reads["seen"])
            except UNAVAILABLE:
                raise
            except Exception as exc:  # noqa: BLE001 - rejected alone, under the lock
                if not reads["seen"]:
                    p.error = exc  # refused on its face: nothing it read can change


def _strings(value):
    """Every string in a mutation's args: the ids it may refer to."""
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        value = value.values()
    elif not isinstance(value, list):
        return set()
    found = set()
    for item in value:
        found |= _strings(item)
    return found


def _groups(mutations, parsed):
    """Split into groups whose mutations may be decided from the state before the group: a
    mutation starts a new group when it changes a record the group already writes, or refers
    to one the group creates, deletes or updates in a way references see (see
    Entity.updates_keep_references). A mutation refused on its face reads nothing."""
    groups, writes, seen_by_references = [], set(), set()
    for mutation in mutations:
        p = parsed[mutation.id]
        independent = p.error is not None or (
            p.target not in writes and not (p.refs & seen_by_references)
        )
        if groups and independent:
            groups[-1].append(mutation)
        else:
            groups.append([mutation])
            writes, seen_by_references = set(), set()
        if p.error is None:
            writes.add(p.target)
            if p.verb != "update" or not p.entity.updates_keep_references:
                seen_by_references.add(p.target)
    return groups


def _apply_group(scope, client, group, parsed, savepoint):
    """Apply a group in bulk. With `savepoint`, a failure rolls the group back to it and its
    mutations are applied one at a time, so only the culprit is rejected. Without one (the
    first run of every push: a savepoint costs two round trips under the write lock, and a
    group seldom fails) a failure raises _RunAgain, and the push runs again with them."""
    if not savepoint:
        try:
            return _apply_batch(scope, client, group, parsed)
        except UNAVAILABLE:
            raise
        except Exception as exc:  # noqa: BLE001 - see the docstring
            raise _RunAgain() from exc
    try:
        with database.atomic():
            return _apply_batch(scope, client, group, parsed)
    except UNAVAILABLE:
        raise
    except Exception:  # noqa: BLE001
        # A statement failed (a value the database refuses, a duplicate id another request
        # just wrote) or a bug in the bulk path: the group is rolled back to its savepoint
        # and applied one mutation at a time, so only the culprit is rejected.
        return [_apply_one(scope, client, m) for m in group]


DATABASE_ERRORS = (DatabaseError, sqlite3.Error, psycopg2.Error)


def _apply_batch(scope, client, group, parsed):
    records = _load_records(group, parsed)
    _still_as_read(group, parsed, records)
    since = _revisions_since(client, group, parsed, records)
    with group_reads(set().union(*(parsed[m.id].refs for m in group))):
        return _decide_and_write(scope, client, group, parsed, records, since)


def _decide_and_write(scope, client, group, parsed, records, since):
    results, writes = [], []
    for mutation in group:
        p = parsed[mutation.id]
        try:
            if p.error is not None:
                raise p.error
            status, write = _decide_in_group(scope, client, mutation, p, records, since)
        except DATABASE_ERRORS:
            raise  # the transaction may be unusable: the whole group goes one by one
        except Exception as exc:  # noqa: BLE001 - any other failure rejects it alone
            results.append(_reject(client, mutation, *_rejection(exc, mutation)))
            continue
        results.append({"id": mutation.id, "status": status})
        if write is not None:
            writes.append(write)
    _write_all(writes)
    return results


def _decide_in_group(scope, client, mutation, p, records, since):
    key = (p.entity.type, p.target)
    if p.write is not None:
        return "applied", p.write  # decided before the lock (_prepare_creates)
    if p.verb == "create":
        planned = p.planned or _create_fields(p.entity, scope, p.args)
        return _decide_create(p.entity, scope, client, mutation, planned, key in records)
    decide = _decide_update if p.verb == "update" else _decide_delete
    return decide(
        p.entity, scope, client, mutation, p.args, records.get(key), lambda: since.get(key, ())
    )


def _load_records(group, parsed):
    """The records the group's mutations name, and those that creates checked before the lock
    read, in one query per entity."""
    wanted = defaultdict(set)
    for mutation in group:
        p = parsed[mutation.id]
        if p.error is None and p.write is None:
            wanted[p.entity.type].add(p.target)
        for model, record_id, _ in p.reads if _checked_before_lock(p) else ():
            wanted[_type_of(model)].add(record_id)
    records = {}
    for type_, ids in wanted.items():
        for record in records_with_ids(ENTITIES[type_].model, ids):
            records[(type_, record.id)] = record
    return records


def _type_of(model):
    return next(e.type for e in ENTITIES.values() if e.model is model)


def _checked_before_lock(p):
    """Whether the create's check before the lock is still to be used: prepared whole
    (_prepare_creates), or its fields planned (a lone one, or one whose id was taken)."""
    return p.write is not None or p.planned is not None


def _still_as_read(group, parsed, records):
    """A create checked before the lock stands only if every record its check read is still
    as it was read (same version, or still missing); else it is decided again, now. Records
    are as they were before this group: the group's own updates keep what checks read of them
    (engine._groups), and an earlier group's write shows as a new version. Every such create
    is compared, prepared or only planned: a lone check-in beside an update is planned."""
    for mutation in group:
        p = parsed[mutation.id]
        if not _checked_before_lock(p) or not p.reads:
            continue
        for model, record_id, version in p.reads:
            now = records.get((_type_of(model), record_id))
            if (now.version if now is not None else None) != version:
                p.write, p.planned = None, None
                break


def _since_query(client_id, after, *types_and_ids):
    """Revisions by other devices after version `after` of the records named by
    (entity type, [record ids]) pairs."""
    which = reduce(
        operator.or_,
        [
            (Revision.entity == type_) & Revision.record_id.in_(ids)
            for type_, ids in zip(types_and_ids[::2], types_and_ids[1::2])
        ],
    )
    return (
        Revision.select(Revision.entity, Revision.record_id, Revision.version, Revision.changes)
        .where(which & (Revision.version > after) & _by_others(client_id))
        .order_by(Revision.version)
    )


_SINCE = Prepared(_since_query)


def _revisions_since(client, group, parsed, records):
    """Other devices' revisions of each updated or deleted record since its base, in one
    query."""
    bases = {}
    for mutation in group:
        p = parsed[mutation.id]
        key = (p.entity.type, p.target) if p.error is None else None
        if key in records and p.verb in ("update", "delete"):
            bases[key] = p.args.base_version
    if not bases:
        return {}
    by_type = defaultdict(list)
    for type_, record_id in bases:
        by_type[type_].append(record_id)
    rows = _SINCE.rows(
        client.id, min(bases.values()), *[x for pair in sorted(by_type.items()) for x in pair]
    )
    since = defaultdict(list)
    for row in rows:
        key = (row.entity, row.record_id)
        if row.version > bases[key]:
            since[key].append(row)
    return since


# A revision's columns, in the order _revision_row() gives them, then its version and time.
REVISION_COLUMNS = (
    "entity",
    "record_id",
    "base_version",
    "op",
    "author",
    "client_id",
    "mutation_id",
    "changes",
    "conflicts",
    "device_at",
    "version",
    "created_at",
)
_REVISION_TO_DB = db_values(Revision, REVISION_COLUMNS[:-2])
_REVISION_TO_DB_TIME = db_values(Revision, ("created_at",))


def _revision_values(revision):
    return _REVISION_TO_DB([revision[name] for name in REVISION_COLUMNS[:-2]])


def _prepare_creates(scope, client_id, mutations, parsed):
    """Before the write lock, so that the lock is held for little more than the inserts: the
    creates already checked on their face (`checks_before_lock`) whose ids are not taken get
    their record and revision built and turned into the driver's values, all but the version
    and the time. An id another device takes meanwhile makes the group's insert fail, and the
    group is then decided again one mutation at a time, under the lock (_apply_group)."""
    ready = [
        (m, parsed[m.id])
        for m in mutations
        if parsed[m.id].planned is not None and parsed[m.id].error is None
    ]
    if len(ready) < 2:
        return  # a lone mutation is decided under the lock (_apply_one)
    wanted = defaultdict(set)
    for _, p in ready:
        wanted[p.entity.type].add(p.target)
    taken = set()
    for type_, ids in wanted.items():
        taken.update((type_, record_id) for record_id in ids_present(ENTITIES[type_].model, ids))
    client = SyncClient(id=client_id, person=scope.id)
    converters = {}
    for mutation, p in ready:
        if (p.entity.type, p.target) in taken:
            continue  # decided under the lock: `id_taken`, or the group one by one
        try:
            _, write = _decide_create(p.entity, scope, client, mutation, p.planned, False)
            record = write.record
            record.version = 0  # its place in the row; the real one is taken under the lock
            record.derive()
            model = p.entity.model
            columns = tuple(f.name for f in model._meta.sorted_fields if f.name in record.__data__)
            to_db = converters.get((model, columns))
            if to_db is None:
                to_db = converters[(model, columns)] = db_values(model, columns)
            values = to_db([record.__data__[name] for name in columns])
            write.row = (
                columns,
                values,
                columns.index("version"),
                _revision_values(write.revision),
            )
            p.write = write
        except UNAVAILABLE:
            raise
        except Exception:  # noqa: BLE001 - decided under the lock instead, as before
            p.write = None


def _write_all(writes):
    """One counter range for the group, one version per write in mutation order; records
    and revisions inserted in bulk, changed records updated in one batch per entity."""
    if not writes:
        return
    first = next_version(len(writes)) - len(writes) + 1
    now = utcnow()
    tail = [None, _REVISION_TO_DB_TIME([now])[0]]  # the revision's version, and its time
    inserts, updates, prepared, revisions = defaultdict(list), defaultdict(list), {}, []
    for offset, write in enumerate(writes):
        record = write.record
        record.version = first + offset
        tail[0] = record.version
        if write.row is not None:
            columns, values, at, revision = write.row
            values[at] = record.version
            prepared.setdefault((write.entity.model, columns), []).append(values)
            revisions.append(revision + tail)
            continue
        record.derive()
        (inserts if write.insert else updates)[write.entity.model].append(record)
        revisions.append(_revision_values(write.revision) + tail)
    batch = Writes()
    for model, created in inserts.items():
        columns = [
            f.name for f in model._meta.sorted_fields if any(f.name in r.__data__ for r in created)
        ]
        to_db = db_values(model, columns)
        batch.insert(model, columns, [to_db([r.__data__.get(c) for c in columns]) for r in created])
    for (model, columns), rows in prepared.items():
        batch.insert(model, columns, rows)
    for model, changed in updates.items():
        batch.update(model, changed)
    batch.insert(Revision, REVISION_COLUMNS, revisions).send()


# --- pull -------------------------------------------------------------------------------


def parse_cursor(text):
    """A cursor is "<sync epoch>.<version>" (a bare version means epoch 0); "" starts over."""
    epoch, _, version = (text or "0").rpartition(".")
    return int(epoch or 0), int(version)


def pull(scope, client_id, cursor_text, limit):
    client = _client_for(scope, client_id)
    last_mutation_id = client.last_mutation_id if client else 0
    epoch, cursor = parse_cursor(cursor_text)
    counter = SyncCounter.get_by_id(1)
    ceiling = counter.value
    if (
        cursor > ceiling
        or (0 < cursor < counter.purged_through)
        or (cursor > 0 and epoch != scope.person.sync_epoch)
    ):
        # What this person may see has changed (moved in the hierarchy), tombstones the
        # device has not heard of were purged, or the server's history is older than the
        # device's (restored backup): the device starts over, keeping its outbox.
        # resetRequired; reset_required too for one release, for installed apps that read it
        # (docs/decisions.md §66).
        return {
            "changes": [],
            "cursor": "",
            "more": False,
            "resetRequired": True,
            "reset_required": True,
            "lastMutationId": last_mutation_id,
        }
    rows = []
    for entity in ENTITIES.values():
        model = entity.model
        query = model.select().where(
            entity.relevant(scope) & (model.version > cursor) & (model.version <= ceiling)
        )
        if cursor == 0:
            query = query.where(model.deleted == False)
        rows.extend((entity, row) for row in query.order_by(model.version).limit(limit + 1))
    rows.sort(key=lambda pair: pair[1].version)
    page = rows[:limit]
    # Never split one commit's rows across pages.
    while len(page) < len(rows) and rows[len(page)][1].version == page[-1][1].version:
        page.append(rows[len(page)])
    more = len(page) < len(rows)
    # Each entity's visible rows of the page are turned into data together, so a redaction
    # that queries (a goal's observation links) runs once a page, not once a record.
    shown = {}
    for entity, row in page:
        if not row.deleted and entity.visible(scope, row):
            shown.setdefault(entity.type, (entity, []))[1].append(row)
    _attach_people([row for _, rows_of_entity in shown.values() for row in rows_of_entity])
    data = {}
    for entity, rows_of_entity in shown.values():
        data.update(
            zip((id(r) for r in rows_of_entity), entity.data_for_many(scope, rows_of_entity))
        )
    changes = []
    for entity, row in page:
        visible = id(row) in data
        if cursor == 0 and not visible:
            continue
        changes.append(
            {
                "type": entity.type,
                "id": row.id,
                "version": row.version,
                "deleted": not visible,
                "data": data.get(id(row)),
            }
        )
    next_cursor = page[-1][1].version if more else ceiling
    return {
        "changes": changes,
        "cursor": f"{scope.person.sync_epoch}.{next_cursor}",
        "more": more,
        "lastMutationId": last_mutation_id,
    }


def _attach_people(rows):
    """The people the records link (author, learner...), whose names record_data sends,
    looked up in one query for the page rather than joined to every row."""
    links = [
        (row, field)
        for row in rows
        for field in row._meta.sorted_fields
        if isinstance(field, ForeignKeyField)
    ]
    ids = list({getattr(row, field.column_name) for row, field in links} - {None})
    people = {
        person.id: person
        for start in range(0, len(ids), 500)
        for person in Person.select(Person.id, Person.name).where(
            Person.id.in_(ids[start : start + 500])
        )
    }
    for row, field in links:
        row.__rel__[field.name] = people.get(getattr(row, field.column_name))


# --- history ----------------------------------------------------------------------------


def history(scope, type_, record_id):
    """The revisions of a record this person may read, as they may read them (access.py)."""
    entity = ENTITIES.get(type_)
    record = entity and entity.model.get_or_none(entity.model.id == record_id)
    # A deleted record's history stays readable to those who could see it: an edit that
    # lost to a delete is kept there.
    if not record or not entity.visible(scope, record):
        raise ApiError(404, Code.NOT_FOUND, "No such record, or you may not see it.")
    rows = (
        Revision.select(Revision, Person.name.alias("author_name"))
        .join(Person, on=(Revision.author == Person.id))
        .where((Revision.entity == type_) & (Revision.record_id == record_id))
        .order_by(Revision.version, Revision.id)
        .objects()
    )
    revisions = [
        {
            "version": r.version,
            "op": r.op,
            "authorId": r.author_id,
            "authorName": r.author_name,
            "baseVersion": r.base_version,
            "changes": r.changes,
            "conflicts": r.conflicts,
            "deviceAt": r.device_at,
            "at": jsonable(r.created_at),
            "snapshot": False,
        }
        for r in rows
    ]
    if entity.history_for:
        revisions = entity.history_for(scope, record, revisions)
    if entity.redact:
        revisions = [
            r
            | {
                "changes": entity.redact(scope, r["changes"] or {}),
                "conflicts": r["conflicts"] and entity.redact(scope, r["conflicts"]),
            }
            for r in revisions
        ]
    return revisions


# --- maintenance ------------------------------------------------------------------------


def purge_tombstones(older_than):
    """Delete tombstones last changed before `older_than` (a datetime). Devices whose cursor
    is older than the newest purged tombstone get resetRequired on their next pull."""
    purged = 0
    with write_transaction():
        horizon = SyncCounter.get_by_id(1).purged_through
        for entity in ENTITIES.values():
            model = entity.model
            old = model.select(model.id, model.version).where(
                model.deleted & (model.updated_at < older_than)
            )
            rows = list(old)
            if rows:
                horizon = max(horizon, max(r.version for r in rows))
                model.delete().where(model.id.in_([r.id for r in rows])).execute()
                purged += len(rows)
        SyncCounter.update(purged_through=horizon).where(SyncCounter.id == 1).execute()
    return purged
