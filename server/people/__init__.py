"""People: who I am, my team, adding people and inviting them."""

from typing import Literal, Optional, get_args

from flask import Blueprint, current_app, jsonify
from pydantic import Field

from .. import access, audit
from ..auth.sessions import current_scope, login_required
from ..errors import ApiError, Code
from ..db import database
from ..models import (
    Area,
    AuditEvent,
    Credential,
    LoginSession,
    Person,
    RecoveryRequest,
    iso,
    utcnow,
)
from ..validation import Body, parse_body
from .invites import (
    create_person,
    find_valid_invite,
    has_passkey,
    issue_invite,
    recovery_link,
    request_recovery,
)

bp = Blueprint("people", __name__, url_prefix="/api")


# People and areas are named by UUIDs; "" is no id (null empties a manager or an area).
UUID = r"^[0-9a-fA-F-]{36}$"
NAME_MAX = 120  # a person's or an area's name
AreaKind = Literal["site", "line", "cell"]
AREA_KINDS = get_args(AreaKind)


class NewPerson(Body):
    name: str = Field(min_length=1, max_length=NAME_MAX)
    is_admin: bool = False
    manager_id: Optional[str] = Field(default=None, pattern=UUID)


class Empty(Body):
    pass


class PersonChange(Body):
    # Fields may be left out, but only a manager or an area may be emptied (null).
    name: str = Field(default=None, min_length=1, max_length=NAME_MAX)
    manager_id: Optional[str] = Field(default=None, pattern=UUID)
    area_id: Optional[str] = Field(default=None, pattern=UUID)
    is_admin: bool = None
    active: bool = None


class OwnChange(Body):
    name: str = Field(min_length=1, max_length=NAME_MAX)


class NewArea(Body):
    name: str = Field(min_length=1, max_length=NAME_MAX)
    kind: AreaKind
    parent_id: Optional[str] = Field(default=None, pattern=UUID)


PARENT_KIND = {"site": None, "line": "site", "cell": "line"}


@bp.get("/me")
@login_required
def me():
    scope = current_scope()
    person = scope.person
    manager = person.manager if person.manager_id else None
    people = scope.people()
    reports = [p for p in people if p.manager_id == person.id]
    report_ids = {p.id for p in reports}
    return jsonify(
        {
            "user": person.to_dict(),
            "manager": manager.summary() if manager else None,
            "reports": [p.summary() for p in reports],
            "people": [
                {"id": p.id, "name": p.name, "managerId": p.manager_id, "areaId": p.area_id}
                for p in people
            ],
            # Mentor view: the people two levels down (reports of my reports).
            "mentees": [
                p.summary() | {"managerId": p.manager_id}
                for p in people
                if p.manager_id in report_ids
            ],
            "areas": [a.to_dict() for a in Area.select().order_by(Area.name)],
            "settings": {
                "coachLoadCap": current_app.config["COACH_LOAD_CAP"],
                "staleAfterDays": current_app.config["STALE_AFTER_DAYS"],
            },
            "recovery": _latest_recovery(person),
        }
    )


def _latest_recovery(person):
    """The last time a recovery link was used on this account (recent ones only): each
    device shows it once at its next sign-in and remembers that it did (decisions §22)."""
    since = utcnow() - current_app.config["RECOVERY_NOTICE_PERIOD"]
    event = (
        AuditEvent.select()
        .where(
            (AuditEvent.subject_id == person.id)
            & (AuditEvent.action == "recovery_used")
            & (AuditEvent.at >= since)
        )
        .order_by(AuditEvent.id.desc())
        .first()
    )
    if event is None:
        return None
    details = event.details or {}
    issuer = (
        Person.get_or_none(Person.id == details.get("issuedBy"))
        if details.get("issuedBy")
        else None
    )
    return {
        "id": str(event.id),
        "at": iso(event.at),
        "nickname": details.get("nickname"),
        "issuedBy": issuer.summary() if issuer else None,
    }


@bp.patch("/me")
@login_required
def rename_me():
    """Everyone may change the name colleagues see (decisions §24); it is audited."""
    body = parse_body(OwnChange)
    person = current_scope().person
    with database.atomic():
        _rename(current_scope(), person, body.name)
        person.save()
    return jsonify({"user": person.to_dict()})


def _rename(scope, person, name):
    if not access.may_take_name(scope, person.id, name):
        raise ApiError(
            409,
            Code.NAME_TAKEN,
            "Someone else already goes by this name. Add an "
            "initial or a surname so colleagues can tell you apart.",
        )
    if name != person.name:
        audit.record("person_renamed", person, {"from": person.name, "to": name})
        person.name = name


