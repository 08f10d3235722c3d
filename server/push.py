"""Reminders by Web Push (issue 13.5; docs/decisions.md §90-§92).

- The server's VAPID key pair is made once by `flask --app server setup` and kept in the
  database (`push_key`), so every instance and every backup has the same one; nothing replaces
  it, since a new key would orphan every device's subscription (§90).
- `GET /api/push/key`: the public key a device subscribes with. `GET/PUT /api/push/settings`:
  the person's reminders on/off, quiet hours and time zone. `POST/DELETE
  /api/push/subscriptions`: this device's subscription (the signed-in person's own only).
- `flask --app server send-reminders` (a scheduler runs it, e.g. every 15 minutes): for each
  person with reminders on and a subscription, outside their quiet hours in their time zone,
  the due check-ins and overdue challenges not yet reminded of on their local day (§91), one
  notification per device; a 404/410 from the push service removes that subscription (§92).
"""

import base64
import json
import logging
import re
from datetime import datetime, timezone
from functools import lru_cache
from typing import Literal, Optional
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from flask import Blueprint, current_app, jsonify
from flask_login import current_user
from pydantic import Field, model_validator

from . import access
from .auth.sessions import login_required
from .db import database
from .errors import ApiError, Code
from .models import (
    CheckIn,
    Challenge,
    Person,
    PushKey,
    PushSubscription,
    ReminderSent,
    ReminderSetting,
    utcnow,
)
from .responses import Answer
from .validation import Body, parse_body

bp = Blueprint("push", __name__, url_prefix="/api/push")
log = logging.getLogger(__name__)

TIME = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
B64URL = r"^[A-Za-z0-9_-]+={0,2}$"
TITLES_SHOWN, TITLE_CHARS = 3, 60
TTL = 12 * 3600  # a reminder not delivered within 12 hours is not worth delivering


# --- the key pair (§90) --------------------------------------------------------------------


def _b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def ensure_key():
    """The VAPID key pair, made if there is none: (PushKey, made now?). Never replaces one."""
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
    from py_vapid import Vapid

    key = PushKey.get_or_none(PushKey.id == 1)
    if key is not None:
        return key, False
    vapid = Vapid()
    vapid.generate_keys()
    public = vapid.public_key.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    PushKey.insert(
        id=1,
        private_pem=vapid.private_pem().decode(),
        public_key=_b64url(public),
        created_at=utcnow(),
    ).on_conflict_ignore().execute()
    return PushKey.get_by_id(1), True  # another setup may have won the race: its key stands


def _key_or_503():
    key = PushKey.get_or_none(PushKey.id == 1)
    if key is None:
        raise ApiError(503, Code.PUSH_NOT_SET_UP, Code.PUSH_NOT_SET_UP.message)
    return key


# --- request and answer models --------------------------------------------------------------


@lru_cache(maxsize=1)
def _zones():
    return frozenset(available_timezones()) | {"UTC"}


class Settings(Body):
    enabled: bool
    quiet_from: Optional[str] = Field(None, pattern=TIME)
    quiet_to: Optional[str] = Field(None, pattern=TIME)
    time_zone: str = Field("UTC", min_length=1, max_length=64)
    language: Literal["en", "fr"] = "en"

    @model_validator(mode="after")
    def _consistent(self):
        if (self.quiet_from is None) != (self.quiet_to is None):
            raise ValueError("quietFrom and quietTo come together (or neither)")
        if self.quiet_from is not None and self.quiet_from == self.quiet_to:
            raise ValueError("quiet hours must start and end at different times")
        if self.time_zone not in _zones():
            raise ValueError("timeZone must be an IANA time zone, e.g. Europe/Paris")
        return self


class Keys(Body):
    p256dh: str = Field(min_length=80, max_length=100, pattern=B64URL)
    auth: str = Field(min_length=16, max_length=40, pattern=B64URL)


class NewSubscription(Body):
    # https only, unless PUSH_HTTP_ENDPOINTS (a local test receiver): checked in subscribe().
    endpoint: str = Field(min_length=10, max_length=1000, pattern=r"^https?://\S+$")
    expiration_time: Optional[float] = Field(None, ge=0)  # ms since the epoch; not kept
    keys: Keys


