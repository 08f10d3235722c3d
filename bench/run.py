"""`python -m bench.run` (or `make bench`): sync figures quoted in docs/benchmarks.md.

One run, one machine:
  (a) push throughput over HTTP: observations in chunks of 100 to gunicorn (1 worker), SQLite
  (b) the limit: peewee insert_many of the same rows (observation + revision), same chunks
  (c) the peer: Kinto 26.5.0, memory backend, /v1/batch of 100 creates
  (d) 100 devices × 50 mutations pushing at once: gunicorn (gunicorn.conf.py, 4 workers),
      PostgreSQL: observation creates, then mixed shift-end batches (bench/mixed.py)
  (e) a first pull of 10,000 records (SQLite and PostgreSQL)
  (f) mixed chunks of 100 (40 observation.create, 30 checkin.create, 30 challenge.update)
      against create-only chunks, alternating, over HTTP, on SQLite and PostgreSQL
It also times the sync engine called in-process, to show where time goes. Results are
printed and written to bench/results/<time>.json. `--only mixed,storm,pull` runs a part.
"""

import argparse
import json
import os
import platform
import sqlite3
import tempfile
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

import psycopg2

from . import mixed
from .live import ROOT, Device, LiveServer

HERE = Path(__file__).resolve().parent
PG_ADMIN = os.environ.get("GEMBAKIT_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/test")
SECRET = "bench-secret-shared-by-instances"
APP = "bench.app:create_app()"  # the production factory, passkey rate limit lifted


def observation(n, person_id=None, visibility="private"):
    return {
        "id": str(uuid.uuid4()),
        "note": f"Operator {n} restarts the line without andon",
        "kind": "misconception",
        "observedAt": "2026-11-25T08:30:00.000Z",
        "visibility": visibility,
        "photos": [],
    } | ({"personId": person_id} if person_id else {})


def rate(count, seconds):
    return count / seconds if seconds else float("inf")


# --- the machine -------------------------------------------------------------------------------


def machine():
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in open("/proc/cpuinfo")
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem_kb = next(
        int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal")
    )
    conn = psycopg2.connect(PG_ADMIN)
    with conn.cursor() as cur:
        cur.execute("SHOW server_version")
        pg = cur.fetchone()[0]
    conn.close()
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram_gib": round(mem_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "postgresql": pg,
        "load_average_at_start": os.getloadavg(),
    }


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
            cur.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                (self.name,),
            )
            cur.execute(f'DROP DATABASE IF EXISTS "{self.name}"')
        self.admin.close()


def on_fresh_database(kind, use):
    """use(database_url) on a fresh PostgreSQL database (dropped after) or a temporary SQLite
    file; the app's connection is closed before the database goes."""
    if kind == "postgres":
        with FreshPostgres() as url:
            try:
                return use(url)
            finally:
                from server.db import database

                if database.obj is not None and not database.is_closed():
                    database.close()
    with tempfile.TemporaryDirectory() as tmp:
        return use(f"sqlite:///{Path(tmp) / 'bench.db'}")


def local_app(database_url, origin):
    """The app in this process, for setting up people and reading results."""
    from server import create_app

    return create_app(
        {
            "DATABASE_URL": database_url,
            "SECRET_KEY": SECRET,
            "RP_ID": "localhost",
            "ORIGIN": origin,
            "ENV_NAME": "development",
            "AUTO_MIGRATE": True,
        }
    )


def invite(app, name, origin, manager_id=None):
    from server.people.invites import create_person, issue_invite

    with app.app_context():
        person = create_person(name, manager_id=manager_id)
        return person.id, issue_invite(person, origin)


# --- (a) push over HTTP, (e) first pull --------------------------------------------------------


def push_over_http(server, app, n, chunk):
    person_id, link = invite(app, "Maya", server.origin)
    device = Device(person_id).enrol(server, link)
    batches = [
        device.capture(min(chunk, n - i), lambda: observation(i)) for i in range(0, n, chunk)
    ]
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
            part = records[offset : offset + chunk]
            with write_transaction():
                version = next_version()
                Observation.insert_many(
                    [
                        {
                            "id": r["id"],
                            "version": version,
                            "author": person.id,
                            "note": r["note"],
                            "kind": r["kind"],
                            "observed_at": now,
                            "visibility": r["visibility"],
                            "photos": [],
                            "created_at": now,
                            "updated_at": now,
                        }
                        for r in part
                    ]
                ).execute()
                Revision.insert_many(
                    [
                        {
                            "entity": "observation",
                            "record_id": r["id"],
                            "version": version,
                            "op": "create",
                            "author": person.id,
                            "client_id": client,
                            "mutation_id": offset + i + 1,
                            "changes": r,
                            "created_at": now,
                        }
                        for i, r in enumerate(part)
                    ]
                ).execute()
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
        mutations = [
            Mutation.model_validate(
                {"id": i + 1, "name": "observation.create", "args": observation(i)}
            )
            for i in range(n)
        ]
        start = time.perf_counter()
        for offset in range(0, n, chunk):
            answer = engine.push(scope, client, mutations[offset : offset + chunk])
            assert answer["lastMutationId"] == min(n, offset + chunk)
        return time.perf_counter() - start


