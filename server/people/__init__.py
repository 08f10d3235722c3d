"""People: who I am, my team, adding people and inviting them."""
from typing import Optional

from flask import Blueprint, current_app, jsonify
from flask_login import current_user
from pydantic import Field

from .. import access
from ..auth.sessions import current_scope, login_required
from ..errors import ApiError
from ..models import Credential, Person, iso
from ..validation import Body, parse_body
from .invites import create_person, find_valid_invite, issue_invite

bp = Blueprint("people", __name__, url_prefix="/api")


class NewPerson(Body):
    name: str = Field(min_length=1, max_length=120)
    is_admin: bool = False
    manager_id: Optional[str] = Field(default=None, max_length=36)


class Empty(Body):
    pass


@bp.get("/me")
@login_required
def me():
    scope = current_scope()
    person = scope.person
    manager = person.manager if person.manager_id else None
    return jsonify({
        "user": person.to_dict(),
        "manager": manager.summary() if manager else None,
        "reports": [p.summary() for p in person.reports.order_by(Person.name)],
        "people": [{"id": p.id, "name": p.name, "managerId": p.manager_id}
                   for p in scope.people()],
    })


@bp.get("/invites/<token>")
def invite_info(token):
    invite = find_valid_invite(token)
    return jsonify({"name": invite.person.name, "kind": invite.kind,
                    "expiresAt": iso(invite.expires_at)})


def _person_dict(person, with_passkey):
    return person.to_dict() | {"hasPasskey": person.id in with_passkey}


@bp.get("/people")
@login_required
def list_people():
    scope = current_scope()
    if scope.person.is_admin:
        query = Person.select()
    elif scope.subtree:
        query = Person.select().where(Person.id.in_(scope.subtree))
    else:
        raise ApiError(403, "forbidden", "Only admins and managers can list people.")
    people = list(query.order_by(Person.name))
    with_passkey = {c.person_id for c in Credential.select(Credential.person)
                    .where(Credential.person.in_([p.id for p in people]))} if people else set()
    return jsonify({"people": [_person_dict(p, with_passkey) for p in people]})


@bp.post("/people")
@login_required
def add_person():
    body = parse_body(NewPerson)
    scope = current_scope()
    if not access.may_invite(scope):
        raise ApiError(403, "forbidden", "Only admins and managers can add people.")
    manager_id = body.manager_id
    if not scope.person.is_admin:
        if body.is_admin:
            raise ApiError(403, "forbidden", "Only admins can make someone an admin.")
        manager_id = manager_id or scope.id
        if manager_id != scope.id and not scope.manages(manager_id):
            raise ApiError(403, "forbidden", "You can only add people to your own team.")
    person = create_person(body.name, body.is_admin, manager_id)
    url = issue_invite(person, current_app.config["ORIGIN"], created_by=scope.id)
    return jsonify({"person": _person_dict(person, set()), "inviteUrl": url}), 201


@bp.post("/people/<person_id>/invite")
@login_required
def reinvite(person_id):
    parse_body(Empty)
    scope = current_scope()
    person = Person.get_or_none(Person.id == person_id)
    if person is None or not access.may_manage_person(scope, person_id):
        raise ApiError(404, "not_found", "No such person in your team.")
    url = issue_invite(person, current_app.config["ORIGIN"], created_by=scope.id)
    return jsonify({"inviteUrl": url})
