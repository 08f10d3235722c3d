"""Reminders by Web Push, end to end (issue 13.5; docs/decisions.md §90-§92).

No mock of the encryption: each device is tests/push_receiver.py's, with a real P-256 key pair
and auth secret; its endpoint is a local http receiver, which decrypts each message (RFC 8291,
aes128gcm) as a browser would. `flask --app server send-reminders` is the real command."""

from datetime import datetime, timedelta, timezone

import pytest

from server import create_app

from .coaching_data import challenge_args, checkin_args, create
from .conftest import ORIGIN, make_config
from .push_receiver import Receiver

TITLE = "Cut changeover on press 4"


@pytest.fixture
def app(database_url, tmp_path):
    """The app as in conftest, also taking http:// endpoints (the local receiver)."""
    app = create_app(
        make_config(
            database_url,
            ATTACHMENTS_DIR=str(tmp_path / "attachments"),
            PUSH_HTTP_ENDPOINTS=True,
            VAPID_SUBJECT="mailto:ops@example.com",
        )
    )
    yield app


@pytest.fixture
def receiver():
    with Receiver() as running:
        yield running


def run(app, *args):
    result = app.test_cli_runner().invoke(args=list(args))
    assert result.exit_code == 0, result.output
    return result.output


def reminders_on(api, device=None, **settings):
    answer = api.client.put(
        "/api/push/settings",
        json={"enabled": True, "timeZone": "UTC"} | settings,
        headers={"Origin": ORIGIN},
    )
    assert answer.status_code == 200, answer.json
    if device is not None:
        subscribed = api.post("/api/push/subscriptions", device.subscription())
        assert subscribed.status_code == 201, subscribed.json
    return api.get("/api/push/settings").json["settings"]


def due_today(team):
    """Maya's challenge for Lee: past its due date, and its check-in due today (UTC)."""
    today = datetime.now(timezone.utc).date()
    challenge_id = create(
        team["maya"],
        "challenge",
        challenge_args(team["lee"], dueOn=(today - timedelta(days=1)).isoformat()),
    )
    create(team["maya"], "checkin", checkin_args(challenge_id, nextCheckinOn=today.isoformat()))
    return challenge_id


def test_a_coach_and_her_learner_read_their_reminders_decrypted_on_their_devices_once_a_day(
    app, team, receiver
):
    run(app, "setup")
    maya_phone, lee_phone, rui_phone = receiver.device(), receiver.device(), receiver.device()
    reminders_on(team["maya"], maya_phone)
    reminders_on(team["lee"], lee_phone)
    reminders_on(team["rui"], rui_phone)  # Maya's manager: her coaching is not his reminder
    challenge_id = due_today(team)

    output = run(app, "send-reminders")

    assert "Reminded 2 people (2 notifications)" in output
    [maya_sees] = maya_phone.messages
    assert maya_sees["body"] == f"Check-in due: {TITLE}\nPast its due date: {TITLE}"
    assert maya_sees["url"] == "/" and maya_sees["count"] == 2
    assert maya_sees["title"] == "Gembakit reminders"
    [lee_sees] = lee_phone.messages
    assert lee_sees["body"] == f"Past its due date: {TITLE}"
    assert lee_sees["url"] == f"/challenges/{challenge_id}" and lee_sees["count"] == 1
    assert rui_phone.messages == []
    # Signed with the server's VAPID key (made by setup), as push services require.
    public_key = team["maya"].get("/api/push/key").json["publicKey"]
    assert maya_phone.headers[0]["authorization"].startswith("vapid t=")
    assert maya_phone.headers[0]["authorization"].endswith(f"k={public_key}")
    assert maya_phone.headers[0]["content-encoding"] == "aes128gcm"

    requests = receiver.requests
    assert "Reminded 0 people" in run(app, "send-reminders")  # a scheduler runs it again
    assert receiver.requests == requests and len(maya_phone.messages) == 1


def test_a_reminder_speaks_the_language_the_person_uses_the_app_in(app, team, receiver):
    run(app, "setup")
    phone = receiver.device()
    reminders_on(team["lee"], phone, language="fr")
    due_today(team)
    run(app, "send-reminders")
    [message] = phone.messages
    assert (message["title"], message["body"]) == ("Rappels Gembakit", f"Défi en retard : {TITLE}")


def test_a_reminder_shows_titles_only_never_the_notes_behind_them(app, team, receiver):
    run(app, "setup")
    phone = receiver.device()
    reminders_on(team["maya"], phone)
    challenge_id = due_today(team)
    create(
        team["maya"],
        "checkin",
        checkin_args(
            challenge_id,
            notes="Lee was upset about the shift change",
            at="2026-11-26T10:00:00Z",
            nextCheckinOn=datetime.now(timezone.utc).date().isoformat(),
        ),
    )
    run(app, "send-reminders")
    [message] = phone.messages
    assert "upset" not in str(message) and "Changeover takes" not in str(message)


