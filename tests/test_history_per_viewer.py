"""History per viewer: a revision is shown only to those who could see the record at that
revision. A note's private versions stay with its author after it is shared (issue 7)."""

import json

from .coaching_data import create, goal_args, push_one
from .conftest import new_observation

DRAFT = "PRIVATE DRAFT: thinking of moving him off the line"


def history(api, type_, record_id):
    response = api.get(f"/api/sync/history/{type_}/{record_id}")
    assert response.status_code == 200, response.json
    return response.json["revisions"]


def update(api, note_id, **fields):
    return push_one(
        api, "observation.update", {"id": note_id, "baseVersion": api.version_of(note_id)} | fields
    )


def private_then_shared(team):
    """Maya drafts a private note about Lee, rewrites it, then shares it."""
    maya, lee = team["maya"], team["lee"]
    note_id = create(maya, "observation", new_observation(note=DRAFT, personId=lee.person.id))
    update(maya, note_id, note="Stops the line only for breakdowns, not for defects")
    update(maya, note_id, visibility="shared")
    return note_id


def test_learner_never_sees_a_private_draft_in_history(team):
    note_id = private_then_shared(team)
    for reader in ("lee", "rui"):  # the learner, and his manager's manager
        revisions = history(team[reader], "observation", note_id)
        assert DRAFT not in json.dumps(revisions), reader
        (shown,) = revisions
        assert shown["snapshot"] is True and shown["conflicts"] is None
        assert shown["changes"]["note"] == "Stops the line only for breakdowns, not for defects"
        assert shown["changes"]["visibility"] == "shared"
    # The author keeps every version, the draft included.
    mine = history(team["maya"], "observation", note_id)
    assert [r["op"] for r in mine] == ["create", "update", "update"]
    assert mine[0]["changes"]["note"] == DRAFT
    assert not any(r["snapshot"] for r in mine)


def test_a_note_written_and_shared_in_one_edit_shows_only_its_shared_text(team):
    maya, lee = team["maya"], team["lee"]
    note_id = create(maya, "observation", new_observation(note=DRAFT, personId=lee.person.id))
    update(maya, note_id, note="Rewritten for Lee", visibility="shared")
    (shown,) = history(lee, "observation", note_id)
    assert shown["changes"]["note"] == "Rewritten for Lee" and DRAFT not in json.dumps(shown)


def test_a_private_stretch_between_two_shared_ones_stays_with_the_author(team):
    maya, lee = team["maya"], team["lee"]
    note_id = create(
        maya,
        "observation",
        new_observation(note="Skips the andon cord", personId=lee.person.id, visibility="shared"),
    )
    update(maya, note_id, visibility="private")
    update(maya, note_id, note="PRIVATE: maybe he should move to the warehouse")
    update(maya, note_id, note="Pulls the cord now, still late", visibility="shared")
    update(maya, note_id, kind="strength")
    revisions = history(lee, "observation", note_id)
    assert "warehouse" not in json.dumps(revisions)
    assert [(r["op"], r["snapshot"]) for r in revisions] == [
        ("create", True),
        ("update", True),
        ("update", False),
    ]
    assert revisions[0]["changes"]["note"] == "Skips the andon cord"
    assert revisions[1]["changes"]["note"] == "Pulls the cord now, still late"
    assert revisions[2]["changes"] == {"kind": "strength"}
    assert len(history(maya, "observation", note_id)) == 5


def test_a_peer_and_another_team_read_no_history_of_a_shared_note(team):
    note_id = private_then_shared(team)
    for outsider in ("sam", "ada", "root"):
        response = team[outsider].get(f"/api/sync/history/observation/{note_id}")
        assert response.status_code == 404, outsider


def test_a_note_moved_to_another_person_shows_the_learner_nothing_after_the_move(team):
    maya, lee, sam = team["maya"], team["lee"], team["sam"]
    note_id = create(
        maya,
        "observation",
        new_observation(note="Counts parts twice", personId=lee.person.id, visibility="shared"),
    )
    update(maya, note_id, personId=sam.person.id, note="PRIVATE? no: about Sam now")
    # Lee may no longer see it at all; Sam sees it from the move on, as it then read.
    assert lee.get(f"/api/sync/history/observation/{note_id}").status_code == 404
    (shown,) = history(sam, "observation", note_id)
    assert shown["snapshot"] and shown["changes"]["personId"] == sam.person.id


def test_values_a_conflict_kept_off_a_shared_note_stay_with_its_author(team):
    maya, lee = team["maya"], team["lee"]
    tablet = maya.another_device()
    note_id = create(
        maya,
        "observation",
        new_observation(note="Shared from the start", personId=lee.person.id, visibility="shared"),
    )
    base = maya.version_of(note_id)
    push_one(
        maya, "observation.update", {"id": note_id, "baseVersion": base, "note": "Phone wording"}
    )
    lost = push_one(
        tablet,
        "observation.update",
        {"id": note_id, "baseVersion": base, "note": "Tablet: private aside"},
    )
    assert lost["status"] == "conflict"
    assert history(maya, "observation", note_id)[-1]["conflicts"] == {
        "note": "Tablet: private aside"
    }
    revisions = history(lee, "observation", note_id)
    assert "private aside" not in json.dumps(revisions)
    assert [r["changes"].get("note") for r in revisions] == [
        "Shared from the start",
        "Phone wording",
    ]


def test_a_goal_lists_to_its_learner_only_the_shared_observations_behind_it(team):
    maya, lee, rui = team["maya"], team["lee"], team["rui"]
    private = create(maya, "observation", new_observation(note=DRAFT, personId=lee.person.id))
    shared = create(
        maya, "observation", new_observation(personId=lee.person.id, visibility="shared")
    )
    goal_id = create(maya, "goal", goal_args(lee, observationIds=[private, shared]))
    push_one(
        maya,
        "goal.update",
        {
            "id": goal_id,
            "baseVersion": maya.version_of(goal_id),
            "observationIds": [shared, private],
        },
    )

    def pulled(api):
        return next(c["data"] for c in api.pull(cursor="0").json["changes"] if c["id"] == goal_id)

    assert pulled(maya)["observationIds"] == [shared, private]
    for reader in (lee, rui):
        assert pulled(reader)["observationIds"] == [shared]
        revisions = history(reader, "goal", goal_id)
        assert private not in json.dumps(revisions)
        assert [r["changes"]["observationIds"] for r in revisions] == [[shared], [shared]]
    assert history(maya, "goal", goal_id)[0]["changes"]["observationIds"] == [private, shared]


def test_a_mentor_relinking_a_goal_keeps_the_links_he_cannot_see(team):
    maya, lee, rui = team["maya"], team["lee"], team["rui"]
    private = create(maya, "observation", new_observation(note=DRAFT, personId=lee.person.id))
    shared = create(
        maya, "observation", new_observation(personId=lee.person.id, visibility="shared")
    )
    goal_id = create(maya, "goal", goal_args(lee, observationIds=[private, shared]))
    his = create(
        rui,
        "observation",
        new_observation(note="Seen on my walk", personId=lee.person.id, visibility="shared"),
    )
    relinked = push_one(
        rui,
        "goal.update",
        {"id": goal_id, "baseVersion": rui.version_of(goal_id), "observationIds": [shared, his]},
    )
    assert relinked["status"] == "applied"
    coach_view = next(
        c["data"] for c in maya.pull(cursor="0").json["changes"] if c["id"] == goal_id
    )
    assert coach_view["observationIds"] == [shared, his, private]
