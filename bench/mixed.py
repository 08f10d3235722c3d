"""Shift-end batches that mix kinds of change, and storms of devices pushing at once.

A mixed chunk of 100 is what a coach's phone sends after a round of the floor: 40
`observation.create` (notes about her learner), 30 `challenge.update` (the day's figure, `actual`,
and for one challenge in three a new status) and 30 `checkin.create`, one check-in after each
update of the same challenge, in visits of 4 notes, then 3 × (update, check-in).
"""

import os
import resource
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

from .live import Device

MIXED_SHAPE = {"observation.create": 40, "checkin.create": 30, "challenge.update": 30}


def new_id():
    return str(uuid.uuid4())


def note_args(n, person_id=None):
    return {
        "id": new_id(),
        "note": f"Operator {n} restarts the line without andon",
        "kind": "misconception",
        "observedAt": "2026-11-25T08:30:00.000Z",
        "visibility": "private",
        "photos": [],
    } | ({"personId": person_id} if person_id else {})


def challenge_args(learner_id, n):
    return {
        "id": new_id(),
        "learnerId": learner_id,
        "mode": "problem",
        "title": f"Cut changeover on press {n}",
        "problem": "Changeover takes 47 minutes",
        "target": {"metric": "changeover time", "baseline": 47, "value": 20, "unit": "min"},
        "dueOn": "2026-12-18",
        "details": {},
    }


def checkin_args(challenge_id):
    return {
        "id": new_id(),
        "challengeId": challenge_id,
        "at": "2026-11-25T14:00:00Z",
        "engagement": 3,
        "approach": 2,
        "resilience": 3,
        "notes": "Timed three changeovers",
        "nextCheckinOn": "2026-11-28",
    }


def update_args(challenge_id, base, n):
    args = {"id": challenge_id, "baseVersion": base, "actual": 40 - n % 20}
    if n % 3 == 0:
        args["status"] = "in_progress"
    return args


def create_challenges(server, device, learner_id, count):
    """`count` challenges by `device`'s person about `learner_id` (untimed); their ids."""
    ids = []
    for start in range(0, count, 500):
        batch = [
            device.mutation("challenge.create", challenge_args(learner_id, start + i))
            for i in range(min(500, count - start))
        ]
        push = device.push(server, batch)
        assert push.status == 200 and len(push.applied()) == len(batch), push.body
        ids += [m["args"]["id"] for m in batch]
    return ids


def versions(app, ids):
    """The current version of each challenge, as a device that just synced knows it."""
    from server.db import database
    from server.models import Challenge

    with app.app_context(), database.connection_context():
        found = {}
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            found.update(
                {
                    c.id: c.version
                    for c in Challenge.select(Challenge.id, Challenge.version).where(
                        Challenge.id.in_(part)
                    )
                }
            )
        return [(i, found[i]) for i in ids]


def mixed_batch(device, learner_id, challenges, notes):
    """Visits of `notes // len(challenges)`-ish notes then (update, check-in) per challenge:
    for 30 challenges and 40 notes, a mixed chunk of 100."""
    batch, per_visit = [], max(1, round(notes / max(1, len(challenges) / 3)))
    written = 0
    for n, (challenge_id, base) in enumerate(challenges):
        if n % 3 == 0:
            for _ in range(min(per_visit, notes - written)):
                batch.append(device.mutation("observation.create", note_args(written, learner_id)))
                written += 1
        batch.append(device.mutation("challenge.update", update_args(challenge_id, base, n)))
        batch.append(device.mutation("checkin.create", checkin_args(challenge_id)))
    while written < notes:
        batch.append(device.mutation("observation.create", note_args(written, learner_id)))
        written += 1
    return batch


def push_all(server, device, batches):
    """Push the batches one after the other; the seconds it took and every answer's results."""
    results = []
    start = time.perf_counter()
    for batch in batches:
        push = device.push(server, batch)
        assert push.status == 200, push.body
        results += push.body["results"]
    return time.perf_counter() - start, results