# --- (f) mixed chunks against create-only chunks ------------------------------------------------


def mixed_against_creates(database_url, work_dir, n, rounds):
    """Over HTTP to gunicorn (1 worker): n mutations of each kind in chunks of 100, create-only
    and mixed chunks alternating, `rounds` times on one database; the best round is kept."""
    app = local_app(database_url, "http://localhost")
    with LiveServer(database_url, work_dir, SECRET, workers=1, app=APP) as server:
        coach_id, link = invite(app, "Maya", server.origin)
        learner_id, _ = invite(app, "Lee", server.origin, manager_id=coach_id)
        phone = Device(coach_id).enrol(server, link)
        chunks = n // 100
        pool = mixed.create_challenges(server, phone, learner_id, chunks * 30)
        found = []
        for _ in range(rounds):
            # Two devices of the coach, one sending create-only chunks and one mixed chunks,
            # alternating chunk by chunk: both kinds see the same machine (others' load varies
            # from second to second on a shared machine), each chunk timed alone.
            tablet = phone.another_device()
            creates = [
                [
                    phone.mutation("observation.create", mixed.note_args(i, learner_id))
                    for i in range(100)
                ]
                for _ in range(chunks)
            ]
            bases = mixed.versions(app, pool)
            batches = [
                mixed.mixed_batch(tablet, learner_id, bases[k * 30 : (k + 1) * 30], 40)
                for k in range(chunks)
            ]
            assert all(len(b) == 100 for b in batches)
            create_s = mixed_s = 0.0
            create_results, mixed_results = [], []
            for create_chunk, mixed_chunk in zip(creates, batches):
                seconds, answers = mixed.push_all(server, phone, [create_chunk])
                create_s, create_results = create_s + seconds, create_results + answers
                seconds, answers = mixed.push_all(server, tablet, [mixed_chunk])
                mixed_s, mixed_results = mixed_s + seconds, mixed_results + answers
            assert mixed.tally(create_results) == {"applied": chunks * 100}
            assert mixed.tally(mixed_results) == {"applied": chunks * 100}, mixed.tally(
                mixed_results
            )
            found.append(
                {
                    "create_only": round(rate(chunks * 100, create_s)),
                    "mixed": round(rate(chunks * 100, mixed_s)),
                    "ratio": round(create_s / mixed_s, 2),
                }
            )
            print(
                f"  {database_url.split(':')[0]}: create-only {found[-1]['create_only']:,}/s, "
                f"mixed {found[-1]['mixed']:,}/s, ratio {found[-1]['ratio']}x  "
                f"(load {os.getloadavg()[0]:.1f})",
                flush=True,
            )
    best = {k: max(r[k] for r in found) for k in found[0]}
    return {
        "rounds": found,
        "best": best,
        "ratio_mixed_over_create_only": round(best["mixed"] / best["create_only"], 2),
    }


# --- (d) storms: production's gunicorn settings, 4 workers, PostgreSQL ---------------------


