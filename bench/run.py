"""`python -m bench.run` (or `make bench`): sync figures quoted in docs/benchmarks.md.

One run, one machine:
  (a) push throughput over HTTP: observations in chunks of 100 to gunicorn (1 worker), SQLite
  (b) the limit: peewee insert_many of the same rows (observation + revision), same chunks
  (c) the peer: Kinto 26.5.0, memory backend, /v1/batch of 100 creates
  (d) 100 devices × 50 mutations pushing at once: gunicorn, 4 workers, PostgreSQL
  (e) a first pull of 10,000 records (SQLite and PostgreSQL)
It also times the sync engine called in-process, to show where time goes. Results are
printed and written to bench/results/<time>.json.
"""
import argparse
import json
import os
import platform
import sqlite3
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

import psycopg2

from .live import Device, LiveServer

HERE = Path(__file__).resolve().parent
PG_ADMIN = os.environ.get("GEMBAKIT_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/test")
SECRET = "bench-secret-shared-by-instances"
APP = "bench.app:create_app()"  # the production factory, passkey rate limit lifted


def observation(n, person_id=None, visibility="private"):
    return {"id": str(uuid.uuid4()), "note": f"Operator {n} restarts the line without andon",
            "kind": "misconception", "observedAt": "2026-11-25T08:30:00.000Z",
            "visibility": visibility, "photos": []} | ({"personId": person_id}
                                                        if person_id else {})


def rate(count, seconds):
    return count / seconds if seconds else float("inf")


def percentile(values, pct):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


# --- the machine -------------------------------------------------------------------------------

def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                if line.startswith("model name")), platform.processor())
    mem_kb = next(int(line.split()[1]) for line in open("/proc/meminfo")
                  if line.startswith("MemTotal"))
    conn = psycopg2.connect(PG_ADMIN)
    with conn.cursor() as cur:
        cur.execute("SHOW server_version")
        pg = cur.fetchone()[0]
    conn.close()
    return {"nproc": os.cpu_count(), "cpu": cpu, "ram_gib": round(mem_kb / 1024 / 1024, 1),
            "python": platform.python_version(), "sqlite": sqlite3.sqlite_version,
            "postgresql": pg, "load_average_at_start": os.getloadavg()}


# --- databases -----------------------------------------------------------------------------------

class FreshPostgres:
    def __enter__(self):
        self.name = f"gembakit_bench_{uuid.uuid4().hex[:8]}"
        self.admin = psycopg2.connect(PG_ADMIN)
        self.admin.autocommit = True
        with self.admin.cursor() as cur:
            cur.execute(f'CREATE DATABASE "{self.name}"')
        return urlsplit(PG_ADMIN)._replace(path=f"/{self.name}").geturl()

    def __exit__(self, *exc):
        with self.admin.cursor() as cur:
            cur.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = %s AND pid <> pg_backend_pid()", (self.name,))
            cur.execute(f'DROP DATABASE IF EXISTS "{self.name}"')
        self.admin.close()


def local_app(database_url, origin):
    """The app in this process, for setting up people and reading results."""
    from server import create_app

    return create_app({"DATABASE_URL": database_url, "SECRET_KEY": SECRET, "RP_ID": "localhost",
                       "ORIGIN": origin, "ENV_NAME": "development", "AUTO_MIGRATE": True})


def invite(app, name, origin, manager_id=None):
    from server.people.invites import create_person, issue_invite

    with app.app_context():
        person = create_person(name, manager_id=manager_id)
        return person.id, issue_invite(person, origin)


def count_rows(app):
    from server.db import database
    from server.models import Observation, Revision

    with database.connection_context():
        keys = [(r.client_id, r.mutation_id) for r in
                Revision.select(Revision.client_id, Revision.mutation_id)]
        return {"observations": Observation.select().count(), "revisions": len(keys),
                "distinct_mutations": len(set(keys))}


# --- (a) push over HTTP, (e) first pull --------------------------------------------------------

def push_over_http(server, app, n, chunk):
    person_id, link = invite(app, "Maya", server.origin)
    device = Device(person_id).enrol(server, link)
    batches = [device.capture(min(chunk, n - i), lambda: observation(i))
               for i in range(0, n, chunk)]
    start = time.perf_counter()
    for batch in batches:
        push = device.push(server, batch)
        assert push.status == 200 and len(push.applied()) == len(batch), push.body
    seconds = time.perf_counter() - start
    return device, seconds


def first_pull(server, owner, total, limit):
    """A new device of `owner` pulls everything from scratch."""
    tablet = Device(owner.person_id, owner.authenticator, session=owner.session)
    start = time.perf_counter()
    changes, pages = tablet.pull_all(server, limit)
    seconds = time.perf_counter() - start
    assert len(changes) == total, (len(changes), total)
    return {"records": total, "limit": limit, "pages": pages, "seconds": round(seconds, 3)}


