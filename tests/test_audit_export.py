"""Admins download the audit log (issue 13 point 3, docs/decisions.md §98): the same filters as
the screen, as CSV (a spreadsheet opens it with accents, never runs a cell) or JSON; everyone
else gets 403, a format the server does not make gets 400, and each download is in the log."""

import csv
import io
import json

import pytest

EXPORT = "/api/audit/export"


def _rows(answer):
    text = answer.get_data(as_text=True)
    assert text.startswith("\ufeff")  # Excel reads UTF-8 only after a byte order mark
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_an_admin_downloads_the_log_as_csv_with_the_screens_filters(team):
    root, lee = team["root"], team["lee"]
    lee.patch("/api/me", {"name": "Léa Lefèvre"})
    answer = root.get(EXPORT, query_string={"format": "csv", "personId": lee.person.id})
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    disposition = answer.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and disposition.endswith('.csv"')
    rows = _rows(answer)
    assert rows[0]["action"] == "person_renamed"
    assert rows[0]["subject_name"] == "Léa Lefèvre"
    # Only events about Lee (as subject or actor), as on the screen.
    assert {lee.person.id} & {r["subject_id"] for r in rows} and all(
        lee.person.id in (r["subject_id"], r["actor_id"]) for r in rows
    )


def test_an_admin_downloads_the_log_as_json(team):
    root, lee = team["root"], team["lee"]
    lee.patch("/api/me", {"name": "Lee Chen"})
    answer = root.get(EXPORT, query_string={"format": "json", "personId": lee.person.id})
    assert answer.status_code == 200 and answer.mimetype == "application/json"
    assert answer.headers["Content-Disposition"].endswith('.json"')
    doc = json.loads(answer.get_data(as_text=True))
    assert doc["filters"]["personId"] == lee.person.id
    renamed = doc["events"][0]
    assert renamed["action"] == "person_renamed"
    assert renamed["subject"] == {"id": lee.person.id, "name": "Lee Chen"}
    assert renamed["details"] == {"from": lee.person.name, "to": "Lee Chen"}


def test_the_download_is_itself_in_the_log_and_the_person_sees_it(team):
    root, lee = team["root"], team["lee"]
    root.get(EXPORT, query_string={"personId": lee.person.id})  # CSV by default
    event = root.get("/api/audit").json["events"][0]
    assert event["action"] == "audit_exported"
    assert event["actor"]["id"] == root.person.id
    assert event["details"]["format"] == "csv" and event["details"]["personId"] == lee.person.id
    assert lee.get("/api/me/audit").json["events"][0]["action"] == "audit_exported"
    # The next download holds the one before (never itself).
    again = json.loads(root.get(EXPORT, query_string={"format": "json"}).get_data(as_text=True))
    assert again["events"][0]["action"] == "audit_exported"
    assert len([e for e in again["events"] if e["action"] == "audit_exported"]) == 1


@pytest.mark.parametrize("role", ["maya", "lee", "rui", "ada"])
def test_nobody_but_an_admin_downloads_the_log(team, role):
    for fmt in ("csv", "json", "xlsx"):
        answer = team[role].get(EXPORT, query_string={"format": fmt})
        assert answer.status_code == 403, (role, fmt)
        assert answer.json["error"]["code"] == "forbidden"
    assert team[role].get("/api/audit.csv").status_code == 403


@pytest.mark.parametrize(
    "query",
    [
        {"format": "xlsx"},
        {"format": ""},
        {"format": "csv", "from": "yesterday"},
        {"format": "json", "unknown": "1"},
        {"personId": "x" * 37},
    ],
)
def test_a_bad_export_request_is_a_clear_400_and_records_nothing(team, app, query):
    from server.models import AuditEvent

    root = team["root"]
    with app.app_context():
        before = AuditEvent.select().count()
    answer = root.get(EXPORT, query_string=query)
    assert answer.status_code == 400
    assert answer.json["error"]["code"] == "validation_error"
    with app.app_context():
        assert AuditEvent.select().count() == before


def test_a_backwards_date_range_is_refused(team):
    answer = team["root"].get(EXPORT, query_string={"from": "2026-02-01", "to": "2026-01-01"})
    assert answer.status_code == 400 and answer.json["error"]["code"] == "bad_range"


def test_the_csv_export_defuses_formulas_in_names(team):
    root, lee = team["root"], team["lee"]
    lee.patch("/api/me", {"name": '=HYPERLINK("http://evil")'})
    rows = _rows(root.get(EXPORT, query_string={"format": "csv", "personId": lee.person.id}))
    assert rows[0]["subject_name"].startswith("'=HYPERLINK")
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row.values())
