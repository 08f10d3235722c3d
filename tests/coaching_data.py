"""Builders for coaching records, pushed through the real sync API."""

import uuid

from .conftest import new_observation


def new_id():
    return str(uuid.uuid4())


def goal_args(learner, **fields):
    return {
        "id": new_id(),
        "learnerId": learner.person.id,
        "action": "Stop the line at the first defect",
        "reason": "Defects found late cost ten times more and hide their cause",
        "misconception": "Stopping the line loses output",
    } | fields


def challenge_args(learner, goal_id=None, mode="problem", **fields):
    return {
        "id": new_id(),
        "goalId": goal_id,
        "learnerId": learner.person.id,
        "mode": mode,
        "title": "Cut changeover on press 4",
        "problem": "Changeover takes 47 minutes",
        "target": {"metric": "changeover time", "baseline": 47, "value": 20, "unit": "min"},
        "dueOn": "2026-12-18",
        "details": {},
    } | fields


def checkin_args(challenge_id, **fields):
    return {
        "id": new_id(),
        "challengeId": challenge_id,
        "at": "2026-11-25T14:00:00Z",
        "engagement": 3,
        "approach": 2,
        "resilience": 3,
        "notes": "Timed three changeovers",
        "nextCheckinOn": "2026-11-28",
    } | fields


def mentor_note_args(person, **fields):
    return {
        "id": new_id(),
        "personId": person.person.id,
        "note": "Wants to lead a kaizen workshop next year",
        "at": "2026-11-25T16:00:00Z",
    } | fields


def push_one(api, name, args):
    response = api.push(api.mutation(name, **args))
    assert response.status_code == 200, response.json
    return response.json["results"][0]


def create(api, type_, args):
    result = push_one(api, f"{type_}.create", args)
    assert result["status"] == "applied", result
    return args["id"]


def make_record(team, type_):
    """A record of `type_` about Lee, written by its natural author. Returns its id."""
    maya, lee, rui = team["maya"], team["lee"], team["rui"]
    if type_ == "observation":
        return create(
            maya, "observation", new_observation(personId=lee.person.id, visibility="shared")
        )
    if type_ == "goal":
        return create(maya, "goal", goal_args(lee))
    if type_ == "challenge":
        return create(maya, "challenge", challenge_args(lee))
    if type_ == "checkin":
        return create(maya, "checkin", checkin_args(make_record(team, "challenge")))
    if type_ == "mentor_note":
        return create(rui, "mentor_note", mentor_note_args(lee))
    raise ValueError(type_)


def create_args(team, type_, learner="lee"):
    """Args for a new record of `type_` about Lee (a check-in goes on Maya's challenge)."""
    about = team[learner]
    if type_ == "observation":
        return new_observation(personId=about.person.id)
    if type_ == "goal":
        return goal_args(about)
    if type_ == "challenge":
        return challenge_args(about)
    if type_ == "checkin":
        return checkin_args(make_record(team, "challenge"))
    return mentor_note_args(about)


UPDATE_FIELD = {
    "observation": {"note": "Reworded"},
    "goal": {"action": "Reworded"},
    "challenge": {"title": "Reworded"},
    "checkin": {"notes": "Reworded"},
    "mentor_note": {"note": "Reworded"},
}
