"""`python -m bench.queries [--db postgres|sqlite]`: what building a query's SQL costs against
running it, for the queries every request runs (decisions §112, docs/benchmarks.md "Queries
built once"), and the CPU of a 50-note push through the app in-process.

Each query is timed three ways on a fresh database, CPU time per call over 2,000 calls in one
run: built by peewee on every call (as before §112), built once by `db.Prepared`, and the
driver alone running the same SQL (the floor). The push is the production app through Flask's
test client (request, session, validation, engine, response): one signed-in coach, 300 pushes
of 50 new notes from new devices, CPU of this process per push (PostgreSQL's own CPU is not
in it).
"""

import argparse
import time
import uuid

from .run import local_app, observation, on_fresh_database

CALLS = 2000
PUSHES = 300


def cpu_per_call(call, calls=CALLS):
    call()  # the first call builds a Prepared query's SQL: not what later requests pay
    start = time.process_time()
    for _ in range(calls):
        call()
    return (time.process_time() - start) / calls * 1e6


def queries(app):
    from server.access import _subtree_query, subtree_ids
    from server.auth.sessions import _SIGNED_IN
    from server.db import database
    from server.models import LoginSession, Person

    with app.app_context():
        database.connect(reuse_if_open=True)
        coach = Person.create(name="Maya")
        LoginSession.create(id="bench-session", person=coach)
        for n in range(6):
            Person.create(name=f"Report {n}", manager=coach.id)

        sql, params = _SIGNED_IN(coach.id, "bench-session")
        subtree_sql, subtree_params = _subtree_query(coach.id).sql()
        rows = {
            "signed-in person": (
                lambda: _SIGNED_IN.build(coach.id, "bench-session").first(),
                lambda: _SIGNED_IN.first(coach.id, "bench-session"),
                lambda: database.execute_sql(sql, params).fetchall(),
            ),
            "reporting subtree": (
                lambda: list(_subtree_query(coach.id).tuples()),
                lambda: subtree_ids(coach),
                lambda: database.execute_sql(subtree_sql, subtree_params).fetchall(),
            ),
        }
        figures = {
            name: dict(
                zip(
                    ("built_each_call_us", "prepared_us", "driver_only_us"),
                    map(cpu_per_call, calls),
                )
            )
            for name, calls in rows.items()
        }
        database.close()
    return figures


def push_cpu(app):
    from flask import session as flask_session

    from server.auth.sessions import sign_in
    from server.models import Person
    from server.people.invites import create_person

    with app.app_context():
        coach = create_person("Maya")
    client = app.test_client()
    with app.test_request_context():
        sign_in(Person.get_by_id(coach.id))
        cookie = dict(flask_session)
    with client.session_transaction() as stored:
        stored.update(cookie)
    bodies = [
        {
            "clientId": str(uuid.uuid4()),
            "mutations": [
                {"id": n + 1, "name": "observation.create", "args": observation(n)}
                for n in range(50)
            ],
        }
        for _ in range(PUSHES + 1)
    ]
    headers = {"X-Requested-With": "fetch", "Origin": "http://localhost"}

    def push(body):
        answer = client.post("/api/sync/push", json=body, headers=headers)
        assert answer.status_code == 200, answer.data

    push(bodies[0])
    start = time.process_time()
    for body in bodies[1:]:
        push(body)
    return (time.process_time() - start) / PUSHES * 1e3


def run(database_url):
    app = local_app(database_url, "http://localhost")
    figures = queries(app)
    for name, times in figures.items():
        print(
            f"{name}: built on each call {times['built_each_call_us']:.0f} us CPU, "
            f"built once (Prepared) {times['prepared_us']:.0f} us, "
            f"the driver alone {times['driver_only_us']:.0f} us"
        )
    ms = push_cpu(app)
    print(f"a 50-note push through the app in-process: {ms:.1f} ms CPU (this process)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=("postgres", "sqlite"), default="postgres")
    args = parser.parse_args()
    on_fresh_database(args.db, run)


if __name__ == "__main__":
    main()