def fill_to(server, device, total):
    """Push more observations (chunks of 500) until `device`'s person has `total`."""
    have = device.next_id - 1
    while have < total:
        batch = device.capture(min(500, total - have), lambda: observation(have))
        assert device.push(server, batch).status == 200
        have += len(batch)


# --- (b) the limit: insert_many ------------------------------------------------------------------

def raw_insert(database_url, n, chunk):
    """The rows a push of n creates writes (an observation and a revision each), inserted with
    insert_many in chunks, one transaction per chunk — no validation, no checks, no HTTP."""
    from server.db import database, next_version, write_transaction
    from server.models import Observation, Person, Revision, utcnow

    local_app(database_url, "http://localhost")  # opens the database, creates the tables
    with database.connection_context():
        person = Person.create(name="Raw")
        now = utcnow()
        client = str(uuid.uuid4())
        records = [observation(i) for i in range(n)]
        start = time.perf_counter()
        for offset in range(0, n, chunk):
            part = records[offset:offset + chunk]
            with write_transaction():
                version = next_version()
                Observation.insert_many([
                    {"id": r["id"], "version": version, "author": person.id, "note": r["note"],
                     "kind": r["kind"], "observed_at": now, "visibility": r["visibility"],
                     "photos": [], "created_at": now, "updated_at": now}
                    for r in part]).execute()
                Revision.insert_many([
                    {"entity": "observation", "record_id": r["id"], "version": version,
                     "op": "create", "author": person.id, "client_id": client,
                     "mutation_id": offset + i + 1, "changes": r, "created_at": now}
                    for i, r in enumerate(part)]).execute()
        seconds = time.perf_counter() - start
        assert Observation.select().count() == n
    return seconds


def engine_in_process(database_url, n, chunk):
    """The sync engine without HTTP: engine.push() called directly, same chunks."""
    from server.access import Scope
    from server.db import database
    from server.models import Person
    from server.sync import Mutation, engine

    local_app(database_url, "http://localhost")
    with database.connection_context():
        scope = Scope(Person.create(name="Engine"))
        client = str(uuid.uuid4())
        mutations = [Mutation.model_validate({"id": i + 1, "name": "observation.create",
                                              "args": observation(i)}) for i in range(n)]
        start = time.perf_counter()
        for offset in range(0, n, chunk):
            answer = engine.push(scope, client, mutations[offset:offset + chunk])
            assert answer["lastMutationId"] == min(n, offset + chunk)
        return time.perf_counter() - start


# --- (d) many devices at once --------------------------------------------------------------------

def many_devices(server, app, devices, mutations):
    people = [invite(app, f"Learner {i}", server.origin) for i in range(devices)]
    phones = [Device(person_id).enrol(server, link) for person_id, link in people]
    batches = [phone.capture(mutations, lambda: observation(0)) for phone in phones]
    barrier = threading.Barrier(devices)

    def sync(phone, batch):
        barrier.wait()
        return phone.push(server, batch)
    start = time.perf_counter()
    with ThreadPoolExecutor(devices) as pool:
        pushes = list(pool.map(sync, phones, batches))
    seconds = time.perf_counter() - start
    assert all(p.status == 200 for p in pushes), [p.body for p in pushes if p.status != 200]
    latencies = [p.seconds for p in pushes]
    counts = count_rows(app)
    expected = devices * mutations
    return {"devices": devices, "mutations_each": mutations, "seconds": round(seconds, 3),
            "records_per_s": round(rate(expected, seconds)),
            "latency_p50_s": round(percentile(latencies, 50), 3),
            "latency_p95_s": round(percentile(latencies, 95), 3),
            "latency_max_s": round(max(latencies), 3),
            "lost": expected - counts["observations"],
            "duplicated": counts["revisions"] - counts["distinct_mutations"]
            + max(0, counts["observations"] - expected)}


# --- the run ------------------------------------------------------------------------------------

