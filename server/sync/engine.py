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

from peewee import IntegrityError, InterfaceError, OperationalError
from pydantic import ValidationError
from pydantic.alias_generators import to_camel

from ..db import bulk_insert, database, next_version, write_transaction
from ..errors import ApiError, validation_details
from ..models import Person, RejectedMutation, Revision, SyncClient, SyncCounter, utcnow
from .registry import ENTITIES, MutationRejected, Schema
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
    # Creates that depend on nothing another mutation writes are checked before taking the
    # write lock, so the lock is held only for the writes.
    plans = {m.id: _plan_create(scope, m) for m in mutations if _batchable(m)}
    with write_transaction():
        client = _client_for(scope, client_id, create=True)
        last = client.last_mutation_id
        fresh = [m for m in mutations if m.id > last]
        if fresh and fresh[0].id != last + 1:
            raise ApiError(409, "mutation_gap",
                           f"The server has changes up to {last}; send from {last + 1}.",
                           {"expected": last + 1, "lastMutationId": last})
        results = [{"id": m.id, "status": "duplicate"} for m in mutations if m.id <= last]
        for run in _runs(fresh, plans):
            if len(run) > 1:
                results.extend(_apply_creates(scope, client, run, plans))
            else:
                results.append(_apply_one(scope, client, run[0]))
        client.last_mutation_id = max(last, fresh[-1].id if fresh else last)
        client.last_seen_at = utcnow()
        client.save()
    return {"lastMutationId": client.last_mutation_id, "results": results}


def _client_for(scope, client_id, create=False):
    client = SyncClient.get_or_none(SyncClient.id == client_id)
    if client is None and create:
        client = SyncClient.create(id=client_id, person=scope.id)
    if client is not None and client.person_id != scope.id:
        raise ApiError(403, "client_of_another_person",
                       "This device's sync queue belongs to another person. Sign in as that "
                       "person to send it, or reset the app's data on this device.")
    return client


def _apply_one(scope, client, mutation):
    try:
        # A savepoint: a rejected mutation leaves no trace but its record, and on PostgreSQL
        # rolling back to it keeps the batch's transaction usable after a failed statement.
        with database.atomic():
            _check_envelope(mutation)
            status = _dispatch(scope, client, mutation)
        return {"id": mutation.id, "status": status}
    except UNAVAILABLE:
        raise
    except Exception as exc:  # noqa: BLE001 - any failure rejects this mutation alone
        return _reject(client, mutation, *_rejection(exc, mutation))


def _check_envelope(mutation):
    """The parts of a mutation outside its args, which its schema does not see."""
    if mutation.at is not None and BAD_TEXT.search(mutation.at):
        raise MutationRejected("validation_error", "The device time of this change holds "
                               "characters that are not text.", [{"loc": "at"}])


def _rejection(exc, mutation):
    """(code, message, details) for a mutation the server refuses."""
    if isinstance(exc, MutationRejected):
        return exc.code, exc.message, exc.details
    if isinstance(exc, ValidationError):
        return ("validation_error", "Some fields of this change are missing or invalid.",
                validation_details(exc))
    if isinstance(exc, IntegrityError):
        return "integrity_error", "This change refers to something that does not exist."
    # Not the device's fault as far as we know: a value the database refused, or a bug. The
    # stack trace goes to the log; the device gets a reason without internals.
    log.exception("mutation %s (%s) failed; rejected alone", mutation.id, mutation.name)
    return ("server_error", "The server could not apply this change. It is kept on the "
            "server for review; your other changes are not affected.", None)


# --- runs of independent creates, applied in bulk -----------------------------------------

def _batchable(mutation):
    type_, _, verb = mutation.name.partition(".")
    return verb == "create" and type_ in ENTITIES and ENTITIES[type_].batch_create