def test_quiet_hours_send_nothing_and_the_reminder_comes_after_them(app, team, receiver):
    run(app, "setup")
    phone = receiver.device()
    now = datetime.now(timezone.utc)
    # Quiet hours around now in Maya's time zone (Tokyo: UTC+9, no daylight saving).
    tokyo = now + timedelta(hours=9)
    quiet = {
        "quietFrom": (tokyo - timedelta(hours=1)).strftime("%H:%M"),
        "quietTo": (tokyo + timedelta(hours=1)).strftime("%H:%M"),
        "timeZone": "Asia/Tokyo",
    }
    settings = reminders_on(team["maya"], phone, **quiet)
    assert settings == {"enabled": True, **quiet, "language": "en", "devices": 1}
    today = tokyo.date()
    challenge_id = create(team["maya"], "challenge", challenge_args(team["lee"]))
    create(team["maya"], "checkin", checkin_args(challenge_id, nextCheckinOn=today.isoformat()))

    assert "1 in quiet hours" in run(app, "send-reminders")
    assert phone.messages == [] and receiver.requests == 0

    reminders_on(team["maya"], timeZone="Asia/Tokyo")  # quiet hours taken off
    run(app, "send-reminders")
    assert [m["body"] for m in phone.messages] == [f"Check-in due: {TITLE}"]
    assert phone.messages[0]["url"] == f"/challenges/{challenge_id}/checkin"


def test_reminders_off_or_no_device_send_nothing(app, team, receiver):
    run(app, "setup")
    phone = receiver.device()
    reminders_on(team["maya"], phone)
    reminders_on(team["maya"], enabled=False)
    reminders_on(team["lee"])  # on, but no device subscribed
    due_today(team)
    assert "Reminded 0 people" in run(app, "send-reminders")
    assert receiver.requests == 0


def test_a_subscription_the_push_service_says_is_gone_is_removed(app, team, receiver):
    run(app, "setup")
    old_phone, new_phone = receiver.device(), receiver.device()
    reminders_on(team["maya"], old_phone)
    reminders_on(team["maya"], new_phone)
    old_phone.answer = 410
    due_today(team)

    assert "1 expired subscriptions removed" in run(app, "send-reminders")
    assert len(new_phone.messages) == 1
    assert team["maya"].get("/api/push/settings").json["settings"]["devices"] == 1
    run(app, "send-reminders")  # nothing new, and the gone endpoint is not asked again
    assert receiver.requests == 2


def test_setup_makes_the_key_once_and_never_replaces_it(app, team):
    assert team["maya"].get("/api/push/key").status_code == 503  # before setup
    assert team["maya"].get("/api/push/key").json["error"]["code"] == "push_not_set_up"
    assert "Made the Web Push (VAPID) key pair" in run(app, "setup")
    key = team["maya"].get("/api/push/key").json["publicKey"]
    assert "key pair is in place" in run(app, "setup")
    assert team["maya"].get("/api/push/key").json["publicKey"] == key
    assert len(key) == 87  # base64url of an uncompressed P-256 point (65 bytes)


def test_each_person_changes_only_their_own_devices(app, team, receiver):
    run(app, "setup")
    phone = receiver.device()
    reminders_on(team["maya"], phone)
    body = {"endpoint": phone.subscription()["endpoint"]}
    taken = team["ada"].client.delete(
        "/api/push/subscriptions", json=body, headers={"Origin": ORIGIN}
    )
    assert taken.status_code == 404
    assert team["maya"].get("/api/push/settings").json["settings"]["devices"] == 1
    assert team["ada"].get("/api/push/settings").json["settings"] == {
        "enabled": False,
        "quietFrom": None,
        "quietTo": None,
        "timeZone": "UTC",
        "language": "en",
        "devices": 0,
    }
    gone = team["maya"].client.delete(
        "/api/push/subscriptions", json=body, headers={"Origin": ORIGIN}
    )
    assert gone.status_code == 200
    assert team["maya"].get("/api/push/settings").json["settings"]["devices"] == 0


def test_a_shared_device_subscribed_again_reminds_the_person_using_it_now(app, team, receiver):
    run(app, "setup")
    tablet = receiver.device()
    reminders_on(team["maya"], tablet)
    reminders_on(team["lee"], tablet)
    assert team["maya"].get("/api/push/settings").json["settings"]["devices"] == 0
    assert team["lee"].get("/api/push/settings").json["settings"]["devices"] == 1