def throughput_round(tmp, n, chunk, number):
    """(b), engine, (a), (c) once each, back to back, on fresh databases and servers."""
    from .kinto_peer import KintoServer, create_records

    round_dir = tmp / f"round-{number}"
    round_dir.mkdir()
    seconds = {"b_insert_many": raw_insert(f"sqlite:///{round_dir / 'raw.db'}", n, chunk),
               "engine": engine_in_process(f"sqlite:///{round_dir / 'engine.db'}", n, chunk)}
    sqlite_url = f"sqlite:///{round_dir / 'http.db'}"
    app = local_app(sqlite_url, "http://localhost")
    server = LiveServer(sqlite_url, round_dir, SECRET, workers=1, app=APP)
    with server:
        device, seconds["a_push_http"] = push_over_http(server, app, n, chunk)
    with KintoServer(round_dir) as kinto:
        seconds["c_kinto"] = create_records(kinto, [observation(i) for i in range(n)], chunk)
    rates = {k: round(rate(n, v)) for k, v in seconds.items()}
    print(f"round {number}: " + ", ".join(f"{k} {v:,}/s" for k, v in rates.items())
          + f"  (load {os.getloadavg()[0]:.1f})", flush=True)
    return rates, sqlite_url, app, device


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=5000)
    parser.add_argument("--chunk", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3,
                        help="(a), (b) and (c) run this many times back to back; best kept")
    parser.add_argument("--devices", type=int, default=100)
    parser.add_argument("--per-device", type=int, default=50)
    parser.add_argument("--pull-records", type=int, default=10000)
    args = parser.parse_args()
    n, chunk = args.records, args.chunk
    from .kinto_peer import ensure_kinto
    kinto_version = ensure_kinto()[1]
    results = {"machine": machine(), "when": datetime.now(timezone.utc).isoformat(),
               "records": n, "chunk": chunk, "kinto_version": kinto_version}
    print(json.dumps(results["machine"], indent=2), flush=True)

    with tempfile.TemporaryDirectory(prefix="gembakit-bench-") as tmp:
        tmp = Path(tmp)
        rounds = []
        for number in range(1, args.rounds + 1):
            rates, sqlite_url, app, device = throughput_round(tmp, n, chunk, number)
            rounds.append(rates)
        best = {k: max(r[k] for r in rounds) for k in rounds[0]}

        # (e) a first pull of 10,000 on SQLite: the last round's database, filled up
        with LiveServer(sqlite_url, tmp, SECRET, workers=1, app=APP) as server:
            assert device.sign_in(server).status_code == 200  # a new ORIGIN: sign in again
            fill_to(server, device, args.pull_records)
            pulls_sqlite = [first_pull(server, device, args.pull_records, limit)
                            for limit in (200, 1000)]
        print(f"(e) first pull, SQLite: {pulls_sqlite}", flush=True)

        with FreshPostgres() as pg_url:
            engine_pg = round(rate(n, engine_in_process(pg_url, n, chunk)))
        print(f"engine in-process, PostgreSQL: {engine_pg:,} records/s", flush=True)

        # (d) many devices at once, and (e) on PostgreSQL
        with FreshPostgres() as pg_url:
            app = local_app(pg_url, "http://localhost")
            with LiveServer(pg_url, tmp, SECRET, workers=4, app=APP) as server:
                crowd = many_devices(server, app, args.devices, args.per_device)
                print(f"(d) {crowd}", flush=True)
                person_id, link = invite(app, "Rui", server.origin)
                owner = Device(person_id).enrol(server, link)
                fill_to(server, owner, args.pull_records)
                pulls_pg = [first_pull(server, owner, args.pull_records, limit)
                            for limit in (200, 1000)]
                print(f"(e) first pull, PostgreSQL: {pulls_pg}", flush=True)
            from server.db import database
            if not database.is_closed():
                database.close()

    results |= {
        "rounds": rounds, "best": best,
        "engine_in_process_postgres_records_per_s": engine_pg,
        "ratio_push_over_kinto": round(best["a_push_http"] / best["c_kinto"], 2),
        "ratio_insert_many_over_push": round(best["b_insert_many"] / best["a_push_http"], 2),
        "d_many_devices_postgres": crowd,
        "e_first_pull_sqlite": pulls_sqlite, "e_first_pull_postgres": pulls_pg,
        "load_average_at_end": os.getloadavg(),
    }
    print()
    print(f"best of {args.rounds}: push over HTTP {best['a_push_http']:,}/s, insert_many "
          f"{best['b_insert_many']:,}/s, engine in-process {best['engine']:,}/s, "
          f"Kinto {best['c_kinto']:,}/s")
    print(f"push over HTTP / Kinto       = {results['ratio_push_over_kinto']}x (target >= 5x)")
    print(f"insert_many / push over HTTP = {results['ratio_insert_many_over_push']}x "
          "(target <= 3x)")
    print(f"{crowd['devices']} devices x {crowd['mutations_each']} at once: p95 "
          f"{crowd['latency_p95_s']} s (target < 1 s), lost {crowd['lost']}, duplicated "
          f"{crowd['duplicated']}")
    print(f"first pull of {args.pull_records:,} (s): SQLite "
          f"{[p['seconds'] for p in pulls_sqlite]}, PostgreSQL "
          f"{[p['seconds'] for p in pulls_pg]} at limits 200/1000 (target < 3 s)")
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    path = out / f"{datetime.now().strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(results, indent=2))
    print(f"written to {path.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
