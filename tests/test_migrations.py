"""Schema migrations: a plant's database outlives every release.

The dumps in tests/upgrade/release-0.1.0 were written by release 0.1.0 itself (see
make_release_fixture.py): people with passkeys, records of every kind with edits, a conflict,
a delete and a rejection, and devices part-way through their queues."""

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import psycopg2
import pytest
from cryptography.hazmat.primitives import serialization

from server import create_app, migrations
from server.db import database, open_database
from server.models import MODELS

from .conftest import ORIGIN, Api, create_pg_database, drop_pg_database, make_config
from .softauthn import SoftAuthenticator

RELEASE = Path(__file__).parent / "upgrade" / "release-0.1.0"
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(params=["sqlite", "postgres"])
def empty_database(request, tmp_path):
    """A database with no tables at all."""
    if request.param == "sqlite":
        yield "sqlite", f"sqlite:///{tmp_path / 'plant.db'}"
        return
    name, url = create_pg_database("gembakit_upgrade")
    yield "postgres", url
    if database.obj is not None and not database.is_closed():
        database.close()
    drop_pg_database(name)


def load_release_dump(kind, url):
    script = (RELEASE / f"{kind}.sql").read_text()
    if kind == "sqlite":
        conn = sqlite3.connect(url.removeprefix("sqlite:///"))
        conn.executescript(script)
    else:
        conn = psycopg2.connect(url)
        conn.autocommit = True
        conn.cursor().execute(script)
    conn.close()
    return json.loads((RELEASE / f"{kind}.json").read_text())


def columns_differ_from_models(db):
    """(table, column, what) for every column whose presence or nullability is not the
    models'. diff_models sees missing tables, columns and indexes; this adds NULL-ness."""
    found = []
    for model in MODELS:
        table = model._meta.table_name
        actual = {c.name: c for c in db.get_columns(table)}
        for field in model._meta.sorted_fields:
            column = actual.get(field.column_name)
            if column is None:
                found.append((table, field.column_name, "missing"))
            elif column.null != field.null and not field.primary_key:
                found.append((table, field.column_name, f"null={column.null}"))
        extra = set(actual) - {f.column_name for f in model._meta.sorted_fields}
        found.extend((table, name, "not in the model") for name in sorted(extra))
    return found


def device_from_release(app, saved):
    """A device of release 0.1.0 carrying on: the same passkey, clientId and queue."""
    authenticator = SoftAuthenticator(ORIGIN)
    authenticator.key = serialization.load_pem_private_key(saved["privateKey"].encode(), None)
    authenticator.credential_id = bytes.fromhex(saved["credentialId"])
    authenticator.sign_count = saved["signCount"]
    authenticator.user_handle = saved["userHandle"]
    device = Api(app, authenticator=authenticator)
    device.client_id = saved["clientId"]
    device.next_mutation_id = saved["nextMutationId"]
    return device


def test_migrations_build_exactly_the_models_so_a_model_change_needs_one(empty_database):
    _, url = empty_database
    db = open_database(url)
    migrations.upgrade(db)
    with db.connection_context():
        assert migrations.drift(db) == ""
        assert columns_differ_from_models(db) == []
        assert migrations.pending(db) == []
    db.close()


def test_a_database_written_by_release_0_1_0_upgrades_and_every_device_carries_on(
    empty_database, tmp_path
):
    kind, url = empty_database
    saved = load_release_dump(kind, url)

    db = open_database(url)
    applied = migrations.upgrade(db)
    assert applied[0] == "0001_initial" and applied == [name for name, _ in migrations.status(db)]
    with db.connection_context():
        assert migrations.problems(db) is None
        assert columns_differ_from_models(db) == []
    db.close()

    app = create_app(
        make_config(url, AUTO_MIGRATE=False, ATTACHMENTS_DIR=str(tmp_path / "attachments"))
    )
    lee = device_from_release(app, saved["devices"]["Lee"])
    assert lee.sign_in().status_code == 200, "the same passkey signs in after the upgrade"
    maya = device_from_release(app, saved["devices"]["Maya"])
    assert maya.sign_in().status_code == 200

    seen = {(c["type"], c["id"]) for c in maya.pull_all()}
    for type_, ids in saved["records"].items():
        if type_ == "mentor_note":
            continue  # between Rui and Lee only
        for record_id in ids:
            assert (type_, record_id) in seen, f"{type_} {record_id} came back"
    lee_seen = {(c["type"], c["id"]) for c in lee.pull_all()}
    assert ("mentor_note", saved["records"]["mentor_note"][0]) in lee_seen
    assert ("observation", saved["records"]["observation"][1]) not in lee_seen  # private

    # Lee's queue goes on where it stopped: an old mutation is a duplicate, the next applies.
    checkin = saved["records"]["checkin"][0]
    replay = lee.post(
        "/api/sync/push",
        {
            "clientId": lee.client_id,
            "mutations": [
                {
                    "id": lee.next_mutation_id - 1,
                    "name": "checkin.update",
                    "args": {"id": checkin, "baseVersion": 0, "answer": "again"},
                }
            ],
        },
    )
    assert replay.json["results"] == [{"id": lee.next_mutation_id - 1, "status": "duplicate"}]
    challenge = saved["records"]["challenge"][0]
    version = lee.version_of(challenge)
    result = lee.push(
        lee.mutation(
            "challenge.update",
            id=challenge,
            baseVersion=version,
            reflection="Still going after the upgrade",
        )
    )
    assert result.status_code == 200 and result.json["results"][0]["status"] == "applied"
    assert result.json["lastMutationId"] == saved["devices"]["Lee"]["nextMutationId"]


