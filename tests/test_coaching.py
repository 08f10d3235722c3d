"""The coaching loop through sync: observation → goal → challenge → check-ins, and what a
learner may do on a challenge about them."""

import pytest

from server.models import Challenge

from .coaching_data import (
    challenge_args,
    checkin_args,
    create,
    goal_args,
    mentor_note_args,
    new_id,
    push_one,
)
from .conftest import new_observation


def pulled(api, type_):
    return {c["id"]: c["data"] for c in api.pull(cursor="0").json["changes"] if c["type"] == type_}


def test_coach_turns_observations_into_a_goal_and_a_problem_challenge(team):
    maya, lee = team["maya"], team["lee"]
    seen = create(maya, "observation", new_observation(personId=lee.person.id))
    goal = create(maya, "goal", goal_args(lee, observationIds=[seen]))
    challenge = create(
        maya,
        "challenge",
        challenge_args(
            lee,
            goal_id=goal,
            details={
                "whys": ["Dies are fetched after the press stops", "No kit cart"],
                "rootCause": "Preparation is done internally",
                "countermeasure": "Kit cart",
                "check": "",
            },
        ),
    )
    goals, challenges = pulled(maya, "goal"), pulled(maya, "challenge")
    assert goals[goal]["observationIds"] == [seen]
    assert goals[goal]["learnerName"] == "Lee" and goals[goal]["authorName"] == "Maya"
    data = challenges[challenge]
    assert data["status"] == "assigned" and data["goalId"] == goal
    assert data["target"] == {
        "metric": "changeover time",
        "baseline": 47,
        "value": 20,
        "unit": "min",
    }
    assert data["details"]["whys"][1] == "No kit cart"
    assert [h["status"] for h in data["statusHistory"]] == ["assigned"]
    assert data["statusHistory"][0]["byName"] == "Maya"
    # The learner sees it too, after their next sync.
    assert pulled(lee, "challenge")[challenge]["title"] == "Cut changeover on press 4"


@pytest.mark.parametrize(
    "mode,details",
    [
        (
            "standard",
            {
                "steps": [
                    {
                        "step": "Clamp die",
                        "keyPoints": ["Both clamps"],
                        "reasons": ["A loose die breaks"],
                    }
                ],
                "practiceLog": [{"at": "2026-11-25", "kind": "show", "note": "Shown once"}],
            },
        ),
        (
            "problem",
            {"whys": ["a", "b", "c"], "rootCause": "c", "countermeasure": "d", "check": "22 min"},
        ),
        (
            "kaizen",
            {
                "currentMethod": "Walks to the crib",
                "experiments": [
                    {"expected": "5 min saved", "actual": "3 min", "learned": "Cart layout matters"}
                ],
            },
        ),
        (
            "teamwork",
            {
                "question": "How to balance the line?",
                "introduction": "Met at lunch",
                "introducedOn": "2026-11-26",
                "outcome": "",
            },
        ),
    ],
)
def test_each_mode_keeps_its_own_structure(team, mode, details):
    maya, lee = team["maya"], team["lee"]
    if mode == "teamwork":
        details = details | {"helperId": team["ada"].person.id}
    challenge = create(maya, "challenge", challenge_args(lee, mode=mode, details=details))
    data = pulled(lee, "challenge")[challenge]
    assert data["details"] == details
    if mode == "teamwork":
        assert data["helperName"] == "Ada"  # a helper from another team, named for the learner


def test_mode_structure_is_validated_and_a_bad_one_is_rejected_with_its_reason(team):
    maya, lee = team["maya"], team["lee"]
    args = challenge_args(lee, mode="kaizen", details={"whys": ["wrong mode field"]})
    result = push_one(maya, "challenge.create", args)
    assert result["status"] == "rejected"
    assert result["error"]["details"][0]["loc"] == "details.whys"
    bad_target = challenge_args(lee, target={"metric": "", "value": "lots"})
    result = push_one(maya, "challenge.create", bad_target)
    assert result["status"] == "rejected"
    assert {d["loc"] for d in result["error"]["details"]} == {"target.metric", "target.value"}


