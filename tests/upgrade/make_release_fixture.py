"""Write a populated database with a released version of Gembakit, for the upgrade tests.

Run it with the *released* code on the path, from a checkout of that release:

    git worktree add /tmp/release HEAD   # the release's commit
    cd /tmp/release && /work/main/.venv/bin/python /work/main/tests/upgrade/make_release_fixture.py \
        /work/main/tests/upgrade/release-0.1.0

It signs people in through the real passkey API (software authenticator), pushes records of
every kind through the real sync API (creates, edits, a conflict, a delete, a rejection), uploads
a photo, and then dumps the SQLite and the PostgreSQL databases as SQL text, with what a
device needs to continue (its passkey's private key, clientId, next mutation id) in
people.json. The upgrade tests load these dumps, upgrade them with today's code and carry on.
"""

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import psycopg2
from cryptography.hazmat.primitives import serialization

sys.path.insert(0, os.getcwd())  # the release's server package
sys.path.insert(1, str(Path(__file__).resolve().parents[2]))  # tests.softauthn

from server import create_app  # noqa: E402
from server.db import database  # noqa: E402
from server.people.invites import create_person, issue_invite  # noqa: E402
from tests.softauthn import SoftAuthenticator  # noqa: E402

ORIGIN = "http://localhost:5000"
PG = "postgresql://postgres@127.0.0.1:5432/test"
PHOTO = bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffd9")


def uid():
    return str(uuid.uuid4())


class Device:
    def __init__(self, app, person_id, name):
        self.client = app.test_client()
        self.person_id, self.name = person_id, name
        self.auth = SoftAuthenticator(ORIGIN)
        self.client_id = uid()
        self.next_id = 1

    def post(self, path, body):
        response = self.client.post(path, json=body, headers={"Origin": ORIGIN})
        assert response.status_code in (200, 201), (path, response.json)
        return response.json

    def enrol(self, url):
        options = self.post("/api/auth/register/options", {"invite": url.rsplit("/", 1)[1]})
        self.post(
            "/api/auth/register/verify",
            {"credential": self.auth.create(options), "nickname": f"{self.name}'s phone"},
        )

    def push(self, name, **args):
        mutation = {
            "id": self.next_id,
            "name": name,
            "args": args,
            "at": "2026-11-20T10:00:00.000Z",
        }
        self.next_id += 1
        return self.post("/api/sync/push", {"clientId": self.client_id, "mutations": [mutation]})[
            "results"
        ][0]

    def version(self, record_id):
        response = self.client.get(
            "/api/sync/pull", query_string={"clientId": self.client_id, "cursor": "0"}
        )
        return next(c["version"] for c in response.json["changes"] if c["id"] == record_id)

    def keys(self):
        pem = self.auth.key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode()
        return {
            "id": self.person_id,
            "name": self.name,
            "privateKey": pem,
            "credentialId": self.auth.credential_id.hex(),
            "signCount": self.auth.sign_count,
            "userHandle": self.auth.user_handle,
            "clientId": self.client_id,
            "nextMutationId": self.next_id,
        }


