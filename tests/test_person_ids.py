"""A person id that does not exist and one out of reach get the same answer (issue 7): nobody
learns from a rejection which ids are people."""

import uuid
from types import SimpleNamespace

import pytest

from .coaching_data import challenge_args, create, goal_args, mentor_note_args, push_one
from .conftest import new_observation


def attempts(team, person_id):
    """What Maya might try about someone: (mutation name, args)."""
    lee = team["lee"]
    someone = SimpleNamespace(person=SimpleNamespace(id=person_id))  # as the builders take it
    return [
        ("observation.create", new_observation(personId=person_id)),
        ("goal.create", goal_args(someone)),
        ("challenge.create", challenge_args(someone)),
        ("mentor_note.create", mentor_note_args(someone)),
        # An existing note moved onto that person.
        (
            "observation.update",
            {
                "id": create(team["maya"], "observation", new_observation(personId=lee.person.id)),
                "baseVersion": 0,
                "personId": person_id,
            },
        ),
    ]


@pytest.mark.parametrize("index", range(5))
def test_an_unknown_person_and_one_out_of_reach_get_the_same_answer(team, index):
    maya = team["maya"]
    answers = []
    for person_id in (str(uuid.uuid4()), team["ada"].person.id):  # nobody, another team
        name, args = attempts(team, person_id)[index]
        result = push_one(maya, name, args)
        assert result["status"] == "rejected", result
        answers.append(
            (result["error"]["code"], result["error"]["message"], result["error"]["details"])
        )
    unknown, out_of_reach = answers
    assert unknown == out_of_reach and unknown[0] == "forbidden", answers


def teamwork(team, helper_id):
    return challenge_args(
        team["lee"],
        mode="teamwork",
        details={"question": "How do I balance a cell?", "helperId": helper_id},
    )


def test_a_teamwork_helper_may_be_anyone_active_and_nobody_else(team, app):
    from server.models import Person

    maya, ada = team["maya"], team["ada"]
    # Someone in another team: that is what teamwork is for.
    assert push_one(maya, "challenge.create", teamwork(team, ada.person.id))["status"] == "applied"
    with app.app_context():
        Person.update(active=False).where(Person.id == ada.person.id).execute()
    answers = [
        push_one(maya, "challenge.create", teamwork(team, helper))["error"]
        for helper in (str(uuid.uuid4()), ada.person.id)
    ]  # nobody, deactivated
    assert answers[0] == answers[1] and answers[0]["code"] == "unknown_helper", answers