def test_learner_accepts_then_reports_stuck_and_the_history_says_who_and_when(team, app):
    maya, lee = team["maya"], team["lee"]
    challenge = create(maya, "challenge", challenge_args(lee))
    for status in ("accepted", "in_progress", "stuck"):
        result = push_one(
            lee,
            "challenge.update",
            {"id": challenge, "baseVersion": lee.version_of(challenge), "status": status},
        )
        assert result["status"] == "applied", result
    data = pulled(maya, "challenge")[challenge]
    assert data["status"] == "stuck"
    assert [(h["status"], h["byName"]) for h in data["statusHistory"]] == [
        ("assigned", "Maya"),
        ("accepted", "Lee"),
        ("in_progress", "Lee"),
        ("stuck", "Lee"),
    ]
    assert data["acceptedAt"] is not None
    with app.app_context():
        assert Challenge.get_by_id(challenge).accepted_at is not None


def test_learner_writes_a_reflection_and_reports_actual_but_cannot_retarget(team):
    maya, lee = team["maya"], team["lee"]
    challenge = create(maya, "challenge", challenge_args(lee))
    base = lee.version_of(challenge)
    ok = push_one(
        lee,
        "challenge.update",
        {
            "id": challenge,
            "baseVersion": base,
            "reflection": "The dies are the bottleneck",
            "actual": 31,
        },
    )
    assert ok["status"] == "applied"
    refused = push_one(
        lee,
        "challenge.update",
        {"id": challenge, "baseVersion": base, "target": {"metric": "x", "value": 40}},
    )
    assert refused["status"] == "rejected"
    assert refused["error"]["details"] == {"fields": ["target"]}
    dropped = push_one(
        lee, "challenge.update", {"id": challenge, "baseVersion": base, "status": "dropped"}
    )
    assert dropped["status"] == "rejected" and "coach" in dropped["error"]["message"]
    data = pulled(maya, "challenge")[challenge]
    assert data["reflection"] == "The dies are the bottleneck" and data["actual"] == 31


def test_coach_records_check_ins_and_the_learner_answers(team):
    maya, lee = team["maya"], team["lee"]
    challenge = create(maya, "challenge", challenge_args(lee))
    checkin = create(maya, "checkin", checkin_args(challenge, learned="Measure first"))
    base = lee.version_of(checkin)
    answer = push_one(
        lee,
        "checkin.update",
        {"id": checkin, "baseVersion": base, "answer": "I will time the next two"},
    )
    assert answer["status"] == "applied"
    rewrite = push_one(lee, "checkin.update", {"id": checkin, "baseVersion": base, "engagement": 4})
    assert rewrite["status"] == "rejected"
    coach_answer = push_one(
        maya,
        "checkin.update",
        {
            "id": checkin,
            "baseVersion": maya.version_of(checkin),
            "answer": "Putting words in Lee's mouth",
        },
    )
    assert coach_answer["status"] == "rejected"
    data = pulled(maya, "checkin")[checkin]
    assert data["answer"] == "I will time the next two"
    assert (data["engagement"], data["approach"], data["resilience"]) == (3, 2, 3)
    assert data["learnerId"] == lee.person.id and data["nextCheckinOn"] == "2026-11-28"


@pytest.mark.parametrize(
    "field,value", [("engagement", 0), ("approach", 5), ("resilience", "high")]
)
def test_check_in_ratings_are_1_to_4(team, field, value):
    maya, lee = team["maya"], team["lee"]
    challenge = create(maya, "challenge", challenge_args(lee))
    result = push_one(maya, "checkin.create", checkin_args(challenge, **{field: value}))
    assert result["status"] == "rejected"
    assert result["error"]["details"][0]["loc"] == field


def test_a_goal_cannot_link_someone_elses_observation_or_a_hidden_one(team):
    maya, lee, sam = team["maya"], team["lee"], team["sam"]
    about_sam = create(maya, "observation", new_observation(personId=sam.person.id))
    result = push_one(maya, "goal.create", goal_args(lee, observationIds=[about_sam]))
    assert result["error"]["code"] == "observation_about_someone_else"
    hidden = create(team["rui"], "observation", new_observation(personId=lee.person.id))
    result = push_one(maya, "goal.create", goal_args(lee, observationIds=[hidden]))
    assert result["error"]["code"] == "unknown_observation"


