"""The sync protocol over a faulty network, tried by Hypothesis against the real app.

A simulated device captures observations offline (create, edit, delete), keeps an outbox and
a cursor the way the PWA does (a server copy of each record, waiting changes replayed on top),
and syncs through a network that drops requests, drops answers after the server committed,
duplicates requests and reorders chunks. The server is restarted (a new app object on the same
database, sessions surviving), crashes in the middle of a push (the database fails inside the
push's transaction), and the device is wiped (a new clientId).

After every step:
- the server holds every acknowledged mutation, each applied exactly once and in order: per
  client, revision mutation ids strictly increase with version and never repeat, and nothing
  was rejected;
- the server's records equal the device's mutations folded in order, up to the server's
  lastMutationId for each client (so nothing beyond it, nothing missing, nothing twice);
and whenever the outbox is empty and a full pull is done, the device shows exactly the records
the server lets this person see, at the server's versions.

Crashes are injected by the database itself, not by mocks: a trigger fires inside the push's
transaction and fails it (SQLite: a function that raises; PostgreSQL: the backend terminates
its own connection, as when the database is restarted under the app).
"""

import sqlite3
import uuid

import psycopg2
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from server import create_app
from server.access import Scope, observation_visible_query
from server.db import database, open_database
from server.models import Observation, Person, RejectedMutation, Revision, SyncClient
from server.people.invites import create_person, issue_invite

from .conftest import ORIGIN, Api, make_config, new_observation
from .softauthn import SoftAuthenticator

NOTES = [
    "Skips the torque check",
    "Restarts the line without andon",
    "Counts kanban cards twice",
    "Thinks 5S is cleaning",
    "Moves parts by hand twice",
    "Guesses takt time",
]
notes = st.builds(lambda text, n: f"{text} #{n}", st.sampled_from(NOTES), st.integers(0, 99))
kinds = st.sampled_from(["misconception", "skill_gap", "strength", "problem", "safety", "idea"])
visibilities = st.sampled_from(["private", "shared"])
FIELDS = ("note", "kind", "visibility")
SESSION_COOKIE = "gembakit_session"
CHECKED_MODELS = [Person, SyncClient, Observation, Revision, RejectedMutation]


# --- the database fails inside a push's transaction -----------------------------------------


class Crash:
    """A trigger that fails the push's transaction when it fires."""

    def __init__(self, database_url):
        self.url = database_url
        self.sqlite = database_url.startswith("sqlite")

    def _execute(self, *statements):
        if self.sqlite:
            conn = sqlite3.connect(self.url.removeprefix("sqlite:///"), timeout=10)
            with conn:
                for sql in statements:
                    conn.execute(sql)
        else:
            conn = psycopg2.connect(self.url)
            conn.autocommit = True
            with conn.cursor() as cur:
                for sql in statements:
                    cur.execute(sql)
        conn.close()

    def arm(self, table, operation, when):
        if self.sqlite:

            def injected_crash():
                raise RuntimeError("the server lost power")

            database.obj.register_function(injected_crash, "injected_crash", 0)
            self._execute(
                f"CREATE TRIGGER injected_crash BEFORE {operation} ON {table} "
                f"WHEN {when} BEGIN SELECT injected_crash(); END"
            )
        else:
            self._execute(
                "CREATE OR REPLACE FUNCTION injected_crash() RETURNS trigger LANGUAGE plpgsql "
                "AS $$ BEGIN PERFORM pg_terminate_backend(pg_backend_pid()); "
                "RAISE EXCEPTION 'the database went away'; END $$",
                f"CREATE TRIGGER injected_crash BEFORE {operation} ON {table} FOR EACH ROW "
                f"WHEN ({when}) EXECUTE FUNCTION injected_crash()",
            )

    def disarm(self):
        self._execute(
            "DROP TRIGGER IF EXISTS injected_crash"
            if self.sqlite
            else "DROP TRIGGER IF EXISTS injected_crash ON revision; "
            "DROP TRIGGER IF EXISTS injected_crash ON sync_client"
        )


# --- the device ------------------------------------------------------------------------------


