"""Backup, restore and SQLite -> PostgreSQL transfer: a plant's records outlive a bad
upgrade, a lost disk and the day it outgrows SQLite (docs/operations.md, decisions §50-54).

Databases are filled through the real API (passkeys, pushes, photos); the commands run
through Flask's CLI the way an operator runs them."""

import io
import tarfile
import threading
import time
import uuid

import pytest

from server import backup, create_app, migrations
from server.attachments import FolderStore
from server.db import database
from server.models import MODELS

from .coaching_data import challenge_args, checkin_args, goal_args
from .conftest import (
    ORIGIN,
    Api,
    create_pg_database,
    drop_pg_database,
    make_config,
    new_observation,
)
from .test_attachments import fetch, png_photo, sha, upload
from .test_migrations import RELEASE, device_from_release, load_release_dump


def run(app, *args):
    """`flask --app server <args>` against this app's configuration."""
    return app.test_cli_runner().invoke(args=list(args), catch_exceptions=False)


def push_ok(device, *mutations):
    answer = device.push(*mutations)
    assert answer.status_code == 200, answer.json
    return answer.json


def push_like_the_pwa(device, mutations):
    """Push an outbox the way pwa/js/sync.js does: on 409 mutation_gap whose `expected` is
    below the oldest waiting id, the server lost changes it had acknowledged (a restored
    backup), so the device renumbers what waits to continue from `expected`
    (store.renumberOutbox) and pushes again. Returns (answer, the mutations as sent)."""
    answer = device.post("/api/sync/push", {"clientId": device.client_id, "mutations": mutations})
    if answer.status_code == 409 and answer.json["error"]["code"] == "mutation_gap":
        expected = answer.json["error"]["details"]["expected"]
        assert expected < mutations[0]["id"]
        mutations = [m | {"id": expected + i} for i, m in enumerate(mutations)]
        device.next_mutation_id = expected + len(mutations)
        answer = device.post(
            "/api/sync/push", {"clientId": device.client_id, "mutations": mutations}
        )
    assert answer.status_code == 200, answer.json
    return answer.json, mutations


def ids_of(changes, type_=None):
    return [c["id"] for c in changes if not c["deleted"] and (type_ is None or c["type"] == type_)]


def plant(team):
    """A plant part-way through its life: a photographed observation, a goal, a challenge
    with a check-in, all by Maya about Lee. Returns the record ids."""
    maya, lee = team["maya"], team["lee"]
    photo = png_photo(7)
    assert upload(maya, photo).status_code in (200, 201)
    records = {
        "observation": new_observation(
            personId=lee.person.id, visibility="shared", photos=[sha(photo)]
        ),
        "goal": goal_args(lee),
    }
    records["challenge"] = challenge_args(lee, goal_id=records["goal"]["id"])
    records["checkin"] = checkin_args(records["challenge"]["id"])
    push_ok(maya, *(maya.mutation(f"{t}.create", **args) for t, args in records.items()))
    return {t: args["id"] for t, args in records.items()} | {"photo": sha(photo)}


# --- backup and restore -------------------------------------------------------------------