@pytest.mark.parametrize(
    "change",
    [
        {"keys": {"p256dh": "A" * 87, "auth": "B" * 22}},  # not a point on P-256
        {"keys": {"p256dh": "not base64!", "auth": "B" * 22}},
        {"keys": None},
        {"endpoint": "ftp://127.0.0.1/push/x"},
        {"endpoint": "x" * 1001},
        {"extra": 1},
        {"expirationTime": "soon"},
    ],
)
def test_a_bad_subscription_is_refused_and_nothing_is_kept(app, team, receiver, change):
    run(app, "setup")
    subscription = receiver.device().subscription() | change
    answer = team["maya"].post("/api/push/subscriptions", subscription)
    assert answer.status_code == 400, answer.json
    assert answer.json["error"]["code"] == "validation_error"
    assert team["maya"].get("/api/push/settings").json["settings"]["devices"] == 0


def test_production_takes_only_https_push_endpoints(app, team, receiver):
    run(app, "setup")
    app.config["PUSH_HTTP_ENDPOINTS"] = False
    answer = team["maya"].post("/api/push/subscriptions", receiver.device().subscription())
    assert answer.status_code == 400 and "https" in answer.json["error"]["message"]


@pytest.mark.parametrize(
    "settings",
    [
        {"enabled": True, "quietFrom": "22:00"},  # without its end
        {"enabled": True, "quietFrom": "22:00", "quietTo": "22:00"},
        {"enabled": True, "quietFrom": "25:00", "quietTo": "07:00"},
        {"enabled": True, "timeZone": "Mars/Olympus"},
        {"enabled": True, "timeZone": "../../etc/passwd"},
        {"enabled": "yes"},
        {"enabled": True, "language": "de"},
        {},
    ],
)
def test_bad_reminder_settings_are_refused_and_nothing_changes(app, team, settings):
    answer = team["maya"].client.put(
        "/api/push/settings", json=settings, headers={"Origin": ORIGIN}
    )
    assert answer.status_code == 400, answer.json
    assert team["maya"].get("/api/push/settings").json["settings"]["enabled"] is False


def test_reminders_need_a_signed_in_person(app):
    anonymous = app.test_client()
    assert anonymous.get("/api/push/key").status_code == 401
    assert anonymous.get("/api/push/settings").status_code == 401


def test_quiet_hours_across_midnight():
    from types import SimpleNamespace

    from server.push import in_quiet_hours

    night = SimpleNamespace(quiet_from="21:30", quiet_to="07:00")
    at = lambda hh, mm: datetime(2026, 12, 1, hh, mm)  # noqa: E731
    assert in_quiet_hours(at(23, 0), night) and in_quiet_hours(at(6, 59), night)
    assert not in_quiet_hours(at(7, 0), night) and not in_quiet_hours(at(12, 0), night)
    lunch = SimpleNamespace(quiet_from="12:00", quiet_to="13:00")
    assert in_quiet_hours(at(12, 30), lunch) and not in_quiet_hours(at(13, 0), lunch)


def test_a_long_day_lists_three_titles_and_says_how_many_more():
    from types import SimpleNamespace

    from server.push import payload

    challenges = [
        SimpleNamespace(id=f"c{i}", title=f"Challenge {i} " + "x" * (80 if i == 0 else 0))
        for i in range(5)
    ]
    message = payload([("checkin", c) for c in challenges], count=7)
    first, *_ = message["body"].split(", ")
    assert message["body"].startswith("5 check-ins due: ") and message["body"].endswith(
        " and 2 more"
    )
    assert len(first) == len("5 check-ins due: ") + 60 and first.endswith("…")
    assert message["url"] == "/" and message["count"] == 7


def test_send_reminders_before_setup_says_what_to_run(app):
    result = app.test_cli_runner().invoke(args=["send-reminders"])
    assert result.exit_code != 0 and "flask setup" in result.output


def test_the_contact_push_services_see_falls_back_locally_and_a_bad_one_stops_the_run(
    app, team, receiver
):
    run(app, "setup")
    phone = receiver.device()
    reminders_on(team["maya"], phone)
    due_today(team)
    app.config["VAPID_SUBJECT"] = "ops at the plant"
    refused = app.test_cli_runner().invoke(args=["send-reminders"])
    assert refused.exit_code != 0 and "VAPID_SUBJECT" in refused.output
    assert receiver.requests == 0
    app.config["VAPID_SUBJECT"] = ""  # and ORIGIN is http://localhost:5000: a local run
    run(app, "send-reminders")
    assert len(phone.messages) == 1
