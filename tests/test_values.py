"""DESIGN.md "Values": strict JSON in and out, bounded integers and dates, clean text; and a
mutation that fails for any reason is rejected alone while the rest of its batch goes on.

Every story here once jammed a device (a push answering 500 on every retry) or broke the
sync of everyone who could see a record (a pull carrying `Infinity`). SQLite and PostgreSQL.
"""

import json
import math
import uuid

import psycopg2
import pytest

from server.models import Observation, RejectedMutation
from server.sync.registry import ENTITIES

from .conftest import ORIGIN, new_observation

pytestmark = pytest.mark.storage

CHALLENGE_ARGS = {
    "mode": "problem",
    "title": "Cut changeover",
    "problem": "Takes 40 minutes",
    "target": {"metric": "minutes", "baseline": 40, "value": 20, "unit": "min"},
    "dueOn": "2026-12-31",
    "details": {"whys": ["No standard"]},
}


def raw_push(api, text):
    """A push whose body is exactly `text` (so it may hold what json.dumps would not write)."""
    return api.client.post(
        "/api/sync/push", data=text, content_type="application/json", headers={"Origin": ORIGIN}
    )


def push_text(api, *mutations):
    return json.dumps({"clientId": api.client_id, "mutations": list(mutations)})


def statuses(response):
    return [r["status"] for r in response.json["results"]]


def strict_json(response):
    """The body as a browser's JSON.parse would read it: no NaN, no Infinity."""

    def refuse(name):
        raise AssertionError(f"{name} in a response")

    return json.loads(response.get_data(as_text=True), parse_constant=refuse)


@pytest.fixture
def coaching(team):
    """Maya coaches Lee on one challenge; Rui (Maya's manager) sees it too."""
    challenge_id = str(uuid.uuid4())
    created = team["maya"].push(
        team["maya"].mutation(
            "challenge.create", id=challenge_id, learnerId=team["lee"].person.id, **CHALLENGE_ARGS
        )
    )
    assert statuses(created) == ["applied"], created.json
    return team, challenge_id


# --- strict JSON ----------------------------------------------------------------------------


@pytest.mark.parametrize("number", ["1e999", "-1e999", "NaN", "Infinity", "-Infinity"])
def test_a_learner_cannot_send_a_number_json_cannot_carry(coaching, number):
    team, challenge_id = coaching
    lee = team["lee"]
    mutation = lee.mutation("challenge.update", id=challenge_id, baseVersion=0, actual=0)
    text = push_text(lee, mutation).replace('"actual": 0', f'"actual": {number}')
    response = raw_push(lee, text)
    assert response.status_code == 400
    assert response.json["error"]["code"] == "invalid_json"
    for person in ("maya", "rui", "lee"):
        page = team[person].pull(cursor="0")
        assert page.status_code == 200
        challenge = next(c for c in strict_json(page)["changes"] if c["id"] == challenge_id)
        assert challenge["data"]["actual"] is None


def test_a_non_finite_number_already_stored_is_sent_as_null(coaching, app):
    """Data written before values were checked must not break everyone's sync."""
    team, challenge_id = coaching
    with app.app_context():
        from server.models import Challenge

        Challenge.update(actual=math.inf).where(Challenge.id == challenge_id).execute()
    page = team["maya"].pull(cursor="0")
    assert page.status_code == 200
    challenge = next(c for c in strict_json(page)["changes"] if c["id"] == challenge_id)
    assert challenge["data"]["actual"] is None


# --- one bad value is rejected alone --------------------------------------------------------


def test_a_time_out_of_range_after_utc_conversion_is_rejected_alone(new_person):
    maya = new_person("Maya")
    bad = maya.mutation(
        "observation.create", **new_observation(observedAt="0001-01-01T00:00:00+14:00")
    )
    good = maya.mutation("observation.create", **new_observation())
    response = maya.push(bad, good)
    assert response.status_code == 200, response.json
    assert statuses(response) == ["rejected", "applied"]
    assert response.json["results"][0]["error"]["code"] == "validation_error"
    assert response.json["lastMutationId"] == 2


def test_dates_far_in_the_past_or_future_are_rejected(new_person):
    maya = new_person("Maya")
    response = maya.push(
        maya.mutation("observation.create", **new_observation(observedAt="1066-10-14T09:00:00Z")),
        maya.mutation("observation.create", **new_observation(observedAt="9999-12-31T23:59:59Z")),
        maya.mutation("observation.create", **new_observation()),
    )
    assert statuses(response) == ["rejected", "rejected", "applied"]


def test_a_base_version_beyond_64_bits_is_rejected_alone_and_later_changes_sync(new_person):
    maya = new_person("Maya")
    obs = new_observation()
    assert statuses(maya.push(maya.mutation("observation.create", **obs))) == ["applied"]
    huge = maya.mutation("observation.update", id=obs["id"], baseVersion=2**63, note="x")
    edit = maya.mutation("observation.update", id=obs["id"], baseVersion=1, note="Edited")
    response = maya.push(huge, edit)
    assert response.status_code == 200, response.json
    assert statuses(response) == ["rejected", "applied"]
    assert response.json["lastMutationId"] == 3
    later = maya.push(maya.mutation("observation.create", **new_observation()))
    assert statuses(later) == ["applied"]