class EndpointOnly(Body):
    endpoint: str = Field(min_length=10, max_length=1000)


class PushKeyAnswer(Answer):
    publicKey: str


class SettingsBody(Answer):
    enabled: bool
    quietFrom: Optional[str] = None
    quietTo: Optional[str] = None
    timeZone: str
    language: str
    devices: int


class SettingsAnswer(Answer):
    settings: SettingsBody


class SubscriptionBody(Answer):
    endpoint: str


class SubscriptionAnswer(Answer):
    subscription: SubscriptionBody


def _describe():
    from .openapi import Op, describe
    from .responses import Ok

    describe(
        "GET",
        "/api/push/key",
        Op(
            "The server's VAPID public key, to subscribe a device with (503 before setup)",
            answer=PushKeyAnswer,
        ),
    )
    describe("GET", "/api/push/settings", Op("My reminder settings", answer=SettingsAnswer))
    describe(
        "PUT",
        "/api/push/settings",
        Op("Turn my reminders on or off; quiet hours in my time zone", Settings, SettingsAnswer),
    )
    describe(
        "POST",
        "/api/push/subscriptions",
        Op(
            "Subscribe this device to my reminders (its endpoint is mine from now on)",
            NewSubscription,
            SubscriptionAnswer,
            status=201,
        ),
    )
    describe(
        "DELETE",
        "/api/push/subscriptions",
        Op("Unsubscribe this device (one of my own subscriptions)", EndpointOnly, Ok),
    )


# --- routes ---------------------------------------------------------------------------------


@bp.get("/key")
@login_required
def public_key():
    return jsonify({"publicKey": _key_or_503().public_key})


def _settings_of(person_id):
    setting = ReminderSetting.get_or_none(ReminderSetting.person == person_id)
    devices = PushSubscription.select().where(PushSubscription.person == person_id).count()
    if setting is None:
        return {
            "enabled": False,
            "quietFrom": None,
            "quietTo": None,
            "timeZone": "UTC",
            "language": "en",
            "devices": devices,
        }
    return {
        "enabled": setting.enabled,
        "quietFrom": setting.quiet_from,
        "quietTo": setting.quiet_to,
        "timeZone": setting.time_zone,
        "language": setting.language,
        "devices": devices,
    }


@bp.get("/settings")
@login_required
def get_settings():
    return jsonify({"settings": _settings_of(current_user.id)})


@bp.put("/settings")
@login_required
def put_settings():
    body = parse_body(Settings)
    values = {
        "enabled": body.enabled,
        "quiet_from": body.quiet_from,
        "quiet_to": body.quiet_to,
        "time_zone": body.time_zone,
        "language": body.language,
        "updated_at": utcnow(),
    }
    with database.atomic():
        if (
            not ReminderSetting.update(values)
            .where(ReminderSetting.person == current_user.id)
            .execute()
        ):
            ReminderSetting.create(person=current_user.id, **values)
    return jsonify({"settings": _settings_of(current_user.id)})


def _check_endpoint(endpoint):
    schemes = (
        ("https://", "http://") if current_app.config["PUSH_HTTP_ENDPOINTS"] else ("https://",)
    )
    if not endpoint.startswith(schemes) or re.search(r"\s", endpoint):
        raise ApiError(
            400,
            Code.VALIDATION_ERROR,
            "The subscription's endpoint must be an https address of a push service.",
            {"field": "endpoint"},
        )


def _check_keys(keys):
    from cryptography.hazmat.primitives.asymmetric import ec

    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), _unb64url(keys.p256dh))
        auth_ok = len(_unb64url(keys.auth)) == 16
    except (ValueError, TypeError):
        auth_ok = False
    if not auth_ok:
        raise ApiError(
            400,
            Code.VALIDATION_ERROR,
            "The subscription's keys are not a P-256 public key and a 16-byte secret.",
            {"field": "keys"},
        )


