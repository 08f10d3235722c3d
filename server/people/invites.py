"""People and their one-time invite links (tokens are stored only as SHA-256 hashes)."""
import hashlib
import secrets

from flask import current_app

from ..db import database
from ..errors import ApiError
from ..models import Credential, Invite, Person, utcnow


def _hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def create_person(name, is_admin=False, manager_id=None):
    if manager_id is not None and Person.get_or_none(Person.id == manager_id) is None:
        raise ApiError(400, "unknown_manager", "That manager does not exist.")
    return Person.create(name=name.strip(), is_admin=is_admin, manager=manager_id)


def issue_invite(person, origin, created_by=None, kind="invite", ttl=None):
    """A fresh one-time link for `person`; older unused links for them stop working."""
    ttl = ttl or current_app.config["INVITE_TTL"]
    token = secrets.token_urlsafe(32)
    now = utcnow()
    with database.atomic():
        Invite.update(expires_at=now).where((Invite.person == person.id)
                                            & Invite.used_at.is_null()
                                            & (Invite.expires_at > now)).execute()
        Invite.create(person=person, token_hash=_hash(token), kind=kind, created_by=created_by,
                      expires_at=now + ttl)
    return f"{origin.rstrip('/')}/{kind}/{token}"


def find_valid_invite(token):
    invite = Invite.get_or_none(Invite.token_hash == _hash(token))
    if invite is None:
        raise ApiError(404, "invite_unknown", "This invite link is not valid. Check that you "
                       "opened the whole link, or ask for a new one.")
    if invite.used_at is not None or invite.expires_at <= utcnow():
        raise ApiError(410, "invite_used", "This invite link was already used or has expired. "
                       "Ask your manager or admin for a new one.")
    if not invite.person.active:
        raise ApiError(410, "invite_used", "This account is disabled. Ask your admin.")
    return invite


def setup_link(origin):
    """The first-admin setup link, while no admin has a passkey yet; else None."""
    has_admin = (Credential.select().join(Person)
                 .where(Person.is_admin & Person.active).exists())
    if has_admin:
        return None
    admin = Person.select().where(Person.is_admin).order_by(Person.created_at).first()
    if admin is None:
        admin = create_person("Admin", is_admin=True)
    return issue_invite(admin, origin, kind="setup")
