"""People and their one-time invite links (tokens are stored only as SHA-256 hashes)."""

import hashlib
import secrets

from flask import current_app

from .. import access
from ..db import database
from ..errors import ApiError, Code
from ..models import Credential, Invite, Person, RecoveryRequest, utcnow


def _hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def create_person(name, is_admin=False, manager_id=None):
    if manager_id is not None and Person.get_or_none(Person.id == manager_id) is None:
        raise ApiError(400, Code.UNKNOWN_MANAGER, "That manager does not exist.")
    return Person.create(name=name.strip(), is_admin=is_admin, manager=manager_id)


def issue_invite(person, origin, created_by=None, kind="invite", ttl=None, details=None):
    """A fresh one-time link for `person`; older unused links for them stop working. Who
    may have which kind is decided by the caller (access.link_for); every link is audited."""
    from .. import audit

    ttl = ttl or current_app.config["INVITE_TTL"]
    token = secrets.token_urlsafe(32)
    now = utcnow()
    with database.atomic():
        Invite.update(expires_at=now).where(
            (Invite.person == person.id) & Invite.used_at.is_null() & (Invite.expires_at > now)
        ).execute()
        Invite.create(
            person=person,
            token_hash=_hash(token),
            kind=kind,
            created_by=created_by,
            expires_at=now + ttl,
        )
        if kind == "recovery":
            resolved = (
                RecoveryRequest.update(resolved_at=now, resolved_by=created_by)
                .where(
                    (RecoveryRequest.person == person.id) & RecoveryRequest.resolved_at.is_null()
                )
                .execute()
            )
            details = (details or {}) | ({"requestsResolved": resolved} if resolved else {})
        audit.record(
            "recovery_issued" if kind == "recovery" else "invite_issued",
            person,
            details=(details or {}) | {"kind": kind, "expiresAt": _iso(now + ttl)},
            actor=created_by,
        )
    return f"{origin.rstrip('/')}/{kind}/{token}"


def _iso(value):
    return value.isoformat(timespec="seconds") + "Z"


def has_passkey(person):
    return Credential.select().where(Credential.person == person.id).exists()


def recovery_link(person, origin, created_by=None, details=None):
    """A link back into an account: a recovery link when the person has a passkey, else a
    plain invite (they never enrolled). Callers check that `created_by` may have one."""
    kind = "recovery" if has_passkey(person) else "invite"
    return issue_invite(person, origin, created_by=created_by, kind=kind, details=details), kind


def request_recovery(person, requested_by):
    """A manager's request for a recovery link: one open request per person is enough."""
    from .. import audit

    with database.atomic():
        open_request = RecoveryRequest.get_or_none(
            (RecoveryRequest.person == person.id) & RecoveryRequest.resolved_at.is_null()
        )
        if open_request is None:  # asking again adds nothing: not to the log either
            open_request = RecoveryRequest.create(person=person, requested_by=requested_by)
            audit.record(
                "recovery_requested",
                person,
                actor=requested_by,
                details={"requestId": open_request.id},
            )
    return open_request


def find_valid_invite(token):
    invite = Invite.get_or_none(Invite.token_hash == _hash(token))
    if invite is None:
        raise ApiError(
            404,
            Code.INVITE_UNKNOWN,
            "This invite link is not valid. Check that you "
            "opened the whole link, or ask for a new one.",
        )
    if invite.used_at is not None or invite.expires_at <= utcnow():
        raise ApiError(
            410,
            Code.INVITE_USED,
            "This invite link was already used or has expired. "
            "Ask your manager or admin for a new one.",
        )
    if not invite.person.active:
        raise ApiError(410, Code.INVITE_USED, "This account is disabled. Ask your admin.")
    if not access.link_may_add_passkey(invite.kind, has_passkey(invite.person)):
        # Only a recovery link (from an admin, audited, ending other sessions) may add a
        # passkey to an account in use; a plain invite from before it was used is dead.
        raise ApiError(
            410,
            Code.INVITE_USED,
            f"{invite.person.name} already has a passkey, so "
            "this invite link no longer works. If they lost their device, an admin "
            "can make a recovery link.",
        )
    return invite


def setup_link(origin):
    """The first-admin setup link, while no admin has a passkey yet; else None."""
    has_admin = Credential.select().join(Person).where(Person.is_admin & Person.active).exists()
    if has_admin:
        return None
    admin = Person.select().where(Person.is_admin).order_by(Person.created_at).first()
    if admin is None:
        admin = create_person("Admin", is_admin=True)
    return issue_invite(admin, origin, kind="setup")