def fold(records, mutation):
    """Apply one mutation to {id: fields} the way the server must (one device: no conflicts)."""
    name, args = mutation["name"], mutation["args"]
    if name == "observation.create":
        records[args["id"]] = {f: args[f] for f in FIELDS} | {"deleted": False}
    elif args["id"] not in records:
        pass  # a device replaying a change to a record the server has since deleted
    elif name == "observation.update":
        records[args["id"]].update({f: args[f] for f in FIELDS if f in args})
    elif name == "observation.delete":
        records[args["id"]]["deleted"] = True
    return records


class Device:
    """One install of the PWA: server copies, an outbox replayed on top, a cursor."""

    def __init__(self, app, person, authenticator):
        self.api = Api(app, person, authenticator)
        self.api.cursor = "0"
        self.server_copy = {}  # id -> fields and version, as last heard from the server
        self.outbox = []  # mutations no push answer has covered yet
        self.acked = 0  # the highest lastMutationId a push answer reported

    @property
    def client_id(self):
        return self.api.client_id

    def view(self):
        """What the person sees on this device: server copies with waiting changes on top."""
        records = {i: dict(r, deleted=False) for i, r in self.server_copy.items()}
        for m in self.outbox:
            records = fold(records, m)
            if m["name"] == "observation.create":
                records[m["args"]["id"]]["version"] = 0
        return {i: r for i, r in records.items() if not r.pop("deleted")}

    def capture(self, name, **args):
        mutation = self.api.mutation(name, **args)
        self.outbox.append(mutation)
        return mutation

    def acknowledge(self, last_mutation_id):
        """A server answer covers every mutation up to `last_mutation_id`."""
        assert last_mutation_id >= self.acked, "the server forgot acknowledged changes"
        done = [m for m in self.outbox if m["id"] <= last_mutation_id]
        self.outbox = [m for m in self.outbox if m["id"] > last_mutation_id]
        self.acked = last_mutation_id
        for m in done:
            versions = {i: r["version"] for i, r in self.server_copy.items()}
            records = {
                i: {f: r[f] for f in FIELDS} | {"deleted": False}
                for i, r in self.server_copy.items()
            }
            record = fold(records, m).get(m["args"]["id"], {"deleted": True})
            if record["deleted"]:
                self.server_copy.pop(m["args"]["id"], None)
            else:
                record.pop("deleted")
                self.server_copy[m["args"]["id"]] = record | {
                    "version": versions.get(m["args"]["id"], 0)
                }

    def push(self, batch):
        return self.api.push(*batch)

    def take_answer(self, response, batch):
        """What the PWA does with a push answer; returns the status for the caller to check."""
        if response.status_code == 200:
            body = response.json
            assert body["lastMutationId"] >= batch[-1]["id"]
            assert {r["status"] for r in body["results"]} <= {"applied", "duplicate"}
            self.acknowledge(body["lastMutationId"])
        elif response.status_code == 409:
            # The server has everything below `expected`: that is an answer covering them.
            self.acknowledge(response.json["error"]["details"]["expected"] - 1)
        else:
            assert response.status_code in (500, 503), response.json
            assert response.json["error"]["message"].find("nothing was saved") >= 0
        return response.status_code

    def pull_page(self, limit):
        response = self.api.pull(limit=limit)
        assert response.status_code == 200, response.json
        return response.json

    def take_page(self, page):
        assert not page.get("reset_required")
        assert page["lastMutationId"] >= self.acked
        for change in page["changes"]:
            assert change["type"] == "observation"
            if change["deleted"]:
                self.server_copy.pop(change["id"], None)
            else:
                self.server_copy[change["id"]] = {f: change["data"][f] for f in FIELDS} | {
                    "version": change["version"]
                }
        self.api.cursor = page["cursor"]

    def sync_fully(self):
        """A clean sync: push everything (halving on 413 is not needed here), then pull all."""
        while self.outbox:
            batch = self.outbox[:100]
            assert self.take_answer(self.push(batch), batch) == 200
        while True:
            page = self.pull_page(limit=7)
            self.take_page(page)
            if not page["more"]:
                return


# --- the state machine -------------------------------------------------------------------------