def populate(app):
    with app.app_context(), database.connection_context():
        people = {}
        for name, manager, admin in (
            ("Ops", None, True),
            ("Rui", None, False),
            ("Maya", "Rui", False),
            ("Lee", "Maya", False),
        ):
            person = create_person(
                name, is_admin=admin, manager_id=people[manager][0] if manager else None
            )
            people[name] = (person.id, issue_invite(person, ORIGIN))
        pending = create_person("Pat (never enrolled)", manager_id=people["Maya"][0])
        issue_invite(pending, ORIGIN)
    devices = {}
    for name, (person_id, url) in people.items():
        devices[name] = Device(app, person_id, name)
        devices[name].enrol(url)
    maya, lee, rui = devices["Maya"], devices["Lee"], devices["Rui"]
    lee_id = lee.person_id
    photo = maya.client.put(
        f"/api/attachments/{__import__('hashlib').sha256(PHOTO).hexdigest()}",
        data=PHOTO,
        headers={"Origin": ORIGIN, "Content-Type": "image/jpeg"},
    )
    assert photo.status_code in (200, 201), photo.json
    sha = photo.json["sha256"]
    shared, private, gone = uid(), uid(), uid()
    records = {
        "observation": [shared, private],
        "goal": [],
        "challenge": [],
        "checkin": [],
        "mentor_note": [],
    }
    assert (
        maya.push(
            "observation.create",
            id=shared,
            note="Restarts the press without checking the guard",
            kind="safety",
            personId=lee_id,
            observedAt="2026-11-20T09:00:00+01:00",
            visibility="shared",
            photos=[sha],
        )["status"]
        == "applied"
    )
    assert (
        maya.push(
            "observation.create",
            id=private,
            note="PRIVATE: maybe move him",
            kind="misconception",
            personId=lee_id,
            observedAt="2026-11-20T09:05:00Z",
        )["status"]
        == "applied"
    )
    assert (
        maya.push(
            "observation.create", id=gone, note="Duplicate", observedAt="2026-11-20T09:06:00Z"
        )["status"]
        == "applied"
    )
    assert (
        maya.push("observation.delete", id=gone, baseVersion=maya.version(gone))["status"]
        == "applied"
    )
    goal = uid()
    assert (
        maya.push(
            "goal.create",
            id=goal,
            learnerId=lee_id,
            action="Stop at the first defect",
            reason="Late defects hide their cause",
            misconception="Stopping loses output",
            observationIds=[shared],
        )["status"]
        == "applied"
    )
    records["goal"].append(goal)
    details = {
        "problem": {"whys": ["Parts wait"], "rootCause": "", "countermeasure": "", "check": ""},
        "teamwork": {"question": "How to run SMED?", "helperId": rui.person_id},
        "kaizen": {
            "currentMethod": "By memory",
            "experiments": [{"expected": "Faster", "actual": "Same", "learned": "Prepare first"}],
        },
        "standard": {
            "steps": [{"step": "Clean", "keyPoints": ["Top down"], "reasons": ["Dust falls"]}],
            "practiceLog": [],
        },
    }
    for mode, detail in details.items():
        challenge = uid()
        assert (
            maya.push(
                "challenge.create",
                id=challenge,
                goalId=goal,
                learnerId=lee_id,
                mode=mode,
                title=f"A {mode} challenge",
                problem="Changeover takes 47 min",
                target={"metric": "minutes", "baseline": 47, "value": 20, "unit": "min"},
                dueOn="2026-12-18",
                details=detail,
            )["status"]
            == "applied"
        )
        records["challenge"].append(challenge)
    first = records["challenge"][0]
    assert (
        lee.push(
            "challenge.update",
            id=first,
            baseVersion=lee.version(first),
            status="accepted",
            reflection="Starting Monday",
            actual=40.5,
        )["status"]
        == "applied"
    )
    checkin = uid()
    assert (
        maya.push(
            "checkin.create",
            id=checkin,
            challengeId=first,
            at="2026-11-21T14:00:00Z",
            engagement=3,
            approach=2,
            resilience=4,
            notes="Timed three changeovers",
            nextCheckinOn="2026-11-28",
        )["status"]
        == "applied"
    )
    records["checkin"].append(checkin)
    assert (
        lee.push(
            "checkin.update",
            id=checkin,
            baseVersion=lee.version(checkin),
            answer="I will time more",
        )["status"]
        == "applied"
    )
    note = uid()
    assert (
        rui.push(
            "mentor_note.create",
            id=note,
            personId=lee_id,
            note="Wants to lead a kaizen workshop",
            at="2026-11-21T16:00:00Z",
        )["status"]
        == "applied"
    )
    records["mentor_note"].append(note)
    # A conflict: Maya's second device edits the title Maya's phone already changed.
    tablet = Device(app, maya.person_id, "Maya")
    tablet.auth = maya.auth
    tablet.client = app.test_client()
    options = tablet.post("/api/auth/login/options", {})
    tablet.post("/api/auth/login/verify", {"credential": maya.auth.get(options)})
    second = records["challenge"][1]
    base = maya.version(second)
    assert (
        maya.push("challenge.update", id=second, baseVersion=base, title="Phone title")["status"]
        == "applied"
    )
    assert (
        tablet.push("challenge.update", id=second, baseVersion=base, title="Tablet title")["status"]
        == "conflict"
    )
    # A rejection: Lee may not drop a challenge.
    assert (
        lee.push("challenge.update", id=first, baseVersion=lee.version(first), status="dropped")[
            "status"
        ]
        == "rejected"
    )
    return devices, records, sha


def dump_sqlite(path, out):
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(FULL)")
    (out / "sqlite.sql").write_text("\n".join(conn.iterdump()) + "\n")
    conn.close()


def dump_postgres(url, out):
    text = subprocess.run(
        ["pg_dump", "--no-owner", "--no-privileges", "--inserts", url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    # psql meta-commands (\restrict in recent pg_dump) are not SQL: drop them.
    lines = [line for line in text.splitlines() if not line.startswith("\\")]
    (out / "postgres.sql").write_text("\n".join(lines) + "\n")


def main(out):
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp())
    name = f"gembakit_fixture_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(PG)
    admin.autocommit = True
    admin.cursor().execute(f'CREATE DATABASE "{name}"')
    pg_url = PG.rsplit("/", 1)[0] + "/" + name
    try:
        for kind, url in (("sqlite", f"sqlite:///{tmp / 'gk.db'}"), ("postgres", pg_url)):
            app = create_app(
                {
                    "DATABASE_URL": url,
                    "SECRET_KEY": "fixture",
                    "RP_ID": "localhost",
                    "ORIGIN": ORIGIN,
                    "ENV_NAME": "production",
                    "TESTING": True,
                    "ATTACHMENTS_DIR": str(tmp / "attachments"),
                }
            )
            devices, records, sha = populate(app)
            database.close() if not database.is_closed() else None
            if kind == "sqlite":
                dump_sqlite(tmp / "gk.db", out)
            else:
                dump_postgres(pg_url, out)
            (out / f"{kind}.json").write_text(
                json.dumps(
                    {
                        "devices": {n: d.keys() for n, d in devices.items()},
                        "records": records,
                        "photo": sha,
                    },
                    indent=1,
                )
                + "\n"
            )
            database.obj.close_all() if hasattr(database.obj, "close_all") else None
    finally:
        admin.cursor().execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,)
        )
        admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}"')
        shutil.rmtree(tmp)
    (out / "photo.jpg").write_bytes(PHOTO)


if __name__ == "__main__":
    main(sys.argv[1])
