"""Fixture chain after Flask's tutorial: backend → app → people signed in. Every
storage-touching test runs on SQLite and on PostgreSQL.

Two ways to get a signed-in person (docs/decisions.md §75, "Tests"):
- `new_person` / `team`: the person, a passkey row for their software authenticator and a
  session made by the app's own sign_in(): no WebAuthn ceremony. For every test that is not
  about passkeys; the passkey is real, so `another_device()` and `sign_in()` still work.
- `enrol` / `enrolled_team`: the real ceremony through /api/auth/register/*. For tests about
  passkeys, enrolment, invites, recovery and sessions.
"""

import os
import shutil
import sqlite3
import tempfile
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import psycopg2
import pytest
from flask import session as flask_session
from webauthn.helpers import bytes_to_base64url

from server import create_app
from server.auth.sessions import sign_in as app_sign_in
from server.models import Credential, Person
from server.people.invites import create_person, issue_invite

from .softauthn import SoftAuthenticator

ORIGIN = "http://localhost:5000"
PG_ADMIN_DSN = os.environ.get("GEMBAKIT_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


def _pg_admin():
    conn = psycopg2.connect(PG_ADMIN_DSN)
    conn.autocommit = True
    return conn


def create_pg_database(prefix):
    """A new, empty PostgreSQL database: (name, url). Drop it with drop_pg_database(name)."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    try:
        conn = _pg_admin()
    except psycopg2.OperationalError as exc:  # pragma: no cover - CI starts PostgreSQL
        pytest.fail(f"PostgreSQL is not reachable at {PG_ADMIN_DSN}: {exc}")
    with conn.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{name}"')
        # A scratch database: no test crashes the server, so commits need not wait for disk.
        cur.execute(f'ALTER DATABASE "{name}" SET synchronous_commit = off')
    conn.close()
    return name, urlsplit(PG_ADMIN_DSN)._replace(path=f"/{name}").geturl()


def drop_pg_database(name):
    """Drop a database made by create_pg_database, ending whatever is still connected."""
    conn = _pg_admin()
    with conn.cursor() as cur:
        cur.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            (name,),
        )
        cur.execute(f'DROP DATABASE IF EXISTS "{name}"')
    conn.close()


@pytest.fixture(scope="session")
def pg_database():
    """One throw-away PostgreSQL database for the run; tests empty its tables."""
    name, url = create_pg_database("gembakit_test")
    yield url
    drop_pg_database(name)


def _empty_pg(url):
    conn = psycopg2.connect(url)
    conn.autocommit = True
    with conn.cursor() as cur:
        # The migration history stays: the tables it describes stay too, only emptied.
        cur.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
            "AND tablename <> 'schema_migration'"
        )
        tables = [row[0] for row in cur.fetchall()]
        try:
            # DELETE with foreign-key triggers off (every table is emptied, so nothing dangles):
            # a few ms, where TRUNCATE of every table took most of a second a test.
            cur.execute("SET session_replication_role = replica")
            for table in tables:
                cur.execute(f'DELETE FROM "{table}"')
        except psycopg2.errors.InsufficientPrivilege:  # not a superuser: TRUNCATE then
            cur.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " CASCADE")
        # A function a test planted to make the database fail (and its triggers) goes too, so
        # it cannot trip a later test that restores or migrates this database.
        cur.execute(
            "SELECT p.oid::regprocedure FROM pg_proc p JOIN pg_namespace n "
            "ON n.oid = p.pronamespace WHERE n.nspname = 'public'"
        )
        for (function,) in cur.fetchall():
            cur.execute(f"DROP FUNCTION IF EXISTS {function} CASCADE")
        if "sync_counter" in tables:  # as migration 0001 left it
            cur.execute("INSERT INTO sync_counter (id, value, purged_through) VALUES (1, 0, 0)")
    conn.close()


# SQLite files of the tests live in memory (/dev/shm) where there is one: no fsync to wait for.
SCRATCH_DIR = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    """A SQLite database migrated to the newest schema, made once per run: each test starts
    from a copy of it, as each test on PostgreSQL starts from the run's migrated database,
    emptied. (tests/test_migrations.py builds its own databases from nothing.)"""
    path = tmp_path_factory.mktemp("sqlite_template") / "gembakit.db"
    create_app(make_config(f"sqlite:///{path}", ATTACHMENTS_DIR=str(path.parent / "files")))
    from server.db import database

    if not database.is_closed():
        database.close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything in the one file we copy
    conn.close()
    return path


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request):
    if request.param == "sqlite":
        folder = Path(tempfile.mkdtemp(prefix="gembakit-test-", dir=SCRATCH_DIR))
        request.addfinalizer(lambda: shutil.rmtree(folder, ignore_errors=True))
        shutil.copyfile(request.getfixturevalue("sqlite_template"), folder / "gembakit.db")
        return f"sqlite:///{folder / 'gembakit.db'}"
    url = request.getfixturevalue("pg_database")
    _empty_pg(url)
    return url


def make_config(database_url, **overrides):
    return {
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-secret",
        "RP_ID": "localhost",
        "ORIGIN": ORIGIN,
        "ENV_NAME": "production",
        "TESTING": True,
        "AUTO_MIGRATE": True,
    } | overrides


@pytest.fixture
def app(database_url, tmp_path):
    app = create_app(make_config(database_url, ATTACHMENTS_DIR=str(tmp_path / "attachments")))
    yield app
    from server.db import database

    if not database.is_closed():
        database.close()


class Api:
    """A signed-in (or anonymous) device talking to the API the way the PWA does."""

    def __init__(self, app, person=None, authenticator=None):
        self.app = app
        self.client = app.test_client()
        self.person = person
        self.authenticator = authenticator
        self.client_id = str(uuid.uuid4())
        self.next_mutation_id = 1
        self.cursor = "0"

    def _headers(self, headers):
        return {"Origin": ORIGIN} | (headers or {})

    def get(self, path, **kw):
        return self.client.get(path, **kw)

    def post(self, path, json=None, headers=None, **kw):
        return self.client.post(path, json=json, headers=self._headers(headers), **kw)

    def patch(self, path, json=None, headers=None):
        return self.client.patch(path, json=json, headers=self._headers(headers))

    def delete(self, path, headers=None):
        return self.client.delete(path, headers=self._headers(headers))

    # --- passkeys ----------------------------------------------------------------------
    def enrol(self, invite_url, nickname=None):
        token = invite_url.rsplit("/", 1)[1]
        options = self.post("/api/auth/register/options", {"invite": token})
        assert options.status_code == 200, options.json
        self.authenticator = self.authenticator or SoftAuthenticator(ORIGIN)
        credential = self.authenticator.create(options.json)
        return self.post(
            "/api/auth/register/verify", {"credential": credential, "nickname": nickname}
        )

    def sign_in_without_ceremony(self, credential=None):
        """Sign this device in as self.person with the app's own sign_in() (a LoginSession row
        bound to `credential`, flask-login's keys) and the cookie the app itself signs. Only
        the WebAuthn ceremony is skipped; every later request goes through the real app."""
        with self.app.test_request_context():
            app_sign_in(Person.get_by_id(self.person.id), credential)
            signed_in = dict(flask_session)
        with self.client.session_transaction() as cookie:
            cookie.clear()
            cookie.update(signed_in)

    def another_device(self):
        """The same person on a second device, signed in with the same (synced) passkey."""
        device = Api(self.app, self.person, self.authenticator)
        assert device.sign_in().status_code == 200
        return device

    def sign_in(self):
        options = self.post("/api/auth/login/options", {})
        assert options.status_code == 200, options.json
        return self.post(
            "/api/auth/login/verify", {"credential": self.authenticator.get(options.json)}
        )

    # --- sync --------------------------------------------------------------------------
    def mutation(self, name, **args):
        mutation = {
            "id": self.next_mutation_id,
            "name": name,
            "args": args,
            "at": "2026-11-25T10:00:00.000Z",
        }
        self.next_mutation_id += 1
        return mutation

    def push(self, *mutations, client_id=None):
        return self.post(
            "/api/sync/push",
            {"clientId": client_id or self.client_id, "mutations": list(mutations)},
        )

    def pull(self, cursor=None, limit=None):
        query = {"clientId": self.client_id, "cursor": self.cursor if cursor is None else cursor}
        if limit:
            query["limit"] = limit
        return self.get("/api/sync/pull", query_string=query)

    def version_of(self, record_id):
        """The version of a record as this device sees it after a full sync."""
        changes = self.pull(cursor="0").json["changes"]
        return next(c["version"] for c in changes if c["id"] == record_id)

    def pull_all(self):
        """Pull every page since the last cursor; returns the changes, keeps the cursor."""
        changes = []
        while True:
            page = self.pull()
            assert page.status_code == 200, page.json
            changes += page.json["changes"]
            self.cursor = page.json["cursor"]
            if not page.json["more"]:
                return changes


def new_observation(**fields):
    return {
        "id": str(uuid.uuid4()),
        "note": "Thinks the andon cord is only for breakdowns",
        "kind": "misconception",
        "observedAt": "2026-11-25T09:30:00+01:00",
        "visibility": "private",
    } | fields


@pytest.fixture
def enrol(app):
    """enrol(name, manager=None, admin=False) -> an Api signed in as a new person."""

    def _enrol(name, manager=None, admin=False):
        with app.app_context():
            person = create_person(
                name, is_admin=admin, manager_id=manager.person.id if manager else None
            )
            url = issue_invite(person, ORIGIN)
        api = Api(app, person)
        response = api.enrol(url)
        assert response.status_code == 200, response.json
        return api

    return _enrol


def passkey_without_ceremony(person, authenticator):
    """The Credential row a finished enrolment leaves for `authenticator` (its real public
    key, so the real sign-in API accepts it later). Call inside an app context."""
    authenticator.user_handle = bytes_to_base64url(bytes(person.webauthn_user_id))
    return Credential.create(
        person=person,
        credential_id=authenticator.credential_id,
        public_key=authenticator.cose_public_key(),
        transports=["internal"],
    )


@pytest.fixture
def new_person(app):
    """new_person(name, manager=None, admin=False) -> an Api signed in as a new person, with a
    passkey, made directly: no invite, no ceremony (use `enrol` where those are tested)."""

    def _new_person(name, manager=None, admin=False):
        authenticator = SoftAuthenticator(ORIGIN)
        with app.app_context():
            person = create_person(
                name, is_admin=admin, manager_id=manager.person.id if manager else None
            )
            credential = passkey_without_ceremony(person, authenticator)
        api = Api(app, person, authenticator)
        api.sign_in_without_ceremony(credential)
        return api

    return _new_person


def _team(add):
    rui = add("Rui")
    maya = add("Maya", manager=rui)
    lee = add("Lee", manager=maya)
    sam = add("Sam", manager=maya)
    ada = add("Ada")
    root = add("Root", admin=True)
    return {"rui": rui, "maya": maya, "lee": lee, "sam": sam, "ada": ada, "root": root}


@pytest.fixture
def team(new_person):
    """Maya manages Lee and Sam; Maya reports to Rui (Lee's mentor); Ada is in another team;
    Root is an admin outside the chain. Made directly (new_person), no ceremonies."""
    return _team(new_person)


@pytest.fixture
def enrolled_team(enrol):
    """The same team, each person enrolled through an invite and a real passkey ceremony."""
    return _team(enrol)
