"""Shift-end batches: many kinds of change in one push, applied in bulk, exactly as one by one.

The engine decides a group of independent mutations from records and revisions loaded in bulk
and writes them in bulk (engine._groups). Every story here runs twice: batched, and with every
mutation in a group of its own (the one-at-a-time path); both must give the same answers."""

import logging

import pytest
from peewee import PostgresqlDatabase

from server.db import database
from server.models import Challenge, CheckIn, LearningGoal, Observation, RejectedMutation, Revision
from server.sync import engine

from .coaching_data import challenge_args, checkin_args, create, goal_args, new_id
from .conftest import new_observation


@pytest.fixture(params=["batched", "one at a time"])
def path(request, monkeypatch):
    if request.param == "one at a time":
        monkeypatch.setattr(engine, "_groups", lambda mutations, parsed: [[m] for m in mutations])
    return request.param


@pytest.fixture
def shift(team):
    """Maya coaches Lee on three challenges; her phone and her tablet have both seen them."""
    maya, lee = team["maya"], team["lee"]
    challenges = [
        create(maya, "challenge", challenge_args(lee, title=f"Press {n}")) for n in (1, 2, 3)
    ]
    tablet = maya.another_device()
    page = tablet.pull(cursor="0").json
    tablet.cursor = page["cursor"]
    versions = {c["id"]: c["version"] for c in page["changes"]}
    return maya, tablet, lee, challenges, versions


def statuses(response):
    assert response.status_code == 200, response.json
    return [r["status"] for r in response.json["results"]]


def test_a_shift_end_batch_mixing_updates_and_check_ins_lands_exactly_once_and_conflicts_as_before(
    app, shift, path
):
    maya, tablet, lee, (c1, c2, c3), seen = shift
    # While Maya's phone was offline, her tablet renamed press 1's challenge.
    renamed = tablet.push(
        tablet.mutation(
            "challenge.update", id=c1, baseVersion=seen[c1], title="Press 1, die change"
        )
    )
    assert statuses(renamed) == ["applied"]
    created_now = new_id()
    batch = [
        maya.mutation("observation.create", **new_observation(note="Waits for the crane")),
        maya.mutation("checkin.create", **checkin_args(c1, notes="Timed two changeovers")),
        maya.mutation(
            "challenge.update", id=c1, baseVersion=seen[c1], title="Press 1 (SMED)", actual=31
        ),
        maya.mutation("challenge.update", id=c2, baseVersion=seen[c2], actual=40),
        maya.mutation("checkin.create", **checkin_args(c2)),
        maya.mutation("observation.create", **new_observation(note="", kind="rumour")),
        maya.mutation("challenge.update", id=c2, baseVersion=seen[c2], actual=38),
        maya.mutation(
            "challenge.create", **challenge_args(lee, title="Press 4") | {"id": created_now}
        ),
        maya.mutation("checkin.create", **checkin_args(created_now)),
        maya.mutation("challenge.update", id=created_now, baseVersion=0, status="accepted"),
        maya.mutation("challenge.delete", id=c3, baseVersion=seen[c3]),
        maya.mutation("checkin.create", **checkin_args(c3)),
        maya.mutation("challenge.update", id=new_id(), baseVersion=0, actual=1),
        maya.mutation("observation.create", **new_observation(note="Crane booked")),
    ]
    response = maya.push(*batch)
    assert statuses(response) == [
        "applied",  # a note
        "applied",  # a check-in on press 1
        "conflict",  # the title both devices changed: the tablet's stays, flagged; actual lands
        "applied",  # press 2's actual
        "applied",  # a check-in on press 2
        "rejected",  # an empty note of an unknown kind
        "applied",  # press 2 again: this device's own earlier change is not a conflict
        "applied",  # a new challenge...
        "applied",  # ...checked in on in the same batch
        "applied",  # ...and accepted
        "applied",  # press 3 deleted
        "rejected",  # so a check-in on it finds no challenge
        "rejected",  # an update of a challenge that does not exist
        "applied",  # a note
    ]
    errors = {r["id"]: r["error"]["code"] for r in response.json["results"] if "error" in r}
    assert errors == {
        batch[5]["id"]: "validation_error",
        batch[11]["id"]: "unknown_challenge",
        batch[12]["id"]: "not_found",
    }
    assert response.json["lastMutationId"] == batch[-1]["id"]
    with app.app_context():
        press1, press2 = Challenge.get_by_id(c1), Challenge.get_by_id(c2)
        assert (press1.title, press1.actual, press1.flagged) == ("Press 1, die change", 31, True)
        assert (press2.actual, press2.flagged) == (38, False)
        assert Challenge.get_by_id(created_now).status == "accepted"
        assert [h["status"] for h in Challenge.get_by_id(created_now).status_history] == [
            "assigned",
            "accepted",
        ]
        assert Challenge.get_by_id(c3).deleted
        assert CheckIn.select().count() == 3
        assert sorted(o.note for o in Observation.select()) == [
            "Crane booked",
            "Waits for the crane",
        ]
        conflict = Revision.get(
            (Revision.record_id == c1)
            & (Revision.op == "update")
            & (Revision.client_id == maya.client_id)
        )
        assert conflict.conflicts == {"title": "Press 1 (SMED)"}
        assert conflict.changes == {"actual": 31} and conflict.base_version == seen[c1]
        # One revision per applied change, each version once, in the order of the batch.
        mine = list(
            Revision.select()
            .where(Revision.client_id == maya.client_id)
            .order_by(Revision.mutation_id)
        )
        mutation_ids = [r.mutation_id for r in mine]
        assert len(mutation_ids) == len(set(mutation_ids))
        applied = [m["id"] for m, s in zip(batch, statuses(response)) if s != "rejected"]
        assert [m for m in mutation_ids if m >= batch[0]["id"]] == applied
        versions = [r.version for r in mine if r.mutation_id >= batch[0]["id"]]
        assert versions == sorted(versions) and len(set(versions)) == len(versions)
        assert RejectedMutation.select().count() == 3
        before = (Revision.select().count(), CheckIn.select().count(), Observation.select().count())

    # The answer was lost: the phone sends the whole batch again.
    replay = maya.push(*batch)
    assert statuses(replay) == ["duplicate"] * len(batch)
    with app.app_context():
        assert (
            Revision.select().count(),
            CheckIn.select().count(),
            Observation.select().count(),
        ) == before
        assert RejectedMutation.select().count() == 3

    # The tablet hears of every change, once, and press 1 waits for review.
    changes = {c["id"]: c for c in tablet.pull_all()}
    assert changes[c1]["data"]["flagged"] is True and changes[c3]["deleted"] is True
    assert changes[created_now]["data"]["status"] == "accepted"


