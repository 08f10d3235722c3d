"""Passkey sign-up (by invite) and sign-in with py_webauthn; managing one's own passkeys.

Each registration or sign-in is a WebAuthn *ceremony*: options (with the standard's one-time
`challenge`), then a verify that uses the ceremony up. "Challenge" alone, elsewhere in the
app, is a coaching challenge.
"""

import secrets
from typing import Optional

from flask import Blueprint, Response, current_app, jsonify, session
from flask_login import current_user
from peewee import IntegrityError
from pydantic import Field
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import (
    base64url_to_bytes,
    bytes_to_base64url,
    decode_credential_public_key,
)
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)
from webauthn.helpers.cose import COSEAlgorithmIdentifier
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

from .. import access, audit
from ..db import database
from ..errors import ApiError, Code
from ..limits import auth_limit, limiter
from ..models import Ceremony, Credential, Invite, LoginSession, Person, utcnow
from ..people.invites import find_valid_invite, has_passkey
from ..validation import Body, parse_body
from .sessions import login_required, sign_in, sign_out

bp = Blueprint("auth", __name__, url_prefix="/api")

ALGORITHMS = [COSEAlgorithmIdentifier.EDDSA, COSEAlgorithmIdentifier.ECDSA_SHA_256]
# The session cookie names the browser's ceremony in progress (one at a time).
CEREMONY_KEY = "webauthn_ceremony"
# A passkey's name (its nickname), as its owner sees it in Account.
NICKNAME_MAX = 80

# What a person can do when a ceremony fails. The library's own message (sign counts, CBOR,
# flags) goes to the server log only: it tells a person nothing and an attacker a little.
CREATE_FAILED = (
    "This device could not create a passkey that the app accepts. Try again; if "
    "it fails again, use an up-to-date browser or another device, or ask for a "
    "new link."
)
SIGN_IN_FAILED = (
    "This passkey could not be verified. Try again. If it keeps failing, sign "
    "in with another of your passkeys and remove this one in Account, or ask "
    "your admin for a recovery link."
)


class RegisterOptions(Body):
    invite: Optional[str] = Field(default=None, max_length=200)


class RegisterVerify(Body):
    credential: dict
    nickname: Optional[str] = Field(default=None, max_length=NICKNAME_MAX)


class LoginVerify(Body):
    credential: dict


class Empty(Body):
    pass


class Rename(Body):
    nickname: str = Field(min_length=1, max_length=NICKNAME_MAX)


def _cfg(key):
    return current_app.config[key]


def _begin_ceremony(purpose, challenge, person=None, invite=None):
    """Remember a ceremony for this browser; it replaces one the browser had begun."""
    now = utcnow()
    Ceremony.delete().where(Ceremony.expires_at < now).execute()
    if session.get(CEREMONY_KEY):
        Ceremony.delete().where(Ceremony.id == session[CEREMONY_KEY]).execute()
    ceremony = Ceremony.create(
        id=secrets.token_urlsafe(32),
        purpose=purpose,
        challenge=challenge,
        person=person,
        invite=invite,
        expires_at=now + _cfg("CEREMONY_TTL"),
    )
    session[CEREMONY_KEY] = ceremony.id


def _end_ceremony(purpose):
    """The session's ceremony, used up: a second verify with it fails."""
    ceremony_id = session.pop(CEREMONY_KEY, None)
    row = ceremony_id and Ceremony.get_or_none(
        (Ceremony.id == ceremony_id) & (Ceremony.purpose == purpose)
    )
    if not row or Ceremony.delete().where(Ceremony.id == row.id).execute() != 1:
        raise ApiError(
            400,
            Code.CHALLENGE_MISSING,
            "This sign-in attempt is not known or was already used. Start again.",
        )
    if row.expires_at < utcnow():
        raise ApiError(
            400, Code.CHALLENGE_EXPIRED, "This sign-in attempt took too long. Start again."
        )
    return row


def _json(options):
    return Response(options_to_json(options), mimetype="application/json")


@bp.post("/auth/register/options")
@limiter.limit(auth_limit)
def register_options():
    body = parse_body(RegisterOptions)
    invite = None
    if body.invite:
        invite = find_valid_invite(body.invite)
        person = invite.person
    elif current_user.is_authenticated:
        person = current_user._get_current_object()
    else:
        raise ApiError(
            401,
            Code.UNAUTHENTICATED,
            "Open your invite link to create a passkey, "
            "or sign in first to add one for another device.",
        )
    options = generate_registration_options(
        rp_id=_cfg("RP_ID"),
        rp_name=_cfg("RP_NAME"),
        user_name=person.name,
        user_id=person.webauthn_user_id,
        user_display_name=person.name,
        exclude_credentials=[
            PublicKeyCredentialDescriptor(id=c.credential_id) for c in person.credentials
        ],
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED,
            user_verification=UserVerificationRequirement.REQUIRED,
        ),
        supported_pub_key_algs=ALGORITHMS,
    )
    _begin_ceremony("register", options.challenge, person, invite)
    return _json(options)