def test_restoring_an_older_backup_makes_devices_resync_and_keeps_what_they_still_hold(
    app, team, tmp_path
):
    maya, lee = team["maya"], team["lee"]
    kept = plant(team)
    maya.pull_all()
    backup_file = tmp_path / "plant.gembakit"
    result = run(app, "backup", str(backup_file))
    assert result.exit_code == 0, result.output
    assert "and 1 photos" in result.output

    # After the backup: Maya's device sends two observations, the server acknowledges them
    # (they leave her outbox) and she pulls; then, offline, she writes two more changes.
    lost = [new_observation(note=f"Sent after the backup {n}") for n in (1, 2)]
    push_ok(maya, *(maya.mutation("observation.create", **args) for args in lost))
    maya.pull_all()
    stale_cursor = maya.cursor
    waiting = [
        maya.mutation("observation.create", **new_observation(note="Still on the phone")),
        maya.mutation(
            "observation.update",
            id=lost[0]["id"],
            baseVersion=0,
            note="An edit of a note the server will have forgotten",
        ),
    ]

    # The disk dies; the operator restores last night's backup.
    refused = run(app, "restore", str(backup_file))
    assert refused.exit_code != 0 and "--force" in refused.output
    assert "already holds data" in refused.output
    restored = run(app, "restore", "--force", str(backup_file))
    assert restored.exit_code == 0, restored.output
    assert "resync" in restored.output

    # Lee syncs first and writes enough to carry the commit counter past Maya's old cursor.
    push_ok(
        lee,
        *(lee.mutation("observation.create", **new_observation(note=f"Lee {n}")) for n in range(8)),
    )

    # Maya's device comes back: push before pull. The server lost ids 5-6 it had
    # acknowledged, so the device renumbers what waits and sends it; nothing is dropped.
    answer, sent = push_like_the_pwa(maya, waiting)
    assert [r["status"] for r in answer["results"]] == ["applied", "rejected"]
    assert answer["results"][1]["error"]["code"] == "not_found"  # kept, with its reason
    assert answer["lastMutationId"] == sent[-1]["id"]

    # Her old cursor belongs to a history the server no longer has: she starts over.
    stale = maya.pull(cursor=stale_cursor)
    assert stale.json.get("reset_required") is True
    maya.cursor = ""
    everything = maya.pull_all()
    observations = ids_of(everything, "observation")
    assert waiting[0]["args"]["id"] in observations
    assert observations.count(waiting[0]["args"]["id"]) == 1
    assert kept["observation"] in observations and kept["checkin"] in ids_of(everything)
    assert not {lost[0]["id"], lost[1]["id"]} & set(observations)
    assert fetch(maya, kept["photo"]).status_code == 200

    # The edit of the forgotten note is not lost either: it waits on the server for review.
    with app.app_context():
        from server.models import RejectedMutation

        rejected = RejectedMutation.get(RejectedMutation.mutation_id == sent[1]["id"])
        assert rejected.args["note"].startswith("An edit of a note")

    # From here the device's queue and cursor behave as ever.
    assert (
        maya.push(maya.mutation("observation.create", **new_observation())).json["results"][0][
            "status"
        ]
        == "applied"
    )
    assert maya.pull().json.get("reset_required") is None


def test_a_backup_taken_while_a_device_pushes_holds_one_consistent_moment(
    app, team, tmp_path, fresh_database
):
    maya = team["maya"]
    stop, failures = threading.Event(), []

    def shift_end_pushes():
        try:
            while not stop.is_set():
                push_ok(
                    maya,
                    *(maya.mutation("observation.create", **new_observation()) for _ in range(5)),
                )
        except Exception as exc:  # noqa: BLE001 - reported below
            failures.append(exc)
        finally:
            if not database.is_closed():
                database.close()

    pusher = threading.Thread(target=shift_end_pushes)
    pusher.start()
    try:
        time.sleep(0.3)
        backup_file = tmp_path / "busy.gembakit"
        result = run(app, "backup", str(backup_file))
        time.sleep(0.2)
    finally:
        stop.set()
        pusher.join()
    assert result.exit_code == 0, result.output
    assert not failures
    manifest = backup.read_manifest(backup_file)["database"]

    _, url = fresh_database(kind_of(app))
    restored_app = create_app(make_config(url, ATTACHMENTS_DIR=str(tmp_path / "photos")))
    assert run(restored_app, "restore", str(backup_file)).exit_code == 0
    db = backup.connect(url)
    with db.connection_context():

        def one(sql):
            return db.execute_sql(sql).fetchone()[0]

        observations = one("SELECT COUNT(*) FROM observation")
        assert 0 < observations < maya.next_mutation_id - 1, "the backup fell mid-shift"
        # Every push's records, revisions and the device's lastMutationId are all in, or
        # all out: never half a commit.
        assert one("SELECT COUNT(*) FROM revision WHERE entity = 'observation'") == observations
        assert (
            one(f"SELECT last_mutation_id FROM sync_client WHERE id = '{maya.client_id}'")
            == observations
        )
        assert one("SELECT MAX(version) FROM observation") == manifest["counter"]["value"]
        assert observations == manifest["tables"]["observation"]
    db.close()


def test_restore_into_a_database_that_holds_data_changes_nothing_without_force(app, team, tmp_path):
    maya = team["maya"]
    plant(team)
    backup_file = tmp_path / "plant.gembakit"
    assert run(app, "backup", str(backup_file)).exit_code == 0
    after = new_observation(note="Written after the backup")
    push_ok(maya, maya.mutation("observation.create", **after))

    refused = run(app, "restore", str(backup_file))
    assert refused.exit_code == 1
    assert "Restoring replaces all of it" in refused.output and "Traceback" not in refused.output
    maya.cursor = ""
    assert after["id"] in ids_of(maya.pull_all())


