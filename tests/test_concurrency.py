"""Many writers at once: nothing lost, nothing twice, versions in commit order, and a pull that
runs while a slow writer has not committed yet never skips its row.

The first test runs two real app processes (gunicorn, as in production) on one fresh
PostgreSQL database, each with its own ORIGIN, sharing SECRET_KEY like instances behind a load
balancer; people enrol and sign in over HTTP with a software passkey.
"""

import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from bench.live import Device, LiveServer
from server import create_app
from server.access import Scope
from server.db import database, write_transaction
from server.models import Observation, Person, Revision, SyncClient
from server.people.invites import create_person, issue_invite
from server.sync import Mutation
from server.sync import engine

from .conftest import Api, create_pg_database, drop_pg_database, make_config, new_observation

SECRET = "shared-by-every-instance"


# --- two app processes on one PostgreSQL database -------------------------------------------


def at_once(*calls):
    """Run the calls in threads released together; their results in order."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait()
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


@pytest.fixture
def fresh_pg(tmp_path):
    name, url = create_pg_database("gembakit_live")
    yield url
    drop_pg_database(name)


@pytest.fixture
def two_instances(fresh_pg, tmp_path):
    # Tables first, from here, so the two instances never race to create them.
    setup = create_app(make_config(fresh_pg, SECRET_KEY=SECRET))
    servers = []
    try:
        servers = [LiveServer(fresh_pg, tmp_path, SECRET, workers=2, threads=4) for _ in range(2)]
        for server in servers:
            server.wait_until_up()
        yield setup, servers
    finally:
        for server in servers:
            server.stop()
            # Shown only when the test fails: what gunicorn said (a worker killed, a reboot).
            print(f"--- gunicorn on {server.url}:\n{server.log_path.read_text()[-6000:]}")
        if not database.is_closed():
            database.close()


def _invite(setup, origin, name, manager_id=None):
    with setup.app_context():
        person = create_person(name, manager_id=manager_id)
        return person.id, issue_invite(person, origin)


def _check_exactly_once_in_commit_order(pushes, made):
    """made: {clientId: number of mutations it made}."""
    with database.connection_context():
        clients = {c.id: c.last_mutation_id for c in SyncClient.select()}
        revisions = list(
            Revision.select(
                Revision.client_id, Revision.mutation_id, Revision.version, Revision.record_id
            ).order_by(Revision.version)
        )
        records = {o.id: o.version for o in Observation.select()}
    for client_id, count in made.items():
        assert clients[client_id] == count, "a client's changes are missing"
    keys = [(r.client_id, r.mutation_id) for r in revisions]
    assert len(keys) == len(set(keys)) == sum(made.values()), "a change applied twice or lost"
    versions = [r.version for r in revisions]
    assert len(versions) == len(set(versions)), "two changes share a version"
    for client_id in made:
        ids = [r.mutation_id for r in revisions if r.client_id == client_id]
        assert ids == sorted(ids), "a client's changes committed out of order"
    assert len(records) == len(set(records.values())) == sum(made.values())
    # Commit order: a push that had answered before another was sent holds lower versions.
    version_of = {(r.client_id, r.mutation_id): r.version for r in revisions}
    spans = [
        (p.sent, p.received, [version_of[(p.client_id, i)] for i in p.applied()])
        for p in pushes
        if p.applied()
    ]
    for sent, _, later in spans:
        earlier = [max(v) for s, received, v in spans if received < sent]
        if earlier:
            assert max(earlier) < min(later), "a later commit took a lower version"
    return records


def test_two_instances_take_the_same_and_many_pushes_at_once_without_loss_or_duplicate(
    two_instances,
):
    setup, (a, b) = two_instances
    maya_id, invite = _invite(setup, a.origin, "Maya")
    maya = Device(maya_id)
    maya.enrol(a, invite)
    # Enrolled through one instance, she signs in through the other (same SECRET_KEY, same DB).
    phone = Device(maya_id)
    phone.authenticator = maya.authenticator
    assert phone.sign_in(b).status_code == 200
    pushes = []

    # The same client's batch reaches both instances at once (a retry racing the original).
    for round_ in range(12):
        batch = phone.capture(4, new_observation)
        if round_ % 3 == 2:  # overlapping chunks: the later one may arrive first
            later = batch[2:] + phone.capture(2, new_observation)
            first, second = at_once(lambda: phone.push(a, batch), lambda: phone.push(b, later))
            pushes += [first, second]
            if second.status == 409:
                assert second.body["error"]["details"]["expected"] == batch[0]["id"]
                pushes.append(phone.push(b, later))
                assert pushes[-1].status == 200
            assert first.status == 200
            applied = sorted(first.applied() + pushes[-1].applied())
            assert applied == list(range(batch[0]["id"], later[-1]["id"] + 1))
        else:
            first, second = at_once(lambda: phone.push(a, batch), lambda: phone.push(b, batch))
            pushes += [first, second]
            assert first.status == second.status == 200
            assert sorted(first.applied() + second.applied()) == [m["id"] for m in batch]
            statuses = sorted(r["status"] for p in (first, second) for r in p.body["results"])
            assert statuses == ["applied"] * 4 + ["duplicate"] * 4
    made = {phone.client_id: phone.next_id - 1}

    # Twenty learners push at once through both instances, each chunk sometimes delivered
    # twice, while their coach's tablet keeps pulling.
    learners = []
    for n in range(20):
        person_id, invite = _invite(setup, a.origin, f"Learner {n}", manager_id=maya_id)
        learner = Device(person_id)
        learner.enrol(a, invite)
        learners.append(learner)
    tablet = Device(maya_id)
    tablet.session.cookies = phone.session.cookies
    done = threading.Event()
    seen, cursors = {}, []

    def coach_keeps_pulling():
        while True:
            finished = done.is_set()
            while True:
                page = tablet.pull(b, limit=13)
                versions = [c["version"] for c in page["changes"]]
                assert versions == sorted(versions)
                seen.update({c["id"]: c["version"] for c in page["changes"]})
                tablet.cursor = page["cursor"]
                cursors.append(page["cursor"])
                if not page["more"]:
                    break
            if finished:
                return
            time.sleep(0.02)

    def learner_works(learner, n):
        results = []
        for chunk in range(6):
            batch = learner.capture(
                5, lambda: new_observation(personId=learner.person_id, visibility="shared")
            )
            server = (a, b)[(n + chunk) % 2]
            if chunk % 2:
                results += at_once(lambda: learner.push(a, batch), lambda: learner.push(b, batch))
            else:
                results.append(learner.push(server, batch))
        return results

    puller = threading.Thread(target=coach_keeps_pulling)
    puller.start()
    try:
        with ThreadPoolExecutor(20) as pool:
            for results in pool.map(learner_works, learners, range(20)):
                assert all(p.status == 200 for p in results), [p.body for p in results]
                pushes += results
    finally:
        done.set()  # the tablet stops pulling even when a learner's push failed
    puller.join(timeout=60)
    made |= {learner.client_id: learner.next_id - 1 for learner in learners}

    records = _check_exactly_once_in_commit_order(pushes, made)
    # The coach's tablet, pulling all along, missed none of her learners' shared notes.
    with database.connection_context():
        shared = {
            o.id
            for o in Observation.select().where(
                Observation.person.in_([learner.person_id for learner in learners])
            )
        }
    assert len(shared) == 20 * 30
    assert shared <= set(seen)
    assert all(seen[i] == records[i] for i in shared)
    assert len(cursors) > 1  # the coach pulled while the learners pushed


# --- a slow writer versus a pull ---------------------------------------------------------------


def test_a_pull_while_a_slow_writer_holds_its_commit_never_skips_the_late_row(app, enrol):
    """The slow writer takes its version first and commits last; the writers after it wait for
    the lock. A pull in between must not move its cursor past the uncommitted version."""
    maya = enrol("Maya")
    maya.push(
        *[
            maya.mutation("observation.create", **new_observation(note=f"early {i}"))
            for i in range(2)
        ]
    )
    assert len(maya.pull_all()) == 2
    before_cursor = maya.cursor
    committed = new_observation(note="Committed before the slow writer starts")
    maya.push(maya.mutation("observation.create", **committed))
    devices = []
    for _ in range(3):
        device = Api(app, maya.person, maya.authenticator)
        assert device.sign_in().status_code == 200
        devices.append(device)
    holding, release, slow = threading.Event(), threading.Event(), {}
    slow_note = new_observation(note="Written first, committed last")

    def slow_writer():
        with database.connection_context():
            scope = Scope(Person.get_by_id(maya.person.id))
            with write_transaction():
                engine.push(
                    scope,
                    str(uuid.uuid4()),
                    [
                        Mutation.model_validate(
                            {"id": 1, "name": "observation.create", "args": slow_note}
                        )
                    ],
                )
                slow["version"] = Observation.get_by_id(slow_note["id"]).version
                holding.set()
                release.wait(10)

    def fast_writer(device):
        note = new_observation(note="Written after, committed after")
        response = device.push(device.mutation("observation.create", **note))
        assert response.status_code == 200
        return note["id"], time.monotonic()

    writer = threading.Thread(target=slow_writer)
    writer.start()
    assert holding.wait(10)
    with ThreadPoolExecutor(3) as pool:
        fast = [pool.submit(fast_writer, device) for device in devices]
        time.sleep(0.3)  # the fast writers are now waiting for the lock
        during = maya.pull(cursor=before_cursor)
        pulled_at = time.monotonic()
        assert during.status_code == 200
        assert not any(f.done() for f in fast), "a writer got past the held lock"
        assert [c["id"] for c in during.json["changes"]] == [committed["id"]]
        assert during.json["changes"][0]["version"] < slow["version"]
        release.set()
        writer.join(10)
        fast_ids = {f.result()[0] for f in fast}
        assert all(f.result()[1] > pulled_at for f in fast)
    maya.cursor = during.json["cursor"]
    after = {c["id"]: c["version"] for c in maya.pull_all()}
    assert set(after) == fast_ids | {slow_note["id"]}, "a row that committed late was skipped"
    assert all(after[i] > slow["version"] for i in fast_ids)