def _plan_create(scope, mutation):
    """(record id, fields) for a valid create, or the rejection as (None, code, message,
    details)."""
    entity = ENTITIES[mutation.name.partition(".")[0]]
    try:
        _check_envelope(mutation)
        return _check_create(entity, scope, mutation.args)
    except UNAVAILABLE:
        raise
    except Exception as exc:  # noqa: BLE001 - rejected alone, like in _apply_one
        return (None, *_rejection(exc, mutation))


def _runs(mutations, plans):
    """Split into runs: consecutive planned creates of one entity, or single mutations."""
    runs = []
    for mutation in mutations:
        previous = runs[-1][-1] if runs else None
        if mutation.id in plans and previous is not None and previous.id in plans \
                and previous.name == mutation.name:
            runs[-1].append(mutation)
        else:
            runs.append([mutation])
    return runs


def _apply_creates(scope, client, run, plans):
    entity = ENTITIES[run[0].name.partition(".")[0]]
    model = entity.model
    wanted = [plans[m.id][0] for m in run if plans[m.id][0]]
    taken = {r.id for r in model.select(model.id).where(model.id.in_(wanted))}
    outcomes, accepted = {}, []
    for mutation in run:
        record_id, *rest = plans[mutation.id]
        if record_id is None:
            outcomes[mutation.id] = _reject(client, mutation, *rest)
        elif record_id in taken:
            outcomes[mutation.id] = _reject(client, mutation, "id_taken",
                                            "A record with this id already exists.")
        else:
            taken.add(record_id)
            accepted.append((mutation, record_id, rest[0]))
    if accepted:
        try:
            with database.atomic():
                _insert_created(entity, scope, client, accepted)
            outcomes.update({m.id: {"id": m.id, "status": "applied"} for m, _, _ in accepted})
        except UNAVAILABLE:
            raise
        except Exception:  # noqa: BLE001
            # Something the checks could not see (a duplicate id, a value the database
            # refuses, a bug): apply these one by one, so only the culprit is rejected.
            outcomes.update({m.id: _apply_one(scope, client, m) for m, _, _ in accepted})
    return [outcomes[m.id] for m in run]


def _insert_created(entity, scope, client, accepted):
    first = next_version(len(accepted)) - len(accepted) + 1
    records, revisions, now = [], [], utcnow()
    for offset, (mutation, record_id, fields) in enumerate(accepted):
        record = entity.new_record(scope, fields)
        record.id, record.version = record_id, first + offset
        record.derive()
        records.append(record.__data__)
        revisions.append({"entity": entity.type, "record_id": record_id,
                          "version": record.version, "op": "create",
                          "author": client.person_id, "client_id": client.id,
                          "mutation_id": mutation.id, "changes": wire(fields),
                          "device_at": mutation.at, "created_at": now})
    bulk_insert(entity.model, records)
    bulk_insert(Revision, revisions)


def _reject(client, mutation, code, message, details=None):
    try:
        with database.atomic():
            _store_rejected(client, mutation, code, message, details)
    except UNAVAILABLE:
        raise
    except Exception:  # noqa: BLE001 - details the database refuses must not lose the args
        log.exception("storing rejected mutation %s without its details", mutation.id)
        with database.atomic():
            _store_rejected(client, mutation, code, message, None)
    return {"id": mutation.id, "status": "rejected",
            "error": {"code": code, "message": message, "details": details}}


def _store_rejected(client, mutation, code, message, details):
    """Args are stored as JSON text with every non-ASCII character escaped, so NUL and lone
    surrogates survive as \\u escapes (PostgreSQL refuses them raw). The name and device time
    are kept the same way when they hold such characters."""
    RejectedMutation.create(client=client, mutation_id=mutation.id,
                            name=_storable(mutation.name, 64), args=mutation.args,
                            at=_storable(mutation.at, 64), code=code,
                            message=_storable(message), details=details)


def _storable(text, size=None):
    if text is None or not BAD_TEXT.search(text):
        return text
    return json.dumps(text)[1:-1][:size]