def test_a_backup_restores_into_a_fresh_database_where_the_same_passkeys_sign_in(
    app, team, tmp_path, fresh_database
):
    lee = team["lee"]
    kept = plant(team)
    backup_file = tmp_path / "plant.gembakit"
    assert run(app, "backup", str(backup_file)).exit_code == 0

    kind, url = fresh_database(kind_of(app))
    new_app = create_app(make_config(url, ATTACHMENTS_DIR=str(tmp_path / "new-photos")))
    restored = run(new_app, "restore", str(backup_file))
    assert restored.exit_code == 0, restored.output

    lee_again = Api(new_app, lee.person, lee.authenticator)
    assert lee_again.sign_in().status_code == 200
    seen = ids_of(lee_again.pull_all())
    assert {kept["observation"], kept["goal"], kept["challenge"], kept["checkin"]} <= set(seen)
    assert fetch(lee_again, kept["photo"]).status_code == 200
    assert fetch(lee_again, kept["photo"]).data == png_photo(7)


def test_without_pg_dump_a_portable_backup_is_written_and_restores(
    app, team, tmp_path, fresh_database, monkeypatch
):
    kept = plant(team)
    backup_file = tmp_path / "plant.gembakit"
    monkeypatch.setenv("PATH", str(tmp_path / "no-tools"))  # a host without client tools
    written = run(app, "backup", str(backup_file))
    assert written.exit_code == 0, written.output
    if kind_of(app) == "postgresql":
        assert "pg_dump is not installed" in written.output and "portable-jsonl" in written.output
    monkeypatch.undo()

    kind, url = fresh_database(kind_of(app))
    new_app = create_app(make_config(url, ATTACHMENTS_DIR=str(tmp_path / "new-photos")))
    assert run(new_app, "restore", str(backup_file)).exit_code == 0
    lee = Api(new_app, team["lee"].person, team["lee"].authenticator)
    assert lee.sign_in().status_code == 200
    assert kept["checkin"] in ids_of(lee.pull_all())


def test_a_portable_sqlite_backup_restores_into_postgresql(tmp_path, fresh_database):
    sqlite_app = create_app(
        make_config(f"sqlite:///{tmp_path / 'plant.db'}", ATTACHMENTS_DIR=str(tmp_path / "photos"))
    )
    team = people_of(sqlite_app)
    kept = plant(team)
    backup_file = tmp_path / "plant.gembakit"
    assert run(sqlite_app, "backup", "--portable", str(backup_file)).exit_code == 0

    _, url = fresh_database("postgresql")
    pg_app = create_app(make_config(url, ATTACHMENTS_DIR=str(tmp_path / "pg-photos")))
    assert run(pg_app, "restore", str(backup_file)).exit_code == 0
    lee = Api(pg_app, team["lee"].person, team["lee"].authenticator)
    assert lee.sign_in().status_code == 200
    assert {kept["observation"], kept["checkin"]} <= set(ids_of(lee.pull_all()))
    assert fetch(lee, kept["photo"]).status_code == 200


def test_a_backup_of_one_database_kind_says_how_to_restore_it_into_the_other(
    tmp_path, fresh_database
):
    sqlite_app = create_app(
        make_config(f"sqlite:///{tmp_path / 'plant.db'}", ATTACHMENTS_DIR=str(tmp_path / "photos"))
    )
    people_of(sqlite_app)
    backup_file = tmp_path / "plant.gembakit"
    assert run(sqlite_app, "backup", str(backup_file)).exit_code == 0
    _, url = fresh_database("postgresql")
    pg_app = create_app(make_config(url))
    refused = run(pg_app, "restore", str(backup_file))
    assert (
        refused.exit_code == 1 and "transfer" in refused.output and "--portable" in refused.output
    )


def test_a_damaged_backup_is_refused_before_anything_is_replaced(app, team, tmp_path):
    maya = team["maya"]
    kept = plant(team)
    backup_file = tmp_path / "plant.gembakit"
    assert run(app, "backup", str(backup_file)).exit_code == 0
    after = new_observation(note="Written after the backup")
    push_ok(maya, maya.mutation("observation.create", **after))

    damaged = tmp_path / "damaged.gembakit"
    with tarfile.open(backup_file) as source, tarfile.open(damaged, "w") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == f"attachments/{kept['photo']}":
                data = data[:-1] + b"!"  # one flipped byte on a failing disk
            target.addfile(member, io.BytesIO(data))
    refused = run(app, "restore", "--force", str(damaged))
    assert refused.exit_code == 1 and "damaged" in refused.output
    maya.cursor = ""
    assert after["id"] in ids_of(maya.pull_all()), "the database was left as it was"