@pytest.mark.parametrize("text", ["Skips\x00the check", "Lone \ud800 surrogate"])
def test_text_a_database_cannot_store_is_rejected_alone_and_kept_recoverable(new_person, app, text):
    maya = new_person("Maya")
    bad = maya.mutation("observation.create", **new_observation(note=text))
    good = maya.mutation("observation.create", **new_observation())
    response = maya.push(bad, good)
    assert response.status_code == 200, response.json
    assert statuses(response) == ["rejected", "applied"]
    assert response.json["results"][0]["error"]["code"] == "validation_error"
    with app.app_context():
        stored = RejectedMutation.get(RejectedMutation.mutation_id == 1)
        assert stored.args["note"] == text  # the whole mutation, as the device sent it


def test_a_nul_nested_deep_in_a_challenge_is_rejected_alone(coaching):
    team, challenge_id = coaching
    maya = team["maya"]
    bad = maya.mutation(
        "challenge.update",
        id=challenge_id,
        baseVersion=0,
        details={"whys": ["No standard", "Nobody\x00owns it"]},
    )
    target = maya.mutation(
        "challenge.update",
        id=challenge_id,
        baseVersion=0,
        target={"metric": "min\x00utes", "value": 20},
    )
    good = maya.mutation("challenge.update", id=challenge_id, baseVersion=0, title="Halve it")
    response = maya.push(bad, target, good)
    assert response.status_code == 200, response.json
    assert statuses(response) == ["rejected", "rejected", "applied"]


def test_a_nul_in_a_mutation_name_or_device_time_is_rejected_alone(new_person, app):
    maya = new_person("Maya")
    named = maya.mutation("observation\x00.create", **new_observation())
    timed = maya.mutation("observation.create", **new_observation())
    timed["at"] = "2026-11-25\x00T10:00"
    good = maya.mutation("observation.create", **new_observation())
    response = maya.push(named, timed, good)
    assert response.status_code == 200, response.json
    assert statuses(response) == ["rejected", "rejected", "applied"]
    with app.app_context():
        assert RejectedMutation.select().count() == 2


def test_a_signed_in_body_with_a_nul_is_a_400_not_a_500(new_person):
    maya = new_person("Maya")
    credentials = maya.get("/api/me/credentials").json["credentials"]
    response = maya.patch(f"/api/me/credentials/{credentials[0]['id']}", {"nickname": "Phone\x00"})
    assert response.status_code == 400
    assert response.json["error"]["code"] == "validation_error"


# --- any failure of one mutation is rejected alone ------------------------------------------


@pytest.fixture
def crashing_change(monkeypatch):
    """An observation handler with a bug that strikes for one record only."""
    entity = ENTITIES["observation"]
    doomed = set()
    real_may_change, real_build = entity.may_change, entity.new_record

    def may_change(scope, record, fields):
        if record.id in doomed:
            raise RuntimeError("a bug in a handler")
        return real_may_change(scope, record, fields)

    def build(scope, fields):
        if fields.get("note") == "doomed":
            raise OverflowError("a value the database cannot hold")
        return real_build(scope, fields)

    monkeypatch.setattr(entity, "may_change", may_change)
    monkeypatch.setattr(entity, "new_record", build)
    return doomed


def test_a_handler_that_crashes_rejects_only_its_mutation(new_person, app, crashing_change):
    maya = new_person("Maya")
    first, second, third = (new_observation() for _ in range(3))
    created = maya.push(*(maya.mutation("observation.create", **o) for o in (first, second, third)))
    assert statuses(created) == ["applied"] * 3
    crashing_change.add(second["id"])
    response = maya.push(
        maya.mutation("observation.update", id=first["id"], baseVersion=0, note="One"),
        maya.mutation("observation.update", id=second["id"], baseVersion=0, note="Two"),
        maya.mutation("observation.update", id=third["id"], baseVersion=0, note="Three"),
    )
    assert response.status_code == 200, response.json
    assert statuses(response) == ["applied", "rejected", "applied"]
    error = response.json["results"][1]["error"]
    assert error["code"] == "server_error"
    assert "bug" not in error["message"]  # no internals leak to the device
    assert response.json["lastMutationId"] == 6
    with app.app_context():
        stored = RejectedMutation.get(RejectedMutation.mutation_id == 5)
        assert stored.code == "server_error" and stored.args["note"] == "Two"
        notes = {o.id: o.note for o in Observation.select()}
    assert notes[first["id"]] == "One" and notes[third["id"]] == "Three"
    later = maya.push(
        maya.mutation("observation.update", id=first["id"], baseVersion=0, note="Later")
    )
    assert statuses(later) == ["applied"]