def test_a_challenge_goal_must_be_the_same_learners(team):
    maya, lee, sam = team["maya"], team["lee"], team["sam"]
    sams_goal = create(maya, "goal", goal_args(sam))
    result = push_one(maya, "challenge.create", challenge_args(lee, goal_id=sams_goal))
    assert result["error"]["code"] == "unknown_goal"


def test_self_development_goal_and_challenge_are_the_learners_own(team):
    lee = team["lee"]
    goal = create(lee, "goal", goal_args(lee, action="Learn SMED"))
    challenge = create(lee, "challenge", challenge_args(lee, goal_id=goal))
    result = push_one(
        lee,
        "challenge.update",
        {"id": challenge, "baseVersion": 0, "title": "My own title", "status": "dropped"},
    )
    assert result["status"] == "applied"
    assert create(lee, "checkin", checkin_args(challenge))
    # Their coach sees it, as with every record about them.
    assert goal in pulled(team["maya"], "goal")


def test_mentor_notes_are_kept_apart_from_the_coach(team):
    rui, lee, maya = team["rui"], team["lee"], team["maya"]
    note = create(rui, "mentor_note", mentor_note_args(lee))
    assert note in pulled(lee, "mentor_note") and note in pulled(rui, "mentor_note")
    assert pulled(maya, "mentor_note") == {}
    mentees = rui.get("/api/me").json["mentees"]
    assert [m["name"] for m in mentees] == ["Lee", "Sam"]
    assert maya.get("/api/me").json["mentees"] == []


def test_concurrent_status_changes_keep_the_first_and_flag_the_record(team):
    maya, lee = team["maya"], team["lee"]
    challenge = create(maya, "challenge", challenge_args(lee))
    base = lee.version_of(challenge)
    push_one(lee, "challenge.update", {"id": challenge, "baseVersion": base, "status": "done"})
    result = push_one(
        maya, "challenge.update", {"id": challenge, "baseVersion": base, "status": "dropped"}
    )
    assert result["status"] == "conflict"
    data = pulled(maya, "challenge")[challenge]
    assert data["status"] == "done" and data["flagged"] is True


def test_unknown_ids_in_create_are_rejected_not_stored(team):
    maya = team["maya"]
    result = push_one(
        maya, "challenge.create", challenge_args(team["lee"]) | {"learnerId": new_id()}
    )
    assert result["error"]["code"] == "forbidden"  # as for someone out of reach (issue 7)
    result = push_one(maya, "checkin.create", checkin_args(new_id()))
    assert result["error"]["code"] == "unknown_challenge"


def test_only_a_coach_clears_a_conflict_flag_on_a_challenge(team):
    maya, lee = team["maya"], team["lee"]
    challenge = create(maya, "challenge", challenge_args(lee))
    base = lee.version_of(challenge)
    push_one(lee, "challenge.update", {"id": challenge, "baseVersion": base, "status": "done"})
    push_one(maya, "challenge.update", {"id": challenge, "baseVersion": base, "status": "dropped"})
    current = lee.version_of(challenge)
    refused = push_one(
        lee, "challenge.update", {"id": challenge, "baseVersion": current, "resolve": True}
    )
    assert refused["status"] == "rejected"
    assert refused["error"]["details"] == {"fields": ["flagged"]}
    resolved = push_one(
        maya, "challenge.update", {"id": challenge, "baseVersion": current, "resolve": True}
    )
    assert resolved["status"] == "applied"
    assert pulled(maya, "challenge")[challenge]["flagged"] is False


def test_a_goal_links_observations_captured_in_the_same_offline_batch(team):
    maya, lee = team["maya"], team["lee"]
    notes = [new_observation(personId=lee.person.id, note=f"seen {i}") for i in range(3)]
    goal = goal_args(lee, observationIds=[n["id"] for n in notes])
    response = maya.push(
        *[maya.mutation("observation.create", **n) for n in notes],
        maya.mutation("goal.create", **goal),
    )
    assert [r["status"] for r in response.json["results"]] == ["applied"] * 4
    assert pulled(maya, "goal")[goal["id"]]["observationIds"] == [n["id"] for n in notes]
    # The notes are private: the learner's goal lists none of them (issue 7).
    assert pulled(lee, "goal")[goal["id"]]["observationIds"] == []
