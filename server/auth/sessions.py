"""Sessions with flask-login: a signed cookie naming the person, their session epoch, and a
server-side login session that signing out deletes."""

import secrets
from functools import wraps

from flask import g, session
from flask_login import LoginManager, current_user, login_user, logout_user

from ..access import Scope
from ..db import Prepared
from ..errors import ApiError, Code
from ..models import LoginSession, Person

login_manager = LoginManager()


_SIGNED_IN = Prepared(
    lambda person_id, sid: Person.select()
    .join(LoginSession, on=(LoginSession.person == Person.id))
    .where((Person.id == person_id) & (LoginSession.id == sid))
    .limit(1)
)


@login_manager.user_loader
def _load(user_id):
    # One query on every request: the person, only if this cookie's login session is still
    # theirs (signing out, or out everywhere, deletes it).
    person_id, _, epoch = user_id.partition(":")
    sid = session.get("sid")
    if type(sid) is not str:
        return None
    person = _SIGNED_IN.first(person_id, sid)
    if person is None or not person.active or str(person.session_epoch) != epoch:
        return None
    return person


@login_manager.unauthorized_handler
def _unauthorized():
    raise ApiError(
        401,
        Code.UNAUTHENTICATED,
        "Sign in with your passkey to continue. Changes waiting on this device are kept.",
    )


def sign_in(person, credential=None):
    """A fresh session for `person`, remembering the passkey (`credential`) that opened it."""
    sign_out()  # a fresh session: nothing of a previous sign-in carries over
    session.permanent = True
    session["sid"] = LoginSession.create(
        id=secrets.token_urlsafe(32), person=person, credential=credential
    ).id
    login_user(person)


def sign_out():
    if session.get("sid"):
        LoginSession.delete().where(LoginSession.id == session["sid"]).execute()
    logout_user()
    session.clear()


def login_required(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            return _unauthorized()
        return view(*args, **kwargs)

    return wrapper


def current_scope():
    if "scope" not in g:
        g.scope = Scope(current_user._get_current_object())
    return g.scope


def init_app(app):
    login_manager.init_app(app)
    login_manager.session_protection = None  # phones change networks all shift long