@bp.post("/subscriptions")
@login_required
def subscribe():
    body = parse_body(NewSubscription)
    _check_endpoint(body.endpoint)
    _check_keys(body.keys)
    values = {"person": current_user.id, "p256dh": body.keys.p256dh, "auth": body.keys.auth}
    with database.atomic():
        # The browser hands an endpoint only to this app on this device: whoever subscribes it
        # last is the person using the device now (a shared tablet), so it moves to them.
        if (
            not PushSubscription.update(values)
            .where(PushSubscription.endpoint == body.endpoint)
            .execute()
        ):
            PushSubscription.create(endpoint=body.endpoint, **values)
    return jsonify({"subscription": {"endpoint": body.endpoint}}), 201


@bp.delete("/subscriptions")
@login_required
def unsubscribe():
    body = parse_body(EndpointOnly)
    removed = (
        PushSubscription.delete()
        .where(
            (PushSubscription.endpoint == body.endpoint)
            & (PushSubscription.person == current_user.id)
        )
        .execute()
    )
    if not removed:  # someone else's and unknown answer alike
        raise ApiError(404, Code.NOT_FOUND, "This device has no reminder subscription of yours.")
    return jsonify({"ok": True})


# --- what to remind of (§91) ----------------------------------------------------------------


def due_items(person_id, today):
    """[(kind, challenge)] a person is reminded of on their local day `today`: challenges
    whose latest check-in set a next date of today or before ("checkin"), and challenges past
    their due date ("overdue"); who is reminded of what is decided in access.py."""
    items = []
    challenges = list(Challenge.select().where(access.reminded_checkins_query(person_id)))
    if challenges:
        latest = {}
        for checkin in (
            CheckIn.select(CheckIn.challenge_id, CheckIn.at, CheckIn.next_checkin_on)
            .where(
                CheckIn.challenge_id.in_([c.id for c in challenges]) & (CheckIn.deleted == False)
            )
            .order_by(CheckIn.at)
        ):
            latest[checkin.challenge_id] = checkin
        for challenge in challenges:
            last = latest.get(challenge.id)
            if last is not None and last.next_checkin_on and last.next_checkin_on <= today:
                items.append(("checkin", challenge))
    for challenge in Challenge.select().where(
        access.reminded_overdue_query(person_id) & (Challenge.due_on < today)
    ):
        items.append(("overdue", challenge))
    scope = access.Scope(Person.get_by_id(person_id)) if items else None
    return [
        (kind, c)
        for kind, c in sorted(items, key=lambda i: (i[0], i[1].title, i[1].id))
        if access.may_read_reminder(scope, c)
    ]


# The notification's words, in the language the person uses the app in (sent with the setting).
WORDS = {
    "en": {
        "title": "Gembakit reminders",
        "checkin": "Check-in due: ",
        "checkins": "{n} check-ins due: ",
        "overdue": "Past its due date: ",
        "overdues": "{n} challenges past their due date: ",
        "more": " and {n} more",
    },
    "fr": {
        "title": "Rappels Gembakit",
        "checkin": "Point d’étape à faire : ",
        "checkins": "{n} points d’étape à faire : ",
        "overdue": "Défi en retard : ",
        "overdues": "{n} défis en retard : ",
        "more": " et {n} de plus",
    },
}


def _titles(challenges, words):
    names = [
        c.title if len(c.title) <= TITLE_CHARS else c.title[: TITLE_CHARS - 1] + "…"
        for c in challenges[:TITLES_SHOWN]
    ]
    more = len(challenges) - len(names)
    return ", ".join(names) + (words["more"].format(n=more) if more else "")


def payload(new, count, language="en"):
    """The notification: the titles of what is new today (titles its person may read), how
    many items wait in all (the app badge), and the screen a tap opens."""
    words = WORDS.get(language, WORDS["en"])
    checkins = [c for kind, c in new if kind == "checkin"]
    overdue = [c for kind, c in new if kind == "overdue"]
    lines = []
    if checkins:
        lines.append(
            (words["checkin"] if len(checkins) == 1 else words["checkins"].format(n=len(checkins)))
            + _titles(checkins, words)
        )
    if overdue:
        lines.append(
            (words["overdue"] if len(overdue) == 1 else words["overdues"].format(n=len(overdue)))
            + _titles(overdue, words)
        )
    if len(new) == 1:
        kind, challenge = new[0]
        url = f"/challenges/{challenge.id}" + ("/checkin" if kind == "checkin" else "")
    else:
        url = "/"
    return {
        "title": words["title"],
        "body": "\n".join(lines),
        "url": url,
        "count": count,
        "tag": "gembakit-reminders",
    }