def storm(server, devices, batches):
    """Every device pushes its batch at the same instant: the seconds it took, the pushes, and
    the CPU seconds spent meanwhile by the whole machine, this process (the 100 devices),
    gunicorn's processes and PostgreSQL's. Each body is encoded before the release, as a
    phone's outbox is: the devices share the server's cores here, which real phones do not."""
    barrier = threading.Barrier(len(devices) + 1)
    bodies = [device.encode(batch) for device, batch in zip(devices, batches)]

    def sync(device, body):
        barrier.wait()
        return device.send(server, body)

    with ThreadPoolExecutor(len(devices)) as pool:
        running = [pool.submit(sync, d, b) for d, b in zip(devices, bodies)]
        machine, own, spent = machine_cpu(), process_cpu(), server_cpu()
        start = time.perf_counter()
        barrier.wait()
        pushes = [r.result() for r in running]
        seconds = time.perf_counter() - start
        cpu = {
            "machine_s": round(machine_cpu() - machine, 2),
            "devices_s": round(process_cpu() - own, 2),
        }
        cpu |= {name: round(s - spent[name], 2) for name, s in server_cpu().items()}
    assert all(p.status == 200 for p in pushes), [p.body for p in pushes if p.status != 200]
    return seconds, pushes, cpu


def server_cpu():
    """CPU seconds spent so far by the processes now running gunicorn and PostgreSQL
    (Linux /proc/<pid>/stat: user and system time)."""
    ticks = os.sysconf("SC_CLK_TCK")
    spent = {"gunicorn_s": 0.0, "postgres_s": 0.0}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as stat:
                line = stat.read()
        except OSError:  # ended meanwhile
            continue
        name = line[line.index("(") + 1 : line.rindex(")")]
        fields = line[line.rindex(")") + 2 :].split()
        key = (
            "postgres_s"
            if name.startswith("postgres")
            else "gunicorn_s"
            if name == "gunicorn"
            else None
        )
        if key:
            spent[key] += (int(fields[11]) + int(fields[12])) / ticks
    return spent


def machine_cpu():
    """CPU seconds every core has been busy since boot (Linux /proc/stat, idle and iowait
    excluded)."""
    with open("/proc/stat") as stat:
        ticks = [int(t) for t in stat.readline().split()[1:]]
    return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")


def process_cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def tally(results):
    counts = {}
    for result in results:
        counts[result["status"]] = counts.get(result["status"], 0) + 1
    return counts


def stored(app, client_ids):
    """What the database holds for these clients: records and revisions per kind, and how many
    (client, mutation) pairs have more than one revision."""
    from peewee import fn

    from server.db import database
    from server.models import Challenge, CheckIn, Observation, Revision

    with app.app_context(), database.connection_context():
        revisions = list(
            Revision.select(
                Revision.client_id,
                Revision.mutation_id,
                Revision.entity,
                Revision.op,
                Revision.conflicts,
            ).where(Revision.client_id.in_(client_ids))
        )
        keys = [(r.client_id, r.mutation_id) for r in revisions]
        by_kind = {}
        for r in revisions:
            kind = f"{r.entity}.{r.op}" + (" (conflict)" if r.conflicts else "")
            by_kind[kind] = by_kind.get(kind, 0) + 1
        created = {
            r.record_id
            for r in Revision.select(Revision.record_id).where(
                Revision.client_id.in_(client_ids) & (Revision.op == "create")
            )
        }
        ids = list(created)
        rows = 0
        for model in (Observation, CheckIn, Challenge):
            for start in range(0, len(ids), 500):
                rows += (
                    model.select(fn.COUNT(model.id))
                    .where(model.id.in_(ids[start : start + 500]))
                    .scalar()
                )
        return {
            "revisions": len(keys),
            "duplicated": len(keys) - len(set(keys)),
            "by_kind": by_kind,
            "created_records_found": rows,
            "created_records_expected": len(created),
        }


def coach_devices(server, app, invite, count, prefix):
    """`count` coaches, each enrolled on a phone, each with one learner (made directly: the
    learner never signs in here). [(device, learner id)]."""
    from server.db import database
    from server.people.invites import create_person

    coaches = []
    for n in range(count):
        person_id, link = invite(app, f"{prefix} coach {n}", server.origin)
        with app.app_context(), database.connection_context():
            learner_id = create_person(f"{prefix} learner {n}", manager_id=person_id).id
        coaches.append((Device(person_id).enrol(server, link), learner_id))
    return coaches


def percentile(values, pct):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def latency(pushes):
    seconds = [p.seconds for p in pushes]
    return {
        "p50_s": round(percentile(seconds, 50), 3),
        "p95_s": round(percentile(seconds, 95), 3),
        "max_s": round(max(seconds), 3),
    }