def test_a_crash_inside_a_run_of_creates_rejects_only_its_create(new_person, app, crashing_change):
    maya = new_person("Maya")
    notes = ["Before", "doomed", "After", "Last"]
    batch = [new_observation(note=n) for n in notes]
    response = maya.push(*(maya.mutation("observation.create", **o) for o in batch))
    assert response.status_code == 200, response.json
    assert statuses(response) == ["applied", "rejected", "applied", "applied"]
    assert response.json["results"][1]["error"]["code"] == "server_error"
    with app.app_context():
        assert sorted(o.note for o in Observation.select()) == ["After", "Before", "Last"]
        assert RejectedMutation.get().args["note"] == "doomed"


def _poison_trigger(database_url):
    """The database itself refuses one note, the way it refuses a value it cannot store:
    on PostgreSQL a failed statement aborts the transaction until rolled back."""
    if database_url.startswith("sqlite"):
        import sqlite3

        conn = sqlite3.connect(database_url.removeprefix("sqlite:///"))
        with conn:
            conn.execute(
                "CREATE TRIGGER poison BEFORE INSERT ON observation "
                "WHEN NEW.note = 'poison' BEGIN SELECT RAISE(ABORT, 'poison'); END"
            )
        conn.close()
        return
    conn = psycopg2.connect(database_url)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(
            "CREATE OR REPLACE FUNCTION poison() RETURNS trigger AS $$ BEGIN "
            "IF NEW.note = 'poison' THEN RAISE EXCEPTION 'poison'; END IF; "
            "RETURN NEW; END $$ LANGUAGE plpgsql"
        )
        cur.execute(
            "CREATE TRIGGER poison BEFORE INSERT ON observation FOR EACH ROW "
            "EXECUTE FUNCTION poison()"
        )
    conn.close()


def test_a_value_the_database_refuses_rejects_only_its_mutation(new_person, app, database_url):
    maya = new_person("Maya")
    _poison_trigger(database_url)
    try:
        batch = [new_observation(note=n) for n in ("Before", "poison", "After")]
        response = maya.push(*(maya.mutation("observation.create", **o) for o in batch))
        assert response.status_code == 200, response.json
        assert statuses(response) == ["applied", "rejected", "applied"]
        again = maya.push(
            maya.mutation("observation.create", **new_observation(note="poison")),
            maya.mutation("mentor_note.create", id="not-a-uuid"),
            maya.mutation("observation.create", **new_observation(note="Next")),
        )
        assert statuses(again) == ["rejected", "rejected", "applied"]
        assert again.json["lastMutationId"] == 6
        with app.app_context():
            assert sorted(o.note for o in Observation.select()) == ["After", "Before", "Next"]
            assert RejectedMutation.select().count() == 3
    finally:
        if database_url.startswith("postgres"):
            conn = psycopg2.connect(database_url)
            conn.autocommit = True
            with conn.cursor() as cur:
                cur.execute("DROP TRIGGER IF EXISTS poison ON observation")
                cur.execute("DROP FUNCTION IF EXISTS poison()")
            conn.close()


def test_an_unavailable_database_mid_batch_answers_503_and_commits_nothing(
    new_person, app, monkeypatch
):
    """Only a database that cannot answer stops a batch: the device retries it whole."""
    from peewee import OperationalError

    maya = new_person("Maya")
    entity = ENTITIES["observation"]
    real_build = entity.new_record

    def build(scope, fields):
        if fields.get("note") == "unreachable":
            raise OperationalError("server closed the connection unexpectedly")
        return real_build(scope, fields)

    monkeypatch.setattr(entity, "new_record", build)
    batch = [new_observation(note=n) for n in ("Before", "unreachable", "After")]
    response = maya.push(*(maya.mutation("observation.create", **o) for o in batch))
    assert response.status_code == 503
    assert response.headers["Retry-After"]
    with app.app_context():
        assert Observation.select().count() == 0
        assert RejectedMutation.select().count() == 0
    maya.next_mutation_id = 1
    monkeypatch.setattr(entity, "new_record", real_build)
    retried = maya.push(*(maya.mutation("observation.create", **o) for o in batch))
    assert statuses(retried) == ["applied"] * 3


def test_a_crash_that_quotes_a_note_logs_where_it_broke_and_not_the_note(
    new_person, app, monkeypatch, caplog
):
    """Ops read the log to find the bug: the kind of failure and where it was raised. What
    the person wrote stays in the stored refusal, for review by those who may see it."""
    entity = ENTITIES["observation"]
    real_build = entity.new_record

    def build(scope, fields):
        if "trial" in fields.get("note", ""):
            raise ValueError(f"cannot file the note {fields['note']!r}")
        return real_build(scope, fields)

    monkeypatch.setattr(entity, "new_record", build)
    maya = new_person("Maya")
    note = "Sam's disciplinary trial starts Monday"
    response = maya.push(maya.mutation("observation.create", **new_observation(note=note)))
    assert statuses(response) == ["rejected"]
    assert response.json["results"][0]["error"]["code"] == "server_error"
    logged = caplog.text
    assert "ValueError" in logged and "in build" in logged, logged
    assert "disciplinary" not in logged, logged
    with app.app_context():
        assert RejectedMutation.get().args["note"] == note