def test_a_stale_delete_and_an_edit_after_delete_in_one_batch_are_kept_for_review(app, shift, path):
    maya, tablet, lee, (c1, c2, c3), seen = shift
    assert (
        statuses(
            tablet.push(
                tablet.mutation("challenge.update", id=c1, baseVersion=seen[c1], actual=12),
                tablet.mutation("challenge.delete", id=c2, baseVersion=seen[c2]),
            )
        )
        == ["applied"] * 2
    )
    response = maya.push(
        maya.mutation("challenge.delete", id=c1, baseVersion=seen[c1]),
        maya.mutation("challenge.update", id=c2, baseVersion=seen[c2], title="Too late"),
        maya.mutation("challenge.update", id=c3, baseVersion=seen[c3], reflection="Kept"),
    )
    assert statuses(response) == ["conflict", "conflict", "applied"]
    with app.app_context():
        assert not Challenge.get_by_id(c1).deleted and Challenge.get_by_id(c1).flagged
        assert Challenge.get_by_id(c2).deleted and Challenge.get_by_id(c2).title == "Press 2"
        kept = Revision.get((Revision.record_id == c2) & (Revision.op == "update"))
        assert kept.conflicts == {"title": "Too late"} and kept.changes == {}


def test_what_a_batch_may_not_do_is_refused_alone_and_the_rest_lands(app, shift, path):
    """The learner's own batch: what only the coach may change is refused, item by item."""
    maya, tablet, lee, (c1, c2, c3), seen = shift
    hidden = create(maya, "observation", new_observation(personId=lee.person.id))
    goal = create(maya, "goal", goal_args(lee, observationIds=[hidden]))
    response = lee.push(
        lee.mutation("challenge.update", id=c1, baseVersion=seen[c1], status="accepted"),
        lee.mutation("challenge.update", id=c2, baseVersion=seen[c2], title="Mine now"),
        lee.mutation("checkin.create", **checkin_args(c3)),
        lee.mutation("challenge.update", id=c3, baseVersion=seen[c3], reflection="Learned"),
        lee.mutation("goal.update", id=goal, baseVersion=0, action="Mine"),
        lee.mutation("challenge.delete", id=c2, baseVersion=seen[c2]),
    )
    assert statuses(response) == [
        "applied",
        "rejected",
        "rejected",
        "applied",
        "rejected",
        "rejected",
    ]
    assert [r["error"]["code"] for r in response.json["results"] if "error" in r] == [
        "forbidden"
    ] * 4
    with app.app_context():
        assert Challenge.get_by_id(c1).status == "accepted"
        assert Challenge.get_by_id(c2).title == "Press 2" and not Challenge.get_by_id(c2).deleted
        assert LearningGoal.get_by_id(goal).observation_ids == [hidden]
    # Lee's pull lists the goal without the private note behind it.
    goal_data = next(c for c in lee.pull_all() if c["id"] == goal)["data"]
    assert goal_data["observationIds"] == []