@bp.post("/auth/register/verify")
@limiter.limit(auth_limit)
def register_verify():
    body = parse_body(RegisterVerify)
    ceremony = _end_ceremony("register")
    person = ceremony.person
    signed_in = current_user if current_user.is_authenticated else None
    if ceremony.invite_id is None and not access.may_add_own_passkey(signed_in, person):
        raise ApiError(401, Code.UNAUTHENTICATED, "Sign in again to add a passkey.")
    try:
        verified = verify_registration_response(
            credential=body.credential,
            expected_challenge=ceremony.challenge,
            expected_rp_id=_cfg("RP_ID"),
            expected_origin=_cfg("ORIGIN"),
            require_user_verification=True,
            supported_pub_key_algs=ALGORITHMS,
        )
    except (WebAuthnException, ValueError, TypeError, KeyError) as exc:
        current_app.logger.info("passkey registration refused: %s", exc)
        raise ApiError(400, Code.PASSKEY_INVALID, CREATE_FAILED) from None
    transports = body.credential.get("response", {}).get("transports") or []
    invite = Invite.get_by_id(ceremony.invite_id) if ceremony.invite_id else None
    with database.atomic():
        if invite is not None:
            _use_invite(invite, person)
        try:
            credential = Credential.create(
                person=person,
                credential_id=verified.credential_id,
                public_key=verified.credential_public_key,
                sign_count=verified.sign_count,
                transports=[str(t) for t in transports][:8],
                nickname=body.nickname or "Passkey",
                added_via=invite.kind if invite else "device",
                added_by=invite.created_by_id if invite else person.id,
            )
        except IntegrityError:
            raise ApiError(
                409, Code.PASSKEY_EXISTS, "This passkey is already registered."
            ) from None
        _audit_new_passkey(person, credential, invite)
        if invite is not None and invite.kind == "recovery":
            end_every_session(person)
    if invite is not None:
        # With the session epoch a recovery just moved on, and the new passkey as this browser's.
        sign_in(Person.get_by_id(person.id), credential)
    # A signed-in browser adding a passkey stays signed in with the one it opened with.
    return jsonify({"user": person.to_dict()})


def _use_invite(invite, person):
    used = (
        Invite.update(used_at=utcnow())
        .where((Invite.id == invite.id) & Invite.used_at.is_null() & (Invite.expires_at > utcnow()))
        .execute()
    )
    if used != 1:
        raise ApiError(
            410,
            Code.INVITE_USED,
            "This invite link was already used or has "
            "expired. Ask your manager or admin for a new one.",
        )
    if not access.link_may_add_passkey(invite.kind, has_passkey(person)):
        raise ApiError(
            410,
            Code.INVITE_USED,
            "You already have a passkey, so this invite link "
            "no longer works. If you lost your device, ask your admin for a "
            "recovery link.",
        )


def _audit_new_passkey(person, credential, invite):
    details = {"passkeyId": credential.id, "nickname": credential.nickname}
    if invite is None:
        audit.record("passkey_added", person, details, actor=person.id)
        return
    details |= {"kind": invite.kind, "issuedBy": invite.created_by_id}
    action = "recovery_used" if invite.kind == "recovery" else "invite_used"
    audit.record(action, person, details, actor=person.id)


def end_every_session(person):
    """Sign `person` out on every device: their cookies name an old epoch, and their server
    sessions are gone."""
    Person.update(session_epoch=Person.session_epoch + 1).where(Person.id == person.id).execute()
    LoginSession.delete().where(LoginSession.person == person.id).execute()


@bp.post("/auth/login/options")
@limiter.limit(auth_limit)
def login_options():
    parse_body(Empty)
    options = generate_authentication_options(
        rp_id=_cfg("RP_ID"),
        allow_credentials=[],
        user_verification=UserVerificationRequirement.REQUIRED,
    )
    _begin_ceremony("login", options.challenge)
    return _json(options)