@bp.get("/invites/<token>")
def invite_info(token):
    invite = find_valid_invite(token)
    return jsonify(
        {"name": invite.person.name, "kind": invite.kind, "expiresAt": iso(invite.expires_at)}
    )


def _person_dict(person, with_passkey):
    return person.to_dict() | {"hasPasskey": person.id in with_passkey}


@bp.get("/people")
@login_required
def list_people():
    scope = current_scope()
    if not access.may_list_people(scope):
        raise ApiError(403, Code.FORBIDDEN, "Only admins and managers can list people.")
    people = list(access.people_listed(scope).order_by(Person.name))
    with_passkey = (
        {
            c.person_id
            for c in Credential.select(Credential.person).where(
                Credential.person.in_([p.id for p in people])
            )
        }
        if people
        else set()
    )
    return jsonify({"people": [_person_dict(p, with_passkey) for p in people]})


@bp.post("/people")
@login_required
def add_person():
    body = parse_body(NewPerson)
    scope = current_scope()
    if not access.may_invite(scope):
        raise ApiError(403, Code.FORBIDDEN, "Only admins and managers can add people.")
    if body.is_admin and not access.may_administer(scope):
        raise ApiError(403, Code.FORBIDDEN, "Only admins can make someone an admin.")
    manager_id = access.manager_for_new_person(scope, body.manager_id)
    if not access.may_place_under(scope, manager_id):
        raise ApiError(403, Code.FORBIDDEN, "You can only add people to your own team.")
    with database.atomic():
        person = create_person(body.name, body.is_admin, manager_id)
        url = issue_invite(
            person,
            current_app.config["ORIGIN"],
            created_by=scope.id,
            details={"newPerson": True, "admin": body.is_admin, "managerId": manager_id},
        )
    return jsonify({"person": _person_dict(person, set()), "inviteUrl": url}), 201


@bp.post("/people/<uid:person_id>/invite")
@login_required
def reinvite(person_id):
    """A new link for someone. Never enrolled: a plain invite. Has a passkey: an admin gets a
    recovery link; a manager's request waits for an admin (202, no link)."""
    parse_body(Empty)
    scope = current_scope()
    person = _person_in_reach(scope, person_id)
    if not person.active:
        raise ApiError(
            409, Code.PERSON_INACTIVE, f"{person.name} is deactivated: reactivate them first."
        )
    kind = access.link_for(scope, person, has_passkey(person))
    if kind == "request":
        request_ = request_recovery(person, scope.id)
        return jsonify({"requested": True, "request": _request_dict(request_)}), 202
    url, kind = recovery_link(person, current_app.config["ORIGIN"], created_by=scope.id)
    return jsonify({"inviteUrl": url, "kind": kind})


@bp.get("/recovery-requests")
@login_required
def recovery_requests():
    """Admins: the open requests for a recovery link, oldest first."""
    if not access.may_administer(current_scope()):
        raise ApiError(403, Code.FORBIDDEN, "Only admins see recovery requests.")
    rows = (
        RecoveryRequest.select()
        .where(RecoveryRequest.resolved_at.is_null())
        .order_by(RecoveryRequest.created_at)
    )
    return jsonify({"requests": [_request_dict(r) for r in rows]})


def _request_dict(row):
    by = row.requested_by if row.requested_by_id else None
    return {
        "id": row.id,
        "person": row.person.summary(),
        "requestedBy": by.summary() if by else None,
        "createdAt": iso(row.created_at),
    }


def _person_in_reach(scope, person_id):
    person = Person.get_or_none(Person.id == person_id)
    if person is None or not access.may_manage_person(scope, person_id):
        raise ApiError(404, Code.NOT_FOUND, "No such person in your team.")
    return person


