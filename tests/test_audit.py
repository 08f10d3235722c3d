"""The audit log (issue 7, item 4): every security action writes exactly one event, with who,
when and from where; admins read, filter and export it; each person sees their own."""

import csv
import io

import pytest

from server.audit import ACTIONS, csv_cell
from server.models import AuditEvent

from .conftest import Api
from .softauthn import SoftAuthenticator


def add_passkey(api, nickname="Tablet"):
    options = api.post("/api/auth/register/options", {}).json
    answer = api.post(
        "/api/auth/register/verify",
        {
            "credential": SoftAuthenticator(api.authenticator.origin).create(options),
            "nickname": nickname,
        },
    )
    assert answer.status_code == 200, answer.json
    return next(
        c["id"]
        for c in api.get("/api/me/credentials").json["credentials"]
        if c["nickname"] == nickname
    )


def first_passkey(api):
    return api.get("/api/me/credentials").json["credentials"][0]["id"]


def ok(response, status=200):
    assert response.status_code == status, response.json
    return response


def _invite_url(t):
    return t["maya"].post("/api/people", {"name": "Kim"}).json["inviteUrl"]


def _recovery_url(t):
    return t["root"].post(f"/api/people/{t['lee'].person.id}/invite", {}).json["inviteUrl"]


def _add_second(t, app):
    return add_passkey(t["lee"])


# action -> (prepare(team, app) -> thing, act(team, app, thing)); act is the one action.
STEPS = {
    "invite_issued": (
        None,
        lambda t, app, _: ok(t["maya"].post("/api/people", {"name": "Kim"}), 201),
    ),
    "invite_used": (lambda t, app: _invite_url(t), lambda t, app, url: ok(Api(app).enrol(url))),
    "recovery_issued": (
        None,
        lambda t, app, _: ok(t["root"].post(f"/api/people/{t['lee'].person.id}/invite", {})),
    ),
    "recovery_requested": (
        None,
        lambda t, app, _: ok(t["maya"].post(f"/api/people/{t['lee'].person.id}/invite", {}), 202),
    ),
    "recovery_used": (
        lambda t, app: _recovery_url(t),
        lambda t, app, url: ok(Api(app, t["lee"].person).enrol(url)),
    ),
    "passkey_added": (None, lambda t, app, _: add_passkey(t["lee"])),
    "passkey_renamed": (
        None,
        lambda t, app, _: ok(
            t["lee"].patch(
                f"/api/me/credentials/{first_passkey(t['lee'])}", {"nickname": "Old phone"}
            )
        ),
    ),
    "passkey_removed": (
        _add_second,
        lambda t, app, second: ok(t["lee"].delete(f"/api/me/credentials/{second}")),
    ),
    "person_renamed": (None, lambda t, app, _: ok(t["lee"].patch("/api/me", {"name": "Lee Chen"}))),
    "manager_changed": (
        None,
        lambda t, app, _: ok(
            t["root"].patch(f"/api/people/{t['lee'].person.id}", {"managerId": t["ada"].person.id})
        ),
    ),
    "admin_granted": (
        None,
        lambda t, app, _: ok(
            t["root"].patch(f"/api/people/{t['ada'].person.id}", {"isAdmin": True})
        ),
    ),
    "admin_revoked": (
        lambda t, app: ok(t["root"].patch(f"/api/people/{t['ada'].person.id}", {"isAdmin": True})),
        lambda t, app, _: ok(
            t["root"].patch(f"/api/people/{t['ada'].person.id}", {"isAdmin": False})
        ),
    ),
    "person_deactivated": (
        None,
        lambda t, app, _: ok(
            t["root"].patch(f"/api/people/{t['lee'].person.id}", {"active": False})
        ),
    ),
    "person_reactivated": (
        lambda t, app: ok(t["root"].patch(f"/api/people/{t['lee'].person.id}", {"active": False})),
        lambda t, app, _: ok(
            t["root"].patch(f"/api/people/{t['lee'].person.id}", {"active": True})
        ),
    ),
    "tombstones_purged": (
        None,
        lambda t, app, _: app.test_cli_runner().invoke(args=["purge-tombstones", "--days", "0"]),
    ),
    "audit_exported": (
        None,
        lambda t, app, _: ok(
            t["root"].get(
                "/api/audit/export", query_string={"format": "json", "personId": t["lee"].person.id}
            )
        ),
    ),
}


# Everything an event's details may say: ids, names, nicknames, link kinds, dates, counts.
# Never coaching content (docs/decisions.md §26).
DETAIL_KEYS = {
    "kind",
    "expiresAt",
    "newPerson",
    "admin",
    "managerId",
    "requestsResolved",
    "via",
    "requestId",
    "passkeyId",
    "nickname",
    "issuedBy",
    "from",
    "to",
    "addedVia",
    "count",
    "olderThanDays",
    "sessionsEnded",
    "fromName",
    "toName",
    "format",
    "personId",
}


def test_every_action_has_a_step():
    assert set(STEPS) == set(ACTIONS)