class SyncOverAFaultyNetwork(RuleBasedStateMachine):
    database_url = None  # set by the test

    @initialize()
    def enrol_a_coach_with_a_phone(self):
        self.config = make_config(self.database_url)
        self.app = create_app(self.config)
        with self.app.app_context():
            person = create_person("Maya")
            invite = issue_invite(person, ORIGIN)
        self.person = person
        self.authenticator = SoftAuthenticator(ORIGIN)
        self.device = Device(self.app, person, self.authenticator)
        assert self.device.api.enrol(invite).status_code == 200
        self.log = []  # (clientId, mutation), every mutation the device ever made
        self.forgotten = {}  # clientId -> last id the server had when that device was wiped
        self.crash = Crash(self.database_url)
        # The checks read through a connection of their own, kept open between steps.
        self.reader = open_database(self.database_url)

    # --- what the server holds ---------------------------------------------------------------
    def server(self):
        with self.reader.bind_ctx(CHECKED_MODELS):
            clients = {
                c.id: c.last_mutation_id
                for c in SyncClient.select().where(SyncClient.person == self.person.id)
            }
            records = {
                o.id: {
                    "note": o.note,
                    "kind": o.kind,
                    "visibility": o.visibility,
                    "deleted": o.deleted,
                    "version": o.version,
                    "flagged": o.flagged,
                }
                for o in Observation.select().where(Observation.author == self.person.id)
            }
            revisions = [
                (r.client_id, r.mutation_id, r.version)
                for r in Revision.select()
                .where(Revision.client_id.in_(list(clients) or [""]))
                .order_by(Revision.version, Revision.id)
            ]
            rejected = (
                RejectedMutation.select()
                .where(RejectedMutation.client.in_(list(clients) or [""]))
                .count()
            )
        return {
            "clients": clients,
            "records": records,
            "revisions": revisions,
            "rejected": rejected,
        }

    def visible_on_server(self):
        """What the server lets this person see, at the server's versions."""
        with self.reader.bind_ctx(CHECKED_MODELS):
            scope = Scope(Person.get_by_id(self.person.id))
            return {
                o.id: {
                    "note": o.note,
                    "kind": o.kind,
                    "visibility": o.visibility,
                    "version": o.version,
                }
                for o in Observation.select().where(
                    observation_visible_query(scope) & ~Observation.deleted
                )
            }

    def expected_records(self, clients):
        """The device's mutations folded in order, up to what the server says it applied."""
        records = {}
        for client_id, mutation in self.log:
            if mutation["id"] <= clients.get(client_id, 0):
                fold(records, mutation)
        return records

    @invariant()
    def every_acknowledged_change_is_applied_exactly_once_and_in_order(self):
        state = self.server()
        clients = state["clients"]
        assert clients.get(self.device.client_id, 0) >= self.device.acked
        made = {}
        for client_id, mutation in self.log:
            made[client_id] = mutation["id"]
        for client_id, last in clients.items():
            assert last <= made.get(client_id, 0), "the server applied a change never made"
        for client_id, last in self.forgotten.items():
            assert clients.get(client_id, 0) == last, "a wiped device's queue moved on"
        seen = {}
        for client_id, mutation_id, _ in state["revisions"]:
            assert mutation_id > seen.get(client_id, 0), "a change applied twice or out of order"
            assert mutation_id <= clients[client_id]
            seen[client_id] = mutation_id
        assert state["rejected"] == 0
        server_records = {
            i: {k: r[k] for k in (*FIELDS, "deleted")} for i, r in state["records"].items()
        }
        assert server_records == self.expected_records(clients)
        assert not any(r["flagged"] for r in state["records"].values())

    # --- capture -----------------------------------------------------------------------------
    @rule(note=notes, kind=kinds, visibility=visibilities)
    def capture_an_observation(self, note, kind, visibility):
        mutation = self.device.capture(
            "observation.create",
            id=str(uuid.uuid4()),
            note=note,
            kind=kind,
            visibility=visibility,
            observedAt="2026-11-25T09:30:00+01:00",
        )
        self.log.append((self.device.client_id, mutation))

    @precondition(lambda self: self.device.view())
    @rule(
        data=st.data(),
        note=notes,
        kind=kinds,
        visibility=visibilities,
        which=st.sets(st.sampled_from(FIELDS), min_size=1),
    )
    def edit_an_observation(self, data, note, kind, visibility, which):
        view = self.device.view()
        record_id = data.draw(st.sampled_from(sorted(view)), label="record")
        values = {"note": note, "kind": kind, "visibility": visibility}
        mutation = self.device.capture(
            "observation.update",
            id=record_id,
            baseVersion=view[record_id]["version"],
            **{f: values[f] for f in sorted(which)},
        )
        self.log.append((self.device.client_id, mutation))

    @precondition(lambda self: self.device.view())
    @rule(data=st.data())
    def delete_an_observation(self, data):
        view = self.device.view()
        record_id = data.draw(st.sampled_from(sorted(view)), label="record")
        mutation = self.device.capture(
            "observation.delete", id=record_id, baseVersion=view[record_id]["version"]
        )
        self.log.append((self.device.client_id, mutation))

    # --- push through a faulty network ---------------------------------------------------------
    @precondition(lambda self: self.device.outbox)
    @rule(size=st.integers(1, 6))
    def push_and_hear_the_answer(self, size):
        batch = self.device.outbox[:size]
        assert self.device.take_answer(self.device.push(batch), batch) == 200

    @precondition(lambda self: self.device.outbox)
    @rule(size=st.integers(1, 6))
    def push_is_lost_before_reaching_the_server(self, size):
        before = self.server()
        # The request never left the building: the server is unchanged, the outbox too.
        assert self.server() == before

    @precondition(lambda self: self.device.outbox)
    @rule(size=st.integers(1, 6))
    def push_commits_but_the_answer_is_lost(self, size):
        batch = self.device.outbox[:size]
        response = self.device.push(batch)
        assert response.status_code == 200  # committed; the device never hears it

    @precondition(lambda self: self.device.outbox)
    @rule(size=st.integers(1, 6))
    def push_is_duplicated_on_the_way(self, size):
        batch = self.device.outbox[:size]
        first, second = self.device.push(batch), self.device.push(batch)
        assert first.status_code == second.status_code == 200
        assert {r["status"] for r in second.json["results"]} == {"duplicate"}
        assert second.json["lastMutationId"] == first.json["lastMutationId"]
        self.device.take_answer(second, batch)

    @precondition(lambda self: len(self.device.outbox) >= 2)
    @rule(data=st.data())
    def chunks_arrive_in_the_wrong_order(self, data):
        chunk = self.device.outbox[: data.draw(st.integers(2, 8), label="size")]
        split = data.draw(st.integers(1, len(chunk) - 1), label="split")
        early, late = chunk[:split], chunk[split:]
        server_last = self.server()["clients"].get(self.device.client_id, 0)
        response = self.device.push(late)
        event(f"reordered chunk answered {response.status_code}")
        if late[0]["id"] > server_last + 1:
            assert response.status_code == 409
            assert response.json["error"]["details"]["expected"] == server_last + 1
        else:  # an earlier answer was lost: the server already has the early part
            assert response.status_code == 200
        self.device.take_answer(response, late)
        for batch in (early, late):
            batch = [m for m in batch if m in self.device.outbox] or batch
            assert self.device.take_answer(self.device.push(batch), batch) == 200

    # --- pull, possibly interrupted ------------------------------------------------------------
    @rule(limit=st.integers(1, 5), pages=st.integers(1, 4), answer_lost=st.booleans())
    def pull_some_pages(self, limit, pages, answer_lost):
        for number in range(pages):
            page = self.device.pull_page(limit)
            if answer_lost and number == pages - 1:
                return  # the last page never arrived: the cursor stays where it was
            self.device.take_page(page)
            if not page["more"]:
                return

    @rule()
    def sync_until_settled(self):
        self.device.sync_fully()
        visible = self.visible_on_server()
        assert self.device.view() == visible
        expected = {
            i: {f: r[f] for f in FIELDS}
            for i, r in self.expected_records(self.server()["clients"]).items()
            if not r["deleted"]
        }
        assert {i: {f: r[f] for f in FIELDS} for i, r in visible.items()} == expected

    # --- the server restarts, or crashes in the middle of a push ------------------------------
    @rule()
    def server_restarts(self):
        cookie = self.device.api.client.get_cookie(SESSION_COOKIE)
        if not database.is_closed():
            database.close()
        self.app = create_app(self.config)
        api = self.device.api
        api.app, api.client = self.app, self.app.test_client()
        if cookie is not None:  # the signed session survives a restart
            api.client.set_cookie(SESSION_COOKIE, cookie.value)

    def _push_through_a_crash(self, batch, table, operation, when, label, restart=True):
        before = self.server()
        self.crash.arm(table, operation, when)
        try:
            response = self.device.push(batch)
        finally:
            self.crash.disarm()
        event(f"push with a crash {label} answered {response.status_code}")
        if response.status_code == 200:  # the trigger never fired (see below)
            self.device.take_answer(response, batch)
        else:
            assert self.device.take_answer(response, batch) in (500, 503)
            assert self.server() == before, "a crashed push left part of its changes behind"
        if restart:
            self.server_restarts()

    @precondition(lambda self: self.device.outbox)
    @rule(size=st.integers(1, 6), restart=st.booleans())
    def server_crashes_just_before_a_push_commits(self, size, restart):
        """Every change of the batch is written; the client's row comes last and fails. The
        app either restarts, or carries on with a fresh database connection by itself."""
        client = self.device.client_id
        self._push_through_a_crash(
            self.device.outbox[:size],
            "sync_client",
            "UPDATE",
            f"NEW.id = '{client}'",
            "before commit",
            restart,
        )

    @precondition(lambda self: len(self.device.outbox) >= 2)
    @rule(size=st.integers(2, 8))
    def server_crashes_midway_through_a_batch(self, size):
        """The first new change is written, the next one that writes a revision fails (an
        edit that changes nothing writes none, so now and then the push goes through)."""
        client = self.device.client_id
        second = self.server()["clients"].get(client, 0) + 2
        self._push_through_a_crash(
            self.device.outbox[:size],
            "revision",
            "INSERT",
            f"NEW.client_id = '{client}' AND NEW.mutation_id >= {second}",
            "midway",
        )

    # --- the device is wiped -------------------------------------------------------------------
    def _wipe(self):
        state = self.server()
        self.forgotten[self.device.client_id] = state["clients"].get(self.device.client_id, 0)
        self.device = Device(self.app, self.person, self.authenticator)
        assert self.device.api.sign_in().status_code == 200

    @precondition(lambda self: not self.device.outbox)
    @rule()
    def device_is_wiped_after_everything_was_sent(self):
        self._wipe()

    @precondition(lambda self: self.device.outbox)
    @rule()
    def device_is_wiped_with_changes_waiting(self):
        """Lost with the device: what the server never acknowledged. It keeps exactly what it
        had (at least what was acknowledged), and the next device starts from there."""
        self._wipe()

    def teardown(self):
        if hasattr(self, "device"):
            self.sync_until_settled()
            self.reader.close()
        if not database.is_closed():
            database.close()