@bp.patch("/people/<uid:person_id>")
@login_required
def change_person(person_id):
    """Rename, move to another manager or area, make admin, or disable a person."""
    body = parse_body(PersonChange)
    changes = body.model_dump(exclude_unset=True)
    scope = current_scope()
    person = Person.get_or_none(Person.id == person_id)
    if person is None or not access.may_change_person(scope, person_id, changes):
        raise ApiError(404, Code.NOT_FOUND, "No such person in your team.")
    if not access.may_change_person_fields(scope, changes):
        raise ApiError(
            403, Code.FORBIDDEN, "Only admins can change admin rights or disable someone."
        )
    if "manager_id" in changes:
        _check_new_manager(scope, person, changes["manager_id"])
    if changes.get("area_id") and Area.get_or_none(Area.id == changes["area_id"]) is None:
        raise ApiError(400, Code.UNKNOWN_AREA, "That area does not exist.")
    losing_admin = changes.get("is_admin") is False or changes.get("active") is False
    with database.atomic():
        if losing_admin and access.is_last_active_admin(Person.get_by_id(person.id)):
            raise ApiError(
                409,
                Code.LAST_ADMIN,
                f"{person.name} is the last active admin: make "
                "someone else an admin first, or nobody could manage people.",
            )
        if "manager_id" in changes and changes["manager_id"] != person.manager_id:
            _move(person, changes["manager_id"])
        if "name" in changes:
            _rename(scope, person, changes["name"])
        if "area_id" in changes:
            person.area = changes["area_id"]
        if "is_admin" in changes and changes["is_admin"] != person.is_admin:
            person.is_admin = changes["is_admin"]
            audit.record("admin_granted" if person.is_admin else "admin_revoked", person)
        if "active" in changes and changes["active"] != person.active:
            _set_active(person, changes["active"])
        person.save()
    return jsonify({"person": person.to_dict()})


def _move(person, manager_id):
    # Both chains see different records now: their devices resync from scratch.
    before = person.manager_id
    moved = set(access.chain_ids(person))
    person.manager = manager_id
    moved |= set(access.chain_ids(person))
    Person.update(sync_epoch=Person.sync_epoch + 1).where(Person.id.in_(list(moved))).execute()
    # Names as they were, so the log reads the same to everyone, whoever they may list.
    names = dict(
        Person.select(Person.id, Person.name)
        .where(Person.id.in_([i for i in (before, manager_id) if i]))
        .tuples()
    )
    audit.record(
        "manager_changed",
        person,
        {
            "from": before,
            "to": manager_id,
            "fromName": names.get(before),
            "toName": names.get(manager_id),
        },
    )


def _set_active(person, active):
    """Deactivated: signed out everywhere and unable to sign in; every record stays."""
    person.active = active
    if not active:
        person.session_epoch += 1
        LoginSession.delete().where(LoginSession.person == person.id).execute()
    audit.record("person_reactivated" if active else "person_deactivated", person)


def _check_new_manager(scope, person, manager_id):
    if manager_id is None:
        if not access.may_leave_without_manager(scope):
            raise ApiError(403, Code.FORBIDDEN, "Only admins can leave someone without a manager.")
        return
    # Reach first: a manager learns nothing about ids outside her team, not even existence.
    if not access.may_place_under(scope, manager_id):
        raise ApiError(403, Code.FORBIDDEN, "You can only move people within your own team.")
    manager = Person.get_or_none(Person.id == manager_id)
    if manager is None:
        raise ApiError(400, Code.UNKNOWN_MANAGER, "That manager does not exist.")
    if access.makes_reporting_cycle(person, manager):
        raise ApiError(
            400,
            Code.REPORTING_CYCLE,
            "Someone cannot report to themselves or to one of their own reports.",
        )
    if access.joins_chain_alone(scope, person, manager_id):
        raise ApiError(
            403,
            Code.OWN_CHAIN,
            f"This would put you above {person.name} in the "
            "reporting lines, where you would read their coaching records. Another "
            "admin must make this change.",
        )


@bp.get("/areas")
@login_required
def list_areas():
    return jsonify({"areas": [a.to_dict() for a in Area.select().order_by(Area.name)]})


@bp.post("/areas")
@login_required
def add_area():
    body = parse_body(NewArea)
    if not access.may_manage_areas(current_scope()):
        raise ApiError(403, Code.FORBIDDEN, "Only admins manage areas.")
    parent = Area.get_or_none(Area.id == body.parent_id) if body.parent_id else None
    expected = PARENT_KIND[body.kind]
    if (parent.kind if parent else None) != expected:
        raise ApiError(
            400,
            Code.BAD_PARENT,
            f"A {body.kind} belongs "
            + (f"in a {expected}." if expected else "at the top, in no other area."),
        )
    area = Area.create(name=body.name, kind=body.kind, parent=parent)
    return jsonify({"area": area.to_dict()}), 201


from . import helpers  # noqa: E402,F401  (the helper search: helpers.py, same blueprint)
from . import lookup  # noqa: E402,F401  (finding a workshop participant by name: lookup.py)