@pytest.mark.parametrize("action", ACTIONS)
def test_every_security_action_writes_exactly_one_event(team, app, action):
    prepare, act = STEPS[action]
    thing = prepare(team, app) if prepare else None
    with app.app_context():
        last = AuditEvent.select().order_by(AuditEvent.id.desc()).first()
        since = last.id if last else 0
    act(team, app, thing)
    with app.app_context():
        new = list(AuditEvent.select().where(AuditEvent.id > since))
    assert [e.action for e in new] == [action]
    event = new[0]
    assert event.at is not None
    assert set(event.details or {}) <= DETAIL_KEYS
    if action != "tombstones_purged":
        assert event.subject_id is not None
    if action == "tombstones_purged":
        assert event.actor_id is None and event.ip is None  # the CLI
    else:
        assert event.ip == "127.0.0.1"


def test_who_did_what_to_whom(team):
    root, lee, maya = team["root"], team["lee"], team["maya"]
    root.patch(f"/api/people/{lee.person.id}", {"managerId": team["ada"].person.id})
    event = root.get("/api/audit").json["events"][0]
    assert event["action"] == "manager_changed"
    assert event["actor"] == {"id": root.person.id, "name": "Root"}
    assert event["subject"] == {"id": lee.person.id, "name": "Lee"}
    assert event["details"] == {
        "from": maya.person.id,
        "to": team["ada"].person.id,
        "fromName": "Maya",
        "toName": "Ada",
    }
    assert event["ip"] == "127.0.0.1"
    # Lee reads the same names in his own events, though Ada is not someone he can list,
    # and they stay as they were when Ada later changes hers.
    team["ada"].patch("/api/me", {"name": "Ada Okafor"})
    mine = lee.get("/api/me/audit").json["events"]
    moved = next(e for e in mine if e["action"] == "manager_changed")
    assert (moved["details"]["fromName"], moved["details"]["toName"]) == ("Maya", "Ada")


def test_admins_filter_the_log_by_person_and_date_and_page_through_it(team):
    root, lee = team["root"], team["lee"]
    for name in ("Lee A", "Lee B", "Lee C"):
        lee.patch("/api/me", {"name": name})
    mine = root.get("/api/audit", query_string={"personId": lee.person.id}).json["events"]
    assert [e["action"] for e in mine[:3]] == ["person_renamed"] * 3
    assert {e["subject"]["id"] for e in mine} == {lee.person.id}
    page = root.get("/api/audit", query_string={"personId": lee.person.id, "limit": 2}).json
    assert len(page["events"]) == 2 and page["cursor"]
    rest = root.get(
        "/api/audit", query_string={"personId": lee.person.id, "limit": 2, "cursor": page["cursor"]}
    ).json
    assert rest["events"][0]["id"] < page["events"][-1]["id"]
    today = mine[0]["at"][:10]
    assert root.get("/api/audit", query_string={"from": today, "to": today}).json["events"]
    assert root.get("/api/audit", query_string={"to": "2020-01-01"}).json["events"] == []
    bad = root.get("/api/audit", query_string={"from": "yesterday"})
    assert bad.status_code == 400
    backwards = root.get("/api/audit", query_string={"from": "2026-02-01", "to": "2026-01-01"})
    assert backwards.status_code == 400


def test_only_admins_read_the_log_and_everyone_sees_the_events_about_them(team):
    root, lee, maya = team["root"], team["lee"], team["maya"]
    assert maya.get("/api/audit").status_code == 403
    assert maya.get("/api/audit.csv").status_code == 403
    root.patch(f"/api/people/{lee.person.id}", {"name": "Lee Chen"})
    maya.patch("/api/me", {"name": "Maya R"})
    own = lee.get("/api/me/audit").json["events"]
    assert own[0]["action"] == "person_renamed" and own[0]["actor"]["name"] == "Root"
    assert {e["subject"]["id"] for e in own} == {lee.person.id}
    assert all("ip" not in e for e in own)  # other people's addresses stay with the admins


def test_the_log_cannot_be_changed_or_deleted_through_the_api(team):
    root = team["root"]
    team["lee"].patch("/api/me", {"name": "Lee Chen"})  # an event to try it on
    event_id = root.get("/api/audit").json["events"][0]["id"]
    for call in (
        root.patch(f"/api/audit/{event_id}", {}),
        root.delete(f"/api/audit/{event_id}"),
        root.post("/api/audit", {}),
        root.delete("/api/audit"),
    ):
        assert call.status_code in (404, 405)


def test_the_csv_export_never_lets_a_spreadsheet_run_a_name_as_a_formula(team):
    root, lee = team["root"], team["lee"]
    lee.patch("/api/me", {"name": '=HYPERLINK("http://evil")'})
    answer = root.get("/api/audit.csv", query_string={"personId": lee.person.id})
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    assert "attachment" in answer.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(answer.get_data(as_text=True))))
    renamed = rows[0]
    assert renamed["action"] == "person_renamed"
    assert renamed["subject_name"].startswith("'=HYPERLINK")
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row.values())


@pytest.mark.parametrize(
    "text,expected",
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("Lee", "Lee"),
        ("", ""),
        (None, ""),
    ],
)
def test_csv_cells_are_defused(text, expected):
    assert csv_cell(text) == expected