def test_an_id_another_device_takes_while_a_batch_waits_for_the_lock_rejects_only_that_one(
    app, shift, path, monkeypatch
):
    """Creates are built before the write lock (engine._prepare_creates): the tablet's note
    with the same id lands between that check and the phone's insert; the phone's batch
    still lands whole but that one note, rejected as taken, and nothing is written twice."""
    maya, tablet, lee, challenges, seen = shift
    contested = new_observation(note="The tablet's")
    _tablet_before_the_lock(
        monkeypatch, lambda: tablet.push(tablet.mutation("observation.create", **contested))
    )
    phone = maya.push(
        maya.mutation("observation.create", **new_observation(note="A")),
        maya.mutation("observation.create", **contested | {"note": "The phone's"}),
        maya.mutation("observation.create", **new_observation(note="B")),
    )
    assert statuses(phone) == ["applied", "rejected", "applied"]
    assert phone.json["results"][1]["error"]["code"] == "id_taken"
    with app.app_context():
        assert sorted(o.note for o in Observation.select()) == ["A", "B", "The tablet's"]
        assert Revision.select().where(Revision.record_id == contested["id"]).count() == 1


def test_a_batch_that_must_run_again_keeps_one_answer_and_one_record_of_each_refusal(
    app, shift, path, monkeypatch
):
    """A group is first written without a savepoint (engine._apply_group); when its insert
    fails (an id the tablet took meanwhile) the whole push is rolled back and runs again with
    savepoints. What the first run wrote, a refusal stored for review included, is gone: each
    mutation has one revision or one stored refusal, and the device's queue moves on."""
    maya, tablet, lee, challenges, seen = shift
    contested = new_observation(note="The tablet's")
    _tablet_before_the_lock(
        monkeypatch, lambda: tablet.push(tablet.mutation("observation.create", **contested))
    )
    batch = [
        maya.mutation("observation.create", **new_observation(note="A")),
        maya.mutation("observation.create", **new_observation(kind="not a kind")),
        maya.mutation("observation.create", **contested | {"note": "The phone's"}),
        maya.mutation("observation.create", **new_observation(note="B")),
    ]
    ids = [m["id"] for m in batch]
    phone = maya.push(*batch)
    assert statuses(phone) == ["applied", "rejected", "rejected", "applied"]
    assert [r.get("error", {}).get("code") for r in phone.json["results"]][1:3] == [
        "validation_error",
        "id_taken",
    ]
    assert phone.json["lastMutationId"] == ids[-1]
    with app.app_context():
        refused = RejectedMutation.select().where(RejectedMutation.client == maya.client_id)
        assert sorted(r.mutation_id for r in refused) == ids[1:3]
        mine = Revision.select().where(
            (Revision.client_id == maya.client_id) & (Revision.mutation_id >= ids[0])
        )
        assert sorted(r.mutation_id for r in mine) == [ids[0], ids[3]]
        notes = Observation.select().where(Observation.note.in_(["A", "B", "The tablet's"]))
        assert sorted(o.note for o in notes) == ["A", "B", "The tablet's"]
        assert Observation.select().count() == 3
    assert statuses(maya.push(maya.mutation("observation.create", **new_observation()))) == [
        "applied"
    ]


