"""Queries built once (server.db.Prepared) answer every later call with that call's values,
on SQLite and PostgreSQL alike, and refuse to be built where a stand-in would not survive."""

import pytest

from server.access import subtree_ids
from server.db import Prepared, database
from server.models import Observation, Person


def test_the_team_query_built_once_answers_each_manager_with_their_own_team(app, team):
    with app.app_context():
        database.connect(reuse_if_open=True)
        people = {name: Person.get_by_id(api.person.id) for name, api in team.items()}
        ids = {name: person.id for name, person in people.items()}
        assert sorted(subtree_ids(people["maya"])) == sorted([ids["lee"], ids["sam"]])
        assert sorted(subtree_ids(people["rui"])) == sorted([ids["maya"], ids["lee"], ids["sam"]])
        assert subtree_ids(people["ada"]) == []
        assert subtree_ids(people["lee"]) == []


def test_an_in_list_of_any_length_finds_exactly_the_ids_it_names(app, team):
    maya = team["maya"]
    notes = [maya.mutation("observation.create", note=f"Note {n}") for n in range(3)]
    for mutation, n in zip(notes, range(3)):
        mutation["args"] |= {
            "id": f"00000000-0000-4000-8000-00000000000{n}",
            "kind": "misconception",
            "observedAt": "2026-11-25T08:30:00.000Z",
            "visibility": "private",
            "photos": [],
        }
    assert maya.push(*notes).status_code == 200
    known = [m["args"]["id"] for m in notes]
    unknown = "00000000-0000-4000-8000-0000000000ff"
    taken = Prepared(lambda ids: Observation.select(Observation.id).where(Observation.id.in_(ids)))
    with app.app_context():
        database.connect(reuse_if_open=True)
        for ids in ([known[0]], [unknown], [known[2], unknown, known[1]], known, [unknown] * 2):
            found = {row[0] for row in taken.execute(ids).fetchall()}
            assert found == set(ids) & set(known), ids


def test_a_value_a_field_would_convert_is_refused_when_the_query_is_first_built(app):
    admins = Prepared(lambda flag: Person.select().where(Person.is_admin == flag))
    with app.app_context():
        database.connect(reuse_if_open=True)
        with pytest.raises(TypeError, match="converted a value"):
            admins.execute(True)


def test_none_is_refused_rather_than_compared_with_equals(app, team):
    # peewee writes `manager_id IS NULL` for None; SQL built with `= %s` would match nobody.
    managed_by = Prepared(lambda manager: Person.select().where(Person.manager == manager))
    with app.app_context():
        database.connect(reuse_if_open=True)
        assert managed_by.execute(team["maya"].person.id).fetchall()
        with pytest.raises(TypeError, match="None"):
            managed_by.execute(None)
