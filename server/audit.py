"""The audit log: security events in an append-only table (docs/decisions.md §25-§27).

`record()` writes one event for one security action, inside the caller's transaction, so an
action and its event commit together. The routes only read: nothing in the app changes or
deletes an event. Events carry ids, names and counts, never coaching content.
"""

import csv
import io
import json
from datetime import date, datetime, time, timedelta
from typing import Literal, Optional

from flask import Blueprint, Response, has_request_context, jsonify, request
from flask_login import current_user
from pydantic import Field

from .auth.sessions import current_scope, login_required
from .errors import ApiError, Code
from .models import AuditEvent, Person, iso, utcnow
from .validation import Body, parse
from . import access

bp = Blueprint("audit", __name__, url_prefix="/api")

# Every action the log knows. A test writes each one through the real API or CLI and checks
# that it leaves exactly one event.
ACTIONS = (
    "invite_issued",  # a new person's link, or a new link for someone without a passkey
    "invite_used",  # a passkey made from an invite or the first-run setup link
    "recovery_issued",  # an admin (or the CLI) made a recovery link
    "recovery_requested",  # a manager asked the admins for one
    "recovery_used",  # a passkey made from a recovery link; other sessions ended
    "passkey_added",  # a signed-in person added a passkey for another device
    "passkey_renamed",
    "passkey_removed",
    "person_renamed",
    "manager_changed",
    "admin_granted",
    "admin_revoked",
    "person_deactivated",
    "person_reactivated",
    "tombstones_purged",
    "audit_exported",  # an admin downloaded the log (it names people and their addresses)
)

PAGE = 100
CSV_LIMIT = 100_000


def record(action, subject=None, details=None, actor="current"):
    """Append one event. `actor` defaults to the signed-in person; None means the CLI or
    the system. `subject` is the person the event is about (a Person, an id, or None)."""
    assert action in ACTIONS, action
    if actor == "current":
        actor = current_user.id if has_request_context() and current_user.is_authenticated else None
    return AuditEvent.create(
        action=action,
        actor_id=_id(actor),
        subject_id=_id(subject),
        details=details or None,
        ip=request.remote_addr if has_request_context() else None,
    )


def _id(person):
    return getattr(person, "id", person)


# --- reading ------------------------------------------------------------------------------


class AuditQuery(Body):
    person_id: Optional[str] = Field(default=None, max_length=36)
    from_: Optional[date] = Field(default=None, alias="from")
    to: Optional[date] = None
    cursor: Optional[int] = Field(default=None, ge=0, le=2**62)
    limit: int = Field(default=PAGE, ge=1, le=500)


def _query(filters, subject_id=None):
    query = AuditEvent.select()
    person_id = subject_id or filters.person_id
    if subject_id:
        query = query.where(AuditEvent.subject_id == subject_id)
    elif person_id:
        # "Events about a person" for an admin: the person as subject or as actor.
        query = query.where(
            (AuditEvent.subject_id == person_id) | (AuditEvent.actor_id == person_id)
        )
    if filters.from_:
        query = query.where(AuditEvent.at >= datetime.combine(filters.from_, time.min))
    if filters.to:  # a whole day, inclusive
        query = query.where(
            AuditEvent.at < datetime.combine(filters.to + timedelta(days=1), time.min)
        )
    if filters.to and filters.from_ and filters.to < filters.from_:
        raise ApiError(400, Code.BAD_RANGE, "The end date is before the start date.")
    return query.order_by(AuditEvent.id.desc())


def _names(events):
    ids = {e.actor_id for e in events} | {e.subject_id for e in events}
    ids.discard(None)
    if not ids:
        return {}
    return {
        p.id: p.name for p in Person.select(Person.id, Person.name).where(Person.id.in_(list(ids)))
    }


def _event_dict(event, names, with_ip=True):
    def who(person_id):
        return {"id": person_id, "name": names.get(person_id, "")} if person_id else None

    row = {
        "id": event.id,
        "at": iso(event.at),
        "action": event.action,
        "actor": who(event.actor_id),
        "subject": who(event.subject_id),
        "details": event.details or {},
    }
    if with_ip:
        row["ip"] = event.ip
    return row


def _page(query, filters, with_ip=True):
    if filters.cursor:
        query = query.where(AuditEvent.id < filters.cursor)
    events = list(query.limit(filters.limit + 1))
    more = len(events) > filters.limit
    events = events[: filters.limit]
    names = _names(events)
    return {
        "events": [_event_dict(e, names, with_ip) for e in events],
        "cursor": str(events[-1].id) if more else None,
    }