def test_a_note_the_database_refuses_is_refused_alone_and_no_note_reaches_the_log(
    app, shift, path, caplog
):
    """A value the database itself refuses (here a constraint added for the story) makes the
    batch run again with savepoints; the culprit is refused alone, stored for review, and
    what the server logs of it names the failure, never the text of anyone's note."""
    maya = shift[0]
    refused = "Lee forgot the torque check again (private slip)"
    with app.app_context(), database.connection_context():
        if isinstance(database.obj, PostgresqlDatabase):
            add = (
                f"ALTER TABLE observation ADD CONSTRAINT story_refuses CHECK (note <> '{refused}')"
            )
            drop = "ALTER TABLE observation DROP CONSTRAINT story_refuses"
        else:
            add = (
                f"CREATE TRIGGER story_refuses BEFORE INSERT ON observation WHEN NEW.note = "
                f"'{refused}' BEGIN SELECT RAISE(ABORT, 'refused'); END"
            )
            drop = "DROP TRIGGER story_refuses"
        database.execute_sql(add)
    try:
        caplog.set_level(logging.INFO, logger="server")
        phone = maya.push(
            maya.mutation("observation.create", **new_observation(note="Private: A")),
            maya.mutation("observation.create", **new_observation(note=refused)),
            maya.mutation("observation.create", **new_observation(note="Private: B")),
        )
        assert statuses(phone) == ["applied", "rejected", "applied"]
        with app.app_context():
            assert sorted(o.note for o in Observation.select()) == ["Private: A", "Private: B"]
            assert [r.args["note"] for r in RejectedMutation.select()] == [refused]
        logged = caplog.text
        assert "private slip" not in logged and "Private: " not in logged, logged
    finally:
        with app.app_context(), database.connection_context():
            database.execute_sql(drop)


def _tablet_before_the_lock(monkeypatch, push):
    """The tablet's `push` lands after the phone's batch was checked, before its write lock."""
    waiting_for_lock = engine.write_transaction

    def tablet_first(*args, **kwargs):
        monkeypatch.setattr(engine, "write_transaction", waiting_for_lock)
        assert statuses(push()) == ["applied"]
        return waiting_for_lock(*args, **kwargs)

    monkeypatch.setattr(engine, "write_transaction", tablet_first)


def _check_in_on_press_1_deleted_meanwhile(shift, monkeypatch, beside):
    """The phone pushes a check-in on press 1 and `beside(maya, press_2, seen)`; the tablet
    deletes press 1 after the phone's batch was checked, before its write lock."""
    maya, tablet, lee, (c1, c2, c3), seen = shift
    _tablet_before_the_lock(
        monkeypatch,
        lambda: tablet.push(tablet.mutation("challenge.delete", id=c1, baseVersion=seen[c1])),
    )
    return maya.push(
        maya.mutation("checkin.create", **checkin_args(c1, notes="On the deleted one")),
        beside(maya, c2, seen),
    )


def test_a_check_in_on_a_challenge_another_device_deletes_while_the_batch_waits_is_refused(
    app, shift, path, monkeypatch
):
    """Check-ins are checked before the write lock, their challenge read then: the tablet
    deletes press 1's challenge in between, so the phone's check-in on it is refused as if
    it had been checked under the lock; the one on press 2 lands."""
    phone = _check_in_on_press_1_deleted_meanwhile(
        shift,
        monkeypatch,
        lambda maya, c2, seen: maya.mutation(
            "checkin.create", **checkin_args(c2, notes="On press 2")
        ),
    )
    assert statuses(phone) == ["rejected", "applied"]
    assert phone.json["results"][0]["error"]["code"] == "unknown_challenge"
    with app.app_context():
        assert [c.notes for c in CheckIn.select()] == ["On press 2"]
        assert RejectedMutation.select().count() == 1


def test_a_lone_check_in_beside_another_change_is_refused_when_its_challenge_went_meanwhile(
    app, shift, path, monkeypatch
):
    """The phone's only check-in (on press 1) travels with an update of press 2, as a coach's
    shift-end batch does. The tablet deletes press 1 after the check-in was checked, before
    the phone's lock: it is refused as if checked under the lock, and the update lands."""
    phone = _check_in_on_press_1_deleted_meanwhile(
        shift,
        monkeypatch,
        lambda maya, c2, seen: maya.mutation(
            "challenge.update", id=c2, baseVersion=seen[c2], actual=5
        ),
    )
    assert statuses(phone) == ["rejected", "applied"]
    assert phone.json["results"][0]["error"]["code"] == "unknown_challenge"
    with app.app_context():
        assert CheckIn.select().count() == 0
        assert RejectedMutation.select().count() == 1


def test_a_check_in_on_a_challenge_another_device_changes_while_the_batch_waits_still_lands(
    app, shift, path, monkeypatch
):
    maya, tablet, lee, (c1, c2, c3), seen = shift
    _tablet_before_the_lock(
        monkeypatch,
        lambda: tablet.push(
            tablet.mutation("challenge.update", id=c1, baseVersion=seen[c1], actual=33)
        ),
    )
    phone = maya.push(
        maya.mutation("checkin.create", **checkin_args(c1, notes="Timed it")),
        maya.mutation("checkin.create", **checkin_args(c2, notes="On press 2")),
    )
    assert statuses(phone) == ["applied", "applied"]
    with app.app_context():
        assert sorted(c.notes for c in CheckIn.select()) == ["On press 2", "Timed it"]
        assert {c.learner_id for c in CheckIn.select()} == {lee.person.id}
        assert Challenge.get_by_id(c1).actual == 33