@bp.post("/auth/login/verify")
@limiter.limit(auth_limit)
def login_verify():
    body = parse_body(LoginVerify)
    ceremony = _end_ceremony("login")
    try:
        raw_id = base64url_to_bytes(str(body.credential.get("rawId") or body.credential["id"]))
    except (KeyError, ValueError, TypeError):
        raise ApiError(400, Code.PASSKEY_INVALID, "The passkey answer is malformed.") from None
    credential = Credential.get_or_none(Credential.credential_id == raw_id)
    if credential is None:
        raise ApiError(
            400,
            Code.PASSKEY_UNKNOWN,
            "This passkey is not registered here (it may "
            "have been removed). Use another one, or ask for a new invite link.",
        )
    person = credential.person
    if not person.active:
        raise ApiError(403, Code.ACCOUNT_DISABLED, "This account is disabled. Ask your admin.")
    try:
        verified = verify_authentication_response(
            credential=body.credential,
            expected_challenge=ceremony.challenge,
            expected_rp_id=_cfg("RP_ID"),
            expected_origin=_cfg("ORIGIN"),
            credential_public_key=credential.public_key,
            credential_current_sign_count=credential.sign_count,
            require_user_verification=True,
        )
    except (WebAuthnException, ValueError, TypeError, KeyError) as exc:
        current_app.logger.info("passkey sign-in refused: %s", exc)
        raise ApiError(400, Code.PASSKEY_INVALID, SIGN_IN_FAILED) from None
    handle = body.credential.get("response", {}).get("userHandle")
    if handle and base64url_to_bytes(handle) != person.webauthn_user_id:
        raise ApiError(400, Code.PASSKEY_INVALID, SIGN_IN_FAILED)
    Credential.update(sign_count=verified.new_sign_count, last_used_at=utcnow()).where(
        Credential.id == credential.id
    ).execute()
    sign_in(person, credential)
    return jsonify({"user": person.to_dict()})


@bp.post("/auth/logout")
def logout():
    sign_out()
    return jsonify({"ok": True})


# --- one's own passkeys -----------------------------------------------------------------


def _own_credential(credential_id):
    credential = Credential.get_or_none(
        (Credential.id == credential_id) & (Credential.person == current_user.id)
    )
    if credential is None:
        raise ApiError(404, Code.NOT_FOUND, "No such passkey on your account.")
    return credential


@bp.get("/me/credentials")
@login_required
def list_credentials():
    rows = (
        Credential.select()
        .where(Credential.person == current_user.id)
        .order_by(Credential.created_at)
    )
    mine = (
        LoginSession.select(LoginSession.credential)
        .where(LoginSession.id == session.get("sid", ""))
        .scalar()
    )
    return jsonify(
        {"credentials": [c.to_dict() | {"thisDevice": c.id == mine} | _public_key(c) for c in rows]}
    )


def _public_key(credential):
    """What a shared device needs to check this passkey offline (decisions §109): the WebAuthn
    credential id and the public key as SPKI (DER, base64url) with its COSE algorithm, for
    EdDSA (Ed25519), ES256 (P-256) and RS256. Other kinds get publicKey null (online only)."""
    spki, alg = None, None
    try:
        decoded = decode_credential_public_key(bytes(credential.public_key))
        alg = int(decoded.alg)
        if alg == COSEAlgorithmIdentifier.ECDSA_SHA_256 and int(getattr(decoded, "crv", 0)) == 1:
            key = ec.EllipticCurvePublicNumbers(
                int.from_bytes(decoded.x, "big"), int.from_bytes(decoded.y, "big"), ec.SECP256R1()
            ).public_key()
        elif alg == COSEAlgorithmIdentifier.EDDSA and int(getattr(decoded, "crv", 0)) == 6:
            key = ed25519.Ed25519PublicKey.from_public_bytes(decoded.x)
        elif alg == COSEAlgorithmIdentifier.RSASSA_PKCS1_v1_5_SHA_256:
            key = rsa.RSAPublicNumbers(
                int.from_bytes(decoded.e, "big"), int.from_bytes(decoded.n, "big")
            ).public_key()
        else:
            key = None
        if key is not None:
            spki = bytes_to_base64url(
                key.public_bytes(
                    serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
                )
            )
    except Exception:  # a key py_webauthn or cryptography cannot read: online unlock only
        spki = None
    return {
        "credentialId": bytes_to_base64url(bytes(credential.credential_id)),
        "publicKey": spki,
        "alg": alg if spki else None,
    }


@bp.patch("/me/credentials/<int64:credential_id>")
@login_required
def rename_credential(credential_id):
    body = parse_body(Rename)
    with database.atomic():
        credential = _own_credential(credential_id)
        before = credential.nickname
        credential.nickname = body.nickname
        credential.save()
        audit.record(
            "passkey_renamed",
            current_user.id,
            {"passkeyId": credential.id, "from": before, "to": credential.nickname},
        )
    return jsonify({"credential": credential.to_dict()})


@bp.delete("/me/credentials/<int64:credential_id>")
@login_required
def delete_credential(credential_id):
    with database.atomic():
        credential = _own_credential(credential_id)
        count = Credential.select().where(Credential.person == current_user.id).count()
        if count <= 1:
            raise ApiError(
                409,
                Code.LAST_CREDENTIAL,
                "This is your only passkey; add another "
                "before removing it, or you could not sign in again.",
            )
        # Whoever signed in with it is signed out (the lost phone, a stranger's recovery).
        ended = LoginSession.delete().where(LoginSession.credential == credential.id).execute()
        credential.delete_instance()
        audit.record(
            "passkey_removed",
            current_user.id,
            {
                "sessionsEnded": ended,
                "passkeyId": credential_id,
                "nickname": credential.nickname,
                "addedVia": credential.added_via,
            },
        )
    return jsonify({"ok": True})