def storms(pg_url, work_dir, devices, per_device, rounds, pull_records):
    """`rounds` × (create-only storm, mixed storm) on one server and database, then (e)."""
    app = local_app(pg_url, "http://localhost")
    notes, pairs = per_device * 40 // 100, per_device * 30 // 100
    stale = pairs // 3  # updates whose field another device changed first: conflicts
    out = {"create_only": [], "mixed": []}
    with LiveServer(
        pg_url, work_dir, SECRET, workers=4, app=APP, config=ROOT / "gunicorn.conf.py"
    ) as server:
        coaches = mixed.coach_devices(server, app, invite, devices if rounds else 0, "Storm")
        for number in range(1, rounds + 1):
            phones = [coach.another_device() for coach, _ in coaches]
            batches = [
                [
                    phone.mutation("observation.create", mixed.note_args(i, learner))
                    for i in range(per_device)
                ]
                for phone, (_, learner) in zip(phones, coaches)
            ]
            seconds, pushes, cpu = mixed.storm(server, phones, batches)
            results = [r for p in pushes for r in p.body["results"]]
            kept = mixed.stored(app, [p.client_id for p in phones])
            out["create_only"].append(
                mixed.latency(pushes)
                | {
                    "seconds": round(seconds, 3),
                    "cpu": cpu,
                    "answers": mixed.tally(results),
                    "lost": kept["created_records_expected"]
                    - kept["created_records_found"]
                    + devices * per_device
                    - kept["by_kind"].get("observation.create", 0),
                    "duplicated": kept["duplicated"],
                }
            )
            print(f"(d) storm {number}, create-only: {out['create_only'][-1]}", flush=True)

            plans = []
            for coach, learner in coaches:
                ids = mixed.create_challenges(server, coach, learner, pairs)
                bases = mixed.versions(app, ids)
                tablet = coach.another_device()
                early = tablet.push(
                    server,
                    [
                        tablet.mutation(
                            "challenge.update", {"id": i, "baseVersion": v, "actual": 99}
                        )
                        for i, v in bases[:stale]
                    ],
                )
                assert early.status == 200 and len(early.applied()) == stale, early.body
                plans.append((coach.another_device(), learner, bases))
            phones = [phone for phone, _, _ in plans]
            batches = [
                mixed.mixed_batch(phone, learner, bases, notes) for phone, learner, bases in plans
            ]
            seconds, pushes, cpu = mixed.storm(server, phones, batches)
            results = [r for p in pushes for r in p.body["results"]]
            answers = mixed.tally(results)
            kept = mixed.stored(app, phones and [p.client_id for p in phones])
            expected = {"applied": devices * (per_device - stale), "conflict": devices * stale}
            created = kept["by_kind"].get("observation.create", 0) + kept["by_kind"].get(
                "checkin.create", 0
            )
            out["mixed"].append(
                mixed.latency(pushes)
                | {
                    "seconds": round(seconds, 3),
                    "cpu": cpu,
                    "answers": answers,
                    "answers_as_the_contract_says": answers == expected,
                    "revisions": kept["by_kind"],
                    "lost": devices * (notes + pairs)
                    - created
                    + kept["created_records_expected"]
                    - kept["created_records_found"],
                    "duplicated": kept["duplicated"],
                }
            )
            print(f"(d) storm {number}, mixed: {out['mixed'][-1]}", flush=True)

        if pull_records:
            person_id, link = invite(app, "Rui", server.origin)
            owner = Device(person_id).enrol(server, link)
            fill_to(server, owner, pull_records)
            out["first_pull"] = [
                first_pull(server, owner, pull_records, limit) for limit in (200, 1000)
            ]
            print(f"(e) first pull, PostgreSQL: {out['first_pull']}", flush=True)
    from server.db import database

    if not database.is_closed():
        database.close()
    return out


# --- the run ------------------------------------------------------------------------------------


def throughput_round(tmp, n, chunk, number):
    """(b), engine, (a), (c) once each, back to back, on fresh databases and servers."""
    from .kinto_peer import KintoServer, create_records

    round_dir = tmp / f"round-{number}"
    round_dir.mkdir()
    seconds = {
        "b_insert_many": raw_insert(f"sqlite:///{round_dir / 'raw.db'}", n, chunk),
        "engine": engine_in_process(f"sqlite:///{round_dir / 'engine.db'}", n, chunk),
    }
    sqlite_url = f"sqlite:///{round_dir / 'http.db'}"
    app = local_app(sqlite_url, "http://localhost")
    server = LiveServer(sqlite_url, round_dir, SECRET, workers=1, app=APP)
    with server:
        device, seconds["a_push_http"] = push_over_http(server, app, n, chunk)
    with KintoServer(round_dir) as kinto:
        seconds["c_kinto"] = create_records(kinto, [observation(i) for i in range(n)], chunk)
    rates = {k: round(rate(n, v)) for k, v in seconds.items()}
    print(
        f"round {number}: "
        + ", ".join(f"{k} {v:,}/s" for k, v in rates.items())
        + f"  (load {os.getloadavg()[0]:.1f})",
        flush=True,
    )
    return rates, sqlite_url, app, device