def test_a_check_in_on_a_challenge_made_by_another_device_while_the_batch_waits_lands(
    app, shift, path, monkeypatch
):
    """The phone's check-in names a challenge the tablet creates only after the phone's batch
    was checked (a failed check before the lock is never final)."""
    maya, tablet, lee, challenges, seen = shift
    made = new_id()
    _tablet_before_the_lock(
        monkeypatch,
        lambda: tablet.push(
            tablet.mutation("challenge.create", **challenge_args(lee, title="New") | {"id": made})
        ),
    )
    phone = maya.push(
        maya.mutation("checkin.create", **checkin_args(made, notes="Straight away")),
        maya.mutation("checkin.create", **checkin_args(challenges[1], notes="On press 2")),
    )
    assert statuses(phone) == ["applied", "applied"]
    with app.app_context():
        assert CheckIn.select().where(CheckIn.challenge_id == made).count() == 1


def test_a_batch_of_creates_with_one_taken_id_rejects_only_that_one(app, shift, path):
    maya, tablet, lee, challenges, seen = shift
    first = new_observation(note="First")
    assert statuses(maya.push(maya.mutation("observation.create", **first))) == ["applied"]
    again = tablet.push(
        tablet.mutation("observation.create", **new_observation(note="A")),
        tablet.mutation("observation.create", **first | {"note": "Same id"}),
        tablet.mutation("checkin.create", **checkin_args(challenges[0]) | {"id": first["id"]}),
        tablet.mutation("observation.create", **new_observation(note="B")),
    )
    assert statuses(again) == ["applied", "rejected", "applied", "applied"]
    assert again.json["results"][1]["error"]["code"] == "id_taken"
    with app.app_context():
        assert sorted(o.note for o in Observation.select()) == ["A", "B", "First"]


AWKWARD_TEXT = [
    "Quotes ' and \" and a backslash \\ and 100 % of %s, $1, {}",
    'Looks like JSON: {"note": [1, 2.5, null, true]}',
    "Lines\nand\ttabs\r\nand a line separator \u2028 and a paragraph one \u2029 inside",
    "Accents, symbols and beyond the BMP: é ü ß ł 工 → ✓ 🚧🦺",
]


def test_every_kind_of_value_a_batch_writes_comes_back_exactly_as_sent(app, shift, path):
    maya, tablet, lee, (c1, c2, _), seen = shift
    notes = [
        new_observation(note=text, observedAt="2026-11-25T10:30:00.123+02:00")
        for text in AWKWARD_TEXT
    ]
    batch = [maya.mutation("observation.create", **note) for note in notes]
    batch += [
        maya.mutation("checkin.create", **checkin_args(c1, notes=AWKWARD_TEXT[0], engagement=1)),
        maya.mutation(
            "challenge.update",
            id=c1,
            baseVersion=seen[c1],
            title=AWKWARD_TEXT[3][:200],
            actual=31.25,
            target={"metric": "changeover", "baseline": 47, "value": 2**53 + 1, "unit": "min"},
        ),
        maya.mutation("challenge.update", id=c2, baseVersion=seen[c2], actual=-0.001),
    ]
    assert statuses(maya.push(*batch)) == ["applied"] * len(batch)

    changes = {c["id"]: c["data"] for c in tablet.pull_all()}
    for note in notes:
        assert changes[note["id"]]["note"] == note["note"]
        assert changes[note["id"]]["observedAt"] == "2026-11-25T08:30:00.123Z"
    checkin = changes[batch[len(notes)]["args"]["id"]]
    assert (checkin["notes"], checkin["engagement"]) == (AWKWARD_TEXT[0], 1)
    assert changes[c1]["title"] == AWKWARD_TEXT[3][:200]
    assert changes[c1]["actual"] == 31.25
    assert changes[c1]["target"]["value"] == 2**53 + 1
    assert changes[c2]["actual"] == -0.001
    with app.app_context():
        press1 = Challenge.get_by_id(c1)
        assert (press1.title, press1.actual, press1.target["value"]) == (
            AWKWARD_TEXT[3][:200],
            31.25,
            2**53 + 1,
        )
        assert press1.version > seen[c1] and not press1.flagged