def test_a_file_that_is_not_a_backup_is_refused_clearly(app, tmp_path):
    junk = tmp_path / "notes.txt"
    junk.write_text("not a backup")
    refused = run(app, "restore", str(junk))
    assert refused.exit_code == 1 and "is not a Gembakit backup" in refused.output


@pytest.mark.parametrize("portable", [False, True], ids=["native", "portable"])
@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_a_backup_taken_before_an_upgrade_restores_and_upgrades_and_its_devices_sign_in(
    kind, portable, tmp_path, fresh_database
):
    """The operator backs up release 0.1.0's database before upgrading; this release
    restores it, applies every migration since, and the plant's devices carry on."""
    _, old_url = fresh_database(kind)
    saved = load_release_dump("sqlite" if kind == "sqlite" else "postgres", old_url)
    photos = FolderStore(tmp_path / "old-photos")
    photos.put(saved["photo"], (RELEASE / "photo.jpg").read_bytes())
    backup_file = tmp_path / "release-0.1.0.gembakit"
    manifest = backup.backup(old_url, photos, backup_file, portable=portable)
    assert manifest["database"]["migrations"] == [] and manifest["attachments"]["count"] == 1

    _, url = fresh_database(kind)
    app = create_app(make_config(url, ATTACHMENTS_DIR=str(tmp_path / "photos")))
    restored = run(app, "restore", str(backup_file))
    assert restored.exit_code == 0, restored.output
    assert "applied" in restored.output and "0002_audit_and_recovery" in restored.output
    with app.app_context():
        assert migrations.problems(database.obj) is None

    lee = device_from_release(app, saved["devices"]["Lee"])
    assert lee.sign_in().status_code == 200, "the same passkey signs in"
    seen = set(ids_of(lee.pull_all()))
    assert set(saved["records"]["checkin"]) <= seen
    assert fetch(lee, saved["photo"]).status_code in (200, 404)  # 404: not Lee's to see
    maya = device_from_release(app, saved["devices"]["Maya"])
    assert maya.sign_in().status_code == 200
    assert fetch(maya, saved["photo"]).status_code == 200
    answer = maya.push(maya.mutation("observation.create", **new_observation()))
    assert answer.json["results"][0]["status"] == "applied"
    assert answer.json["lastMutationId"] == saved["devices"]["Maya"]["nextMutationId"]


# --- SQLite -> PostgreSQL -----------------------------------------------------------------