def _dispatch(scope, client, mutation):
    type_, _, verb = mutation.name.partition(".")
    entity = ENTITIES.get(type_)
    handler = {"create": _create, "update": _update, "delete": _delete}.get(verb)
    if entity is None or handler is None:
        raise MutationRejected("unknown_mutation",
                               f"'{_storable(mutation.name)}' is not a change this server "
                               "knows.")
    return handler(entity, scope, client, mutation)


def _revision(entity, record, op, client, mutation, changes, conflicts=None, base=None):
    Revision.create(entity=entity.type, record_id=record.id, version=record.version,
                    base_version=base, op=op, author=client.person_id, client_id=client.id,
                    mutation_id=mutation.id, changes=changes, conflicts=conflicts,
                    device_at=mutation.at)


def _check_create(entity, scope, args):
    """Validate and permission-check a create: (record id, fields), or raise."""
    args = entity.create_schema.model_validate(args)
    fields = args.model_dump(exclude={"id"})
    if entity.prepare:
        fields = entity.prepare(scope, fields)
    entity.may_create(scope, fields)
    return args.id, fields


def _create(entity, scope, client, mutation):
    record_id, fields = _check_create(entity, scope, mutation.args)
    if entity.model.get_or_none(entity.model.id == record_id) is not None:
        raise MutationRejected("id_taken", "A record with this id already exists.")
    record = entity.new_record(scope, fields)
    record.id = record_id
    record.version = next_version()
    record.save(force_insert=True)
    _revision(entity, record, "create", client, mutation, wire(fields))
    return "applied"


def _load_for_change(entity, scope, record_id, fields):
    record = entity.model.get_or_none(entity.model.id == record_id)
    if record is None or not entity.visible(scope, record):
        raise MutationRejected("not_found", f"This {entity.type} does not exist, or you may "
                               "not see it.")
    entity.may_change(scope, record, fields)
    return record


def _changed_by_others(entity, record, base, client):
    """Wire names of the fields other devices changed since `base`."""
    rows = (Revision.select(Revision.changes, Revision.op)
            .where((Revision.entity == entity.type) & (Revision.record_id == record.id)
                   & (Revision.version > base)
                   & ((Revision.client_id != client.id) | Revision.client_id.is_null())))
    changed = set()
    for row in rows:
        changed.update((row.changes or {}).keys())
    return changed


def _update(entity, scope, client, mutation):
    args = entity.update_schema.model_validate(mutation.args)
    patch = args.model_dump(exclude_unset=True, exclude={"id", "base_version"})
    # `resolve: true` clears the conflict flag once someone has reviewed the record.
    resolve = bool(patch.pop("resolve", False))
    record = _load_for_change(entity, scope, args.id,
                              patch | ({"flagged": False} if resolve else {}))
    base = args.base_version
    if record.deleted:
        # Edit after delete: the delete stands; the edit is kept in the history for review.
        _touch(record)
        _revision(entity, record, "update", client, mutation, {}, wire(patch), base)
        return "conflict"
    others = _changed_by_others(entity, record, base, client)
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
        return "merged" if others else "applied"
    for attr, value in applied.items():
        setattr(record, attr, value)
    if entity.on_change and applied:
        entity.on_change(scope, record, applied)
    if resolving:
        record.flagged = False
    _touch(record, flag=bool(conflicts))
    changes = wire(applied) | ({"flagged": False} if resolving else {})
    _revision(entity, record, "update", client, mutation, changes, conflicts or None, base)
    if conflicts:
        return "conflict"
    return "merged" if others else "applied"


def _delete(entity, scope, client, mutation):
    args = DeleteArgs.model_validate(mutation.args)
    record = _load_for_change(entity, scope, args.id, None)
    if record.deleted:
        return "applied"
    if _changed_by_others(entity, record, args.base_version, client):
        # A stale delete: someone changed the record since this device saw it. Keep it, flag it.
        _touch(record, flag=True)
        _revision(entity, record, "delete", client, mutation, {}, {"deleted": True},
                  args.base_version)
        return "conflict"
    record.deleted = True
    _touch(record)
    _revision(entity, record, "delete", client, mutation, {"deleted": True}, None,
              args.base_version)
    return "applied"


