"""`python -m bench.profile_push [--db postgres|sqlite]`: where a mixed shift-end push spends
its time, profiled with pyinstrument (quoted in docs/benchmarks.md).

The sync engine is called in-process (no HTTP) with 20 mixed chunks of 100 (40
observation.create, 30 checkin.create, 30 challenge.update: bench/mixed.py) from one coach's
device, on a fresh database; the profile covers the pushes only, not the set-up.
"""

import argparse
import time
import uuid

from pyinstrument import Profiler

from . import mixed
from .run import local_app, on_fresh_database


class InProcess:
    """A device whose pushes call engine.push() directly."""

    def __init__(self, scope):
        self.scope, self.client_id, self.next_id = scope, str(uuid.uuid4()), 1

    def mutation(self, name, args):
        mutation = {"id": self.next_id, "name": name, "args": args}
        self.next_id += 1
        return mutation

    def push(self, batch):
        from server.sync import Mutation, engine

        return engine.push(self.scope, self.client_id, [Mutation.model_validate(m) for m in batch])


def profile(database_url, chunks):
    from server.access import Scope
    from server.db import database
    from server.models import Challenge, Person

    local_app(database_url, "http://localhost")
    with database.connection_context():
        coach = Person.create(name="Maya")
        learner = Person.create(name="Lee", manager=coach.id)
        device = InProcess(Scope(coach))
        pool = [mixed.challenge_args(learner.id, n) for n in range(chunks * 30)]
        for start in range(0, len(pool), 500):
            device.push([device.mutation("challenge.create", a) for a in pool[start : start + 500]])
        bases = {c.id: c.version for c in Challenge.select(Challenge.id, Challenge.version)}
        batches = [
            mixed.mixed_batch(
                device,
                learner.id,
                [(a["id"], bases[a["id"]]) for a in pool[k * 30 : (k + 1) * 30]],
                40,
            )
            for k in range(chunks)
        ]
        profiler = Profiler(interval=0.0005)
        start = time.perf_counter()
        with profiler:
            for batch in batches:
                answer = device.push(batch)
                assert {r["status"] for r in answer["results"]} == {"applied"}, answer
        seconds = time.perf_counter() - start
    print(
        f"{chunks * 100} mixed mutations in {seconds:.2f} s "
        f"({chunks * 100 / seconds:,.0f}/s, in-process, profiled)"
    )
    print(profiler.output_text(unicode=False, color=False, show_all=False, timeline=False))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=("postgres", "sqlite"), default="postgres")
    parser.add_argument("--chunks", type=int, default=20)
    args = parser.parse_args()
    on_fresh_database(args.db, lambda url: profile(url, args.chunks))


if __name__ == "__main__":
    main()