def in_quiet_hours(local_time, setting):
    if not setting.quiet_from or not setting.quiet_to:
        return False
    now = local_time.strftime("%H:%M")
    start, end = setting.quiet_from, setting.quiet_to
    return start <= now < end if start < end else (now >= start or now < end)


def _zone(name):
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


FALLBACK_SUBJECT = "mailto:gembakit@localhost"  # a local run's; push services may refuse it


def _subject(vapid):
    """VAPID's contact: VAPID_SUBJECT, else ORIGIN when it is an https origin without a port,
    else a local fallback. One push services would refuse stops the run before any send."""
    from py_vapid import VapidException

    subject = current_app.config["VAPID_SUBJECT"]
    if not subject:
        origin = current_app.config["ORIGIN"]
        subject = origin if re.fullmatch(r"https://[\w.-]+\.[\w.-]+", origin) else FALLBACK_SUBJECT
    try:
        vapid.sign({"sub": subject, "aud": "https://push.example.com"})
    except VapidException:
        raise RuntimeError(
            f"VAPID_SUBJECT {subject!r} is not a contact push services accept: "
            "set it to mailto:you@your.domain or an https:// address."
        ) from None
    return subject


def send_reminders(now=None, send=None):
    """One run of the sender; returns counts for the log line. `now` is an aware datetime."""
    from py_vapid import Vapid
    from pywebpush import WebPushException, webpush

    key = PushKey.get_or_none(PushKey.id == 1)
    if key is None:
        raise RuntimeError(Code.PUSH_NOT_SET_UP.message)
    vapid = Vapid.from_pem(key.private_pem.encode())
    subject = _subject(vapid)
    send = send or webpush
    now = now or datetime.now(timezone.utc)
    counts = {"people": 0, "notifications": 0, "quiet": 0, "removed": 0, "failed": 0}
    settings = (
        ReminderSetting.select(ReminderSetting, Person)
        .join(Person)
        .where((ReminderSetting.enabled == True) & (Person.active == True))
    )
    for setting in settings:
        devices = list(
            PushSubscription.select().where(PushSubscription.person == setting.person_id)
        )
        if not devices:
            continue
        local = now.astimezone(_zone(setting.time_zone))
        if in_quiet_hours(local, setting):
            counts["quiet"] += 1
            continue
        today = local.date()
        items = due_items(setting.person_id, today)
        done = {
            (r.kind, r.record_id)
            for r in ReminderSent.select().where(
                (ReminderSent.person == setting.person_id) & (ReminderSent.on == today)
            )
        }
        new = [(kind, c) for kind, c in items if (kind, c.id) not in done]
        if not new:
            continue
        counts["people"] += 1
        data = json.dumps(payload(new, len(items), setting.language))
        delivered = False
        for device in devices:
            info = {
                "endpoint": device.endpoint,
                "keys": {"p256dh": device.p256dh, "auth": device.auth},
            }
            try:
                send(
                    info,
                    data=data,
                    vapid_private_key=vapid,
                    ttl=TTL,
                    timeout=10,
                    vapid_claims={"sub": subject},
                )
                delivered = True
                counts["notifications"] += 1
            except WebPushException as exc:
                status = exc.response.status_code if exc.response is not None else None
                if status in (404, 410):  # the push service forgot it: the device unsubscribed
                    device.delete_instance()
                    counts["removed"] += 1
                else:
                    counts["failed"] += 1
                    log.warning("push to a device of %s failed: %s", setting.person_id, status)
            except OSError as exc:  # requests' connection errors are OSErrors
                counts["failed"] += 1
                log.warning(
                    "push to a device of %s failed: %s", setting.person_id, type(exc).__name__
                )
        if delivered:  # else the next run tries again
            ReminderSent.insert_many(
                [
                    {
                        "person": setting.person_id,
                        "kind": kind,
                        "record_id": c.id,
                        "on": today,
                        "sent_at": utcnow(),
                    }
                    for kind, c in new
                ]
            ).on_conflict_ignore().execute()
    return counts


_describe()