def _touch(record, flag=False):
    record.version = next_version()
    record.updated_at = utcnow()
    record.flagged = record.flagged or flag
    record.save()


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
    if cursor > ceiling or (0 < cursor < counter.purged_through) \
            or (cursor > 0 and epoch != scope.person.sync_epoch):
        # What this person may see has changed (moved in the hierarchy), tombstones the
        # device has not heard of were purged, or the server's history is older than the
        # device's (restored backup): the device starts over, keeping its outbox.
        return {"changes": [], "cursor": "", "more": False, "reset_required": True,
                "lastMutationId": last_mutation_id}
    rows = []
    for entity in ENTITIES.values():
        model = entity.model
        query = (entity.select() if entity.select else model.select()).where(entity.relevant(scope) & (model.version > cursor)
                                     & (model.version <= ceiling))
        if cursor == 0:
            query = query.where(model.deleted == False)  # noqa: E712 (peewee expression)
        rows.extend((entity, row) for row in query.order_by(model.version).limit(limit + 1))
    rows.sort(key=lambda pair: pair[1].version)
    page = rows[:limit]
    # Never split one commit's rows across pages.
    while len(page) < len(rows) and rows[len(page)][1].version == page[-1][1].version:
        page.append(rows[len(page)])
    more = len(page) < len(rows)
    changes = []
    for entity, row in page:
        visible = not row.deleted and entity.visible(scope, row)
        if cursor == 0 and not visible:
            continue
        changes.append({"type": entity.type, "id": row.id, "version": row.version,
                        "deleted": not visible,
                        "data": entity.data_for(scope, row) if visible else None})
    next_cursor = page[-1][1].version if more else ceiling
    return {"changes": changes, "cursor": f"{scope.person.sync_epoch}.{next_cursor}",
            "more": more,
            "lastMutationId": last_mutation_id}


# --- history ----------------------------------------------------------------------------

def history(scope, type_, record_id):
    """The revisions of a record this person may read, as they may read them (access.py)."""
    entity = ENTITIES.get(type_)
    record = entity and entity.model.get_or_none(entity.model.id == record_id)
    # A deleted record's history stays readable to those who could see it: an edit that
    # lost to a delete is kept there.
    if not record or not entity.visible(scope, record):
        raise ApiError(404, "not_found", "No such record, or you may not see it.")
    rows = (Revision.select(Revision, Person.name.alias("author_name"))
            .join(Person, on=(Revision.author == Person.id))
            .where((Revision.entity == type_) & (Revision.record_id == record_id))
            .order_by(Revision.version, Revision.id).objects())
    revisions = [{"version": r.version, "op": r.op, "authorId": r.author_id,
                  "authorName": r.author_name, "baseVersion": r.base_version,
                  "changes": r.changes, "conflicts": r.conflicts, "deviceAt": r.device_at,
                  "at": jsonable(r.created_at), "snapshot": False} for r in rows]
    if entity.history_for:
        revisions = entity.history_for(scope, record, revisions)
    if entity.redact:
        revisions = [r | {"changes": entity.redact(scope, r["changes"] or {}),
                          "conflicts": r["conflicts"] and entity.redact(scope, r["conflicts"])}
                     for r in revisions]
    return revisions


# --- maintenance ------------------------------------------------------------------------

def purge_tombstones(older_than):
    """Delete tombstones last changed before `older_than` (a datetime). Devices whose cursor
    is older than the newest purged tombstone get reset_required on their next pull."""
    purged = 0
    with write_transaction():
        horizon = SyncCounter.get_by_id(1).purged_through
        for entity in ENTITIES.values():
            model = entity.model
            old = model.select(model.id, model.version).where(
                model.deleted & (model.updated_at < older_than))
            rows = list(old)
            if rows:
                horizon = max(horizon, max(r.version for r in rows))
                model.delete().where(model.id.in_([r.id for r in rows])).execute()
                purged += len(rows)
        SyncCounter.update(purged_through=horizon).where(SyncCounter.id == 1).execute()
    return purged