def test_a_plant_moves_from_sqlite_to_postgresql_and_its_devices_carry_on_without_resync(
    tmp_path, fresh_database
):
    sqlite_url = f"sqlite:///{tmp_path / 'plant.db'}"
    sqlite_app = create_app(make_config(sqlite_url, ATTACHMENTS_DIR=str(tmp_path / "photos")))
    team = people_of(sqlite_app)
    maya, lee, rui = team["maya"], team["lee"], team["rui"]
    kept = plant(team)
    # An edit, a conflict's revision, a rejection, a mentor note: every table gets rows.
    push_ok(
        maya,
        maya.mutation(
            "goal.update",
            id=kept["goal"],
            baseVersion=0,
            reason="A defect passed on is found by the customer",
        ),
        maya.mutation(
            "observation.update", id=str(uuid.uuid4()), baseVersion=0, note="Refers to nothing"
        ),
    )
    push_ok(
        rui,
        rui.mutation(
            "mentor_note.create",
            id=str(uuid.uuid4()),
            personId=lee.person.id,
            note="Wants to run a kaizen week",
            at="2026-11-25T16:00:00Z",
        ),
    )
    maya.pull_all()
    lee.pull_all()
    cursor_before, next_id = maya.cursor, maya.next_mutation_id

    _, url = fresh_database("postgresql")
    moved = run(sqlite_app, "transfer", "--to", url)
    assert moved.exit_code == 0, moved.output
    assert "sync_client" in moved.output and "Copied" in moved.output
    again = run(sqlite_app, "transfer", "--to", url)
    assert again.exit_code == 1 and "not empty" in again.output
    every_table = [model._meta.table_name for model in MODELS]
    source, target = backup.connect(sqlite_url), backup.connect(url)
    with source.connection_context(), target.connection_context():
        assert backup.counts(target, every_table) == backup.counts(source, every_table)
        assert backup.counts(
            source,
            [
                "credential",
                "revision",
                "rejected_mutation",
                "sync_client",
                "attachment",
                "mentor_note",
            ],
        ) == {
            "credential": 4,
            "revision": 6,
            "rejected_mutation": 1,
            "sync_client": 2,
            "attachment": 1,
            "mentor_note": 1,
        }
    source.close()
    target.close()

    pg_app = create_app(make_config(url, ATTACHMENTS_DIR=str(tmp_path / "photos")))
    maya_pg = Api(pg_app, maya.person, maya.authenticator)
    maya_pg.client_id, maya_pg.cursor, maya_pg.next_mutation_id = (
        maya.client_id,
        cursor_before,
        next_id,
    )
    assert maya_pg.sign_in().status_code == 200, "the same passkey signs in"
    page = maya_pg.pull()
    assert page.json.get("reset_required") is None and page.json["changes"] == []
    assert page.json["cursor"] == cursor_before and page.json["lastMutationId"] == next_id - 1

    # The device's queue continues: an old id is a duplicate, the next one applies.
    replay = maya_pg.post(
        "/api/sync/push",
        {
            "clientId": maya.client_id,
            "mutations": [
                {"id": next_id - 1, "name": "observation.create", "args": new_observation()}
            ],
        },
    )
    assert replay.json["results"] == [{"id": next_id - 1, "status": "duplicate"}]
    fresh = new_observation(personId=lee.person.id, visibility="shared")
    answer = push_ok(maya_pg, maya_pg.mutation("observation.create", **fresh))
    assert answer["results"][0]["status"] == "applied"
    assert answer["lastMutationId"] == next_id
    after = maya_pg.pull_all()
    assert ids_of(after) == [fresh["id"]]

    # A second device starts from nothing and receives everything, photo included.
    tablet = Api(pg_app, lee.person, lee.authenticator)
    assert tablet.sign_in().status_code == 200
    seen = set(ids_of(tablet.pull_all()))
    assert {
        kept["observation"],
        kept["goal"],
        kept["challenge"],
        kept["checkin"],
        fresh["id"],
    } <= seen
    assert fetch(tablet, kept["photo"]).status_code == 200
    history = tablet.get(f"/api/sync/history/goal/{kept['goal']}").json
    assert len(history["revisions"] if isinstance(history, dict) else history) == 2

    # New rows with serial ids (revisions, rejections) do not collide with copied ones.
    with pg_app.app_context():
        from server.models import RejectedMutation, Revision

        assert RejectedMutation.select().count() == 1
        assert Revision.select().where(Revision.record_id == fresh["id"]).count() == 1


# --- fixtures -----------------------------------------------------------------------------


def kind_of(app):
    return "sqlite" if app.config["DATABASE_URL"].startswith("sqlite") else "postgresql"


def people_of(app):
    """The conftest team (Rui > Maya > Lee, Sam), enrolled on an app of the test's own."""
    from server.people.invites import create_person, issue_invite

    def enrol(name, manager=None):
        with app.app_context():
            person = create_person(name, manager_id=manager.person.id if manager else None)
            url = issue_invite(person, ORIGIN)
        api = Api(app, person)
        assert api.enrol(url).status_code == 200
        return api

    rui = enrol("Rui")
    maya = enrol("Maya", rui)
    return {"rui": rui, "maya": maya, "lee": enrol("Lee", maya), "sam": enrol("Sam", maya)}


@pytest.fixture
def fresh_database(tmp_path):
    """fresh_database(kind) -> (kind, url) of a database with nothing in it; PostgreSQL
    ones are created for the test and dropped after it."""
    made = []

    def make(kind):
        if kind == "sqlite":
            return kind, f"sqlite:///{tmp_path / f'fresh-{uuid.uuid4().hex[:6]}.db'}"
        name, url = create_pg_database("gembakit_backup")
        made.append(name)
        return kind, url

    yield make
    if database.obj is not None and not database.is_closed():
        database.close()
    _close_pools()
    for name in made:
        drop_pg_database(name)


def _close_pools():
    """Pooled connections of apps made in a test would keep its database from dropping."""
    close_all = getattr(database.obj, "close_all", None)
    if close_all:
        close_all()