def test_the_app_refuses_to_serve_a_schema_that_is_behind_and_says_what_to_run(empty_database):
    kind, url = empty_database
    load_release_dump(kind, url)  # release 0.1.0's tables, no migration history
    with pytest.raises(migrations.SchemaNotReady, match="flask --app server setup"):
        create_app(make_config(url, AUTO_MIGRATE=False))


def test_health_tells_live_from_ready_and_the_release_step_makes_it_ready(empty_database, tmp_path):
    kind, url = empty_database
    load_release_dump(kind, url)
    env = {
        "DATABASE_URL": url,
        "SECRET_KEY": "x",
        "GEMBAKIT_ENV": "development",
        "ORIGIN": ORIGIN,
        "PATH": "/usr/bin:/bin",
    }
    flask = [str(Path(sys.executable).parent / "flask"), "--app", "server"]
    status = subprocess.run(
        flask + ["db", "status"], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert status.returncode == 1 and "PENDING" in status.stdout and "setup" in status.stdout

    # `flask run` loads the app as a CLI command does: it starts, but answers what to run.
    app = _cli_app(url)
    client = app.test_client()
    assert client.get("/healthz").status_code == 200
    ready = client.get("/healthz/ready")
    assert ready.status_code == 503 and "pending" in ready.json["reason"]
    api = client.get("/api/me")
    assert api.status_code == 503 and api.json["error"]["code"] == "schema_not_ready"

    setup = subprocess.run(flask + ["setup"], env=env, cwd=ROOT, capture_output=True, text=True)
    assert setup.returncode == 0, setup.stderr
    assert "Applied" in setup.stdout and "0001_initial" in setup.stdout
    again = subprocess.run(
        flask + ["db", "upgrade"], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert again.returncode == 0 and "No migration pending" in again.stdout
    assert client.get("/healthz/ready").status_code == 200


def _cli_app(url):
    import click

    with click.Context(click.Command("run")):
        return create_app(make_config(url, AUTO_MIGRATE=False))


def test_release_steps_started_together_on_a_fresh_database_never_race(empty_database):
    kind, url = empty_database
    env = {
        "DATABASE_URL": url,
        "SECRET_KEY": "x",
        "GEMBAKIT_ENV": "development",
        "ORIGIN": ORIGIN,
        "PATH": "/usr/bin:/bin",
    }
    flask = [str(Path(sys.executable).parent / "flask"), "--app", "server", "db", "upgrade"]
    runs = [
        subprocess.Popen(
            flask, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(3)
    ]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0], outputs
    assert sum("Applied" in out for out, _ in outputs) == 1, "exactly one upgraded"
    db = open_database(url)
    with db.connection_context():
        assert migrations.problems(db) is None
    db.close()


def test_a_database_at_0007_gets_the_principles_library_and_keeps_every_goal(
    empty_database, tmp_path
):
    """0008 (the principles library, §99-§102) on a plant's database at 0007: every goal is
    kept as it was, unlinked; the library starts empty; devices carry on and link goals."""
    kind, url = empty_database
    saved = load_release_dump(kind, url)
    db = open_database(url)
    with db.connection_context():
        assert migrations._runner(db).up("0007_push")[-1] == "0007_push"
        assert migrations.pending(db) == ["0008_principles"]
        goals_before = sorted(
            db.execute_sql("SELECT id, action, reason, status FROM learning_goal").fetchall()
        )
        assert goals_before, "the release's goals"
    assert migrations.upgrade(db) == ["0008_principles"]
    with db.connection_context():
        assert migrations.problems(db) is None
        assert columns_differ_from_models(db) == []
        assert (
            sorted(
                db.execute_sql("SELECT id, action, reason, status FROM learning_goal").fetchall()
            )
            == goals_before
        )
        assert db.execute_sql(
            "SELECT COUNT(*) FROM learning_goal WHERE principle_id IS NOT NULL"
        ).fetchone() == (0,)
        assert db.execute_sql("SELECT COUNT(*) FROM principle").fetchone() == (0,)
    db.close()

    app = create_app(
        make_config(url, AUTO_MIGRATE=False, ATTACHMENTS_DIR=str(tmp_path / "attachments"))
    )
    maya = device_from_release(app, saved["devices"]["Maya"])
    assert maya.sign_in().status_code == 200
    goals = [c for c in maya.pull_all() if c["type"] == "goal" and not c["deleted"]]
    assert goals and all(g["data"]["principleId"] is None for g in goals)
    goal = goals[0]
    learned = maya.push(
        maya.mutation("goal.update", id=goal["id"], baseVersion=goal["version"], status="achieved")
    )
    assert learned.json["results"][0]["status"] == "applied"
    principle = {
        "id": "0b5e8c1e-6d0a-4f7e-9a57-3c1d2e4f5a60",
        "goalId": goal["id"],
        "title": "Stop at the first defect",
        "principle": "A defect found where it is made shows its cause",
        "workedCase": "Three doubtful parts went on; the first one would have shown the die.",
    }
    result = maya.push(
        maya.mutation("principle.create", **principle),
        maya.mutation(
            "goal.update",
            id=goal["id"],
            baseVersion=maya.version_of(goal["id"]),
            principleId=principle["id"],
        ),
    )
    assert [r["status"] for r in result.json["results"]] == ["applied", "applied"], result.json
    counts = maya.get("/api/principles/counts").json["principles"]
    assert counts == [{"id": principle["id"], "taught": 1, "outcomes": None}]