PARTS = ("throughput", "mixed", "storm", "pull")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=5000)
    parser.add_argument("--chunk", type=int, default=100)
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="(a), (b), (c) and (f) run this many times back to back; best kept",
    )
    parser.add_argument("--devices", type=int, default=100)
    parser.add_argument("--per-device", type=int, default=50)
    parser.add_argument("--storms", type=int, default=3, help="storms of each kind, in turn")
    parser.add_argument("--pull-records", type=int, default=10000)
    parser.add_argument(
        "--only", default=",".join(PARTS), help=f"comma-separated parts among {', '.join(PARTS)}"
    )
    args = parser.parse_args()
    parts = set(args.only.split(","))
    n, chunk = args.records, args.chunk
    results = {
        "machine": machine(),
        "when": datetime.now(timezone.utc).isoformat(),
        "records": n,
        "chunk": chunk,
        "parts": sorted(parts),
    }
    print(json.dumps(results["machine"], indent=2), flush=True)

    with tempfile.TemporaryDirectory(prefix="gembakit-bench-") as tmp:
        tmp = Path(tmp)
        if "throughput" in parts:
            from .kinto_peer import ensure_kinto

            results["kinto_version"] = ensure_kinto()[1]
            rounds = []
            for number in range(1, args.rounds + 1):
                rates, sqlite_url, app, device = throughput_round(tmp, n, chunk, number)
                rounds.append(rates)
            best = {k: max(r[k] for r in rounds) for k in rounds[0]}
            with FreshPostgres() as pg_url:
                engine_pg = round(rate(n, engine_in_process(pg_url, n, chunk)))
            print(f"engine in-process, PostgreSQL: {engine_pg:,} records/s", flush=True)
            results |= {
                "rounds": rounds,
                "best": best,
                "engine_in_process_postgres_records_per_s": engine_pg,
                "ratio_push_over_kinto": round(best["a_push_http"] / best["c_kinto"], 2),
                "ratio_insert_many_over_push": round(
                    best["b_insert_many"] / best["a_push_http"], 2
                ),
            }
            if "pull" in parts:
                # (e) a first pull of 10,000 on SQLite: the last round's database, filled up
                with LiveServer(sqlite_url, tmp, SECRET, workers=1, app=APP) as server:
                    assert device.sign_in(server).status_code == 200  # a new ORIGIN
                    fill_to(server, device, args.pull_records)
                    results["e_first_pull_sqlite"] = [
                        first_pull(server, device, args.pull_records, limit)
                        for limit in (200, 1000)
                    ]
                print(f"(e) first pull, SQLite: {results['e_first_pull_sqlite']}", flush=True)

        if "mixed" in parts:
            print("(f) mixed against create-only, over HTTP, back to back:", flush=True)
            mixed_dir = tmp / "mixed"
            mixed_dir.mkdir()
            results["f_mixed_sqlite"] = mixed_against_creates(
                f"sqlite:///{mixed_dir / 'mixed.db'}", mixed_dir, n, args.rounds
            )
            with FreshPostgres() as pg_url:
                results["f_mixed_postgres"] = mixed_against_creates(
                    pg_url, mixed_dir, n, args.rounds
                )
            from server.db import database

            if not database.is_closed():
                database.close()

        if parts & {"storm", "pull"}:
            with FreshPostgres() as pg_url:
                results["d_storms_postgres"] = storms(
                    pg_url,
                    tmp,
                    args.devices,
                    args.per_device,
                    args.storms if "storm" in parts else 0,
                    args.pull_records if "pull" in parts else 0,
                )

    results["load_average_at_end"] = os.getloadavg()
    print()
    if "throughput" in parts:
        best = results["best"]
        print(
            f"best of {args.rounds}: push over HTTP {best['a_push_http']:,}/s, insert_many "
            f"{best['b_insert_many']:,}/s, engine in-process {best['engine']:,}/s, "
            f"Kinto {best['c_kinto']:,}/s"
        )
        print(f"push over HTTP / Kinto       = {results['ratio_push_over_kinto']}x (target >= 5x)")
        print(
            f"insert_many / push over HTTP = {results['ratio_insert_many_over_push']}x "
            "(target <= 3x)"
        )
    for db in ("sqlite", "postgres"):
        found = results.get(f"f_mixed_{db}")
        if found:
            print(
                f"(f) {db}: mixed {found['best']['mixed']:,}/s, create-only "
                f"{found['best']['create_only']:,}/s, ratio "
                f"{found['ratio_mixed_over_create_only']}x (target >= 0.5x)"
            )
    found = results.get("d_storms_postgres")
    if found:
        for kind, target in (("create_only", 0.7), ("mixed", 1.5)):
            print(
                f"(d) {args.devices} devices x {args.per_device} {kind} at once: p95 "
                f"{[s['p95_s'] for s in found[kind]]} s (target < {target} s), lost "
                f"{[s['lost'] for s in found[kind]]}, duplicated "
                f"{[s['duplicated'] for s in found[kind]]}"
            )
        if found.get("first_pull"):
            print(
                f"(e) first pull of {args.pull_records:,}, PostgreSQL (s): "
                f"{[p['seconds'] for p in found['first_pull']]} at limits 200/1000 "
                "(target < 1 s at 200)"
            )
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    path = out / f"{datetime.now().strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(results, indent=2))
    print(f"written to {path.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