def _filters():
    return parse(AuditQuery, request.args.to_dict())


def _admin_only():
    if not access.may_read_audit_log(current_scope()):
        raise ApiError(
            403,
            Code.FORBIDDEN,
            "Only admins read the audit log. Your own security events are listed in Account.",
        )


@bp.get("/audit")
@login_required
def audit_log():
    """Admins: every event, newest first, filtered by person and dates, in pages."""
    _admin_only()
    filters = _filters()
    return jsonify(_page(_query(filters), filters))


@bp.get("/me/audit")
@login_required
def my_audit_log():
    """Everyone: the events about oneself (without other people's addresses)."""
    filters = _filters()
    return jsonify(_page(_query(filters, subject_id=current_user.id), filters, with_ip=False))


CSV_COLUMNS = [
    "at",
    "action",
    "actor_id",
    "actor_name",
    "subject_id",
    "subject_name",
    "ip",
    "details",
]


def csv_cell(value):
    """A spreadsheet must never run a cell as a formula (CSV injection): text that starts
    with = + - @ (or a tab or carriage return) gets a leading quote."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class AuditExport(Body):
    """The same filters as the log's pages, and the file's format."""

    format: Literal["csv", "json"] = "csv"
    person_id: Optional[str] = Field(default=None, max_length=36)
    from_: Optional[date] = Field(default=None, alias="from")
    to: Optional[date] = None


@bp.get("/audit/export")
@login_required
def audit_export():
    """Admins: the filtered log as a CSV or JSON file, newest first, for a spreadsheet or an
    archive (docs/decisions.md §98). The download itself is an event of the log."""
    _export_admin_only()
    return _export(parse(AuditExport, request.args.to_dict()))


@bp.get("/audit.csv")
@login_required
def audit_csv():
    """The CSV export's first address (kept for links already made): /api/audit/export."""
    _export_admin_only()
    args = request.args.to_dict()
    parse(
        AuditQuery, args
    )  # its parameters as documented (a cursor or a limit is checked, then unused)
    rest = {k: v for k, v in args.items() if k not in ("cursor", "limit")}
    return _export(parse(AuditExport, rest | {"format": "csv"}))


def _export_admin_only():
    if not access.may_export_audit_log(current_scope()):
        raise ApiError(403, Code.FORBIDDEN, "Only admins download the audit log.")


def _export(filters):
    events = list(_query(filters).limit(CSV_LIMIT))
    names = _names(events)
    # About the person filtered by, when there is one: they see in Account that their events
    # were downloaded.
    about = Person.get_or_none(Person.id == filters.person_id) if filters.person_id else None
    record(
        "audit_exported",
        subject=about,
        details={
            "format": filters.format,
            "count": len(events),
            **{
                key: str(value)
                for key, value in (
                    ("personId", filters.person_id),
                    ("from", filters.from_),
                    ("to", filters.to),
                )
                if value
            },
        },
    )
    stamp = utcnow().strftime("%Y%m%d")
    if filters.format == "json":
        body = json.dumps(
            {
                "exportedAt": iso(utcnow()),
                "filters": {
                    "personId": filters.person_id,
                    "from": filters.from_.isoformat() if filters.from_ else None,
                    "to": filters.to.isoformat() if filters.to else None,
                },
                "events": [_event_dict(e, names) for e in events],
            },
            ensure_ascii=False,
            allow_nan=False,
        )
        mimetype = "application/json"
    else:
        body = _csv(events, names)
        mimetype = "text/csv"
    return Response(
        body,
        mimetype=mimetype,
        headers={
            "Content-Disposition": f'attachment; filename="gembakit-audit-{stamp}.{filters.format}"'
        },
    )


def _csv(events, names):
    """UTF-8 with a byte order mark (Excel then reads accents in names), RFC 4180 quoting."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for e in events:
        writer.writerow(
            [
                csv_cell(v)
                for v in (
                    iso(e.at),
                    e.action,
                    e.actor_id,
                    names.get(e.actor_id, "") if e.actor_id else "",
                    e.subject_id,
                    names.get(e.subject_id, "") if e.subject_id else "",
                    e.ip,
                    json.dumps(e.details or {}, ensure_ascii=False, sort_keys=True),
                )
            ]
        )
    return out.getvalue()