def test_sync_never_loses_or_duplicates_a_change_over_a_faulty_network(database_url):
    machine = type("Machine", (SyncOverAFaultyNetwork,), {"database_url": database_url})
    run_state_machine_as_test(
        machine,
        settings=settings(
            max_examples=20,
            stateful_step_count=30,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )


def test_a_shift_end_batch_of_5000_changes_arrives_once_even_when_answers_are_lost(app, new_person):
    """A week offline: 5,000 observations, sent in chunks of 500; two answers are lost and the
    device sends those chunks again. The server ends with exactly 5,000, and a new device of
    the same person pulls all of them."""
    maya = new_person("Maya")
    queue = [
        maya.mutation("observation.create", **new_observation(note=f"walk {i}"))
        for i in range(5000)
    ]
    for start in range(0, 5000, 500):
        chunk = queue[start : start + 500]
        answer = maya.push(*chunk)
        assert answer.status_code == 200
        if start in (1000, 3500):  # the answer never arrived: the same chunk again
            again = maya.push(*chunk)
            assert {r["status"] for r in again.json["results"]} == {"duplicate"}
        assert answer.json["lastMutationId"] == start + 500
    with app.app_context():
        assert Observation.select().count() == 5000
        assert Revision.select().count() == 5000
        assert Revision.select(Revision.mutation_id).distinct().count() == 5000
    tablet = Api(app, maya.person, maya.authenticator)
    assert tablet.sign_in().status_code == 200
    pulled = tablet.pull_all()
    assert sorted(c["data"]["note"] for c in pulled) == sorted(f"walk {i}" for i in range(5000))
