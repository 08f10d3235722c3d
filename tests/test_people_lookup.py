"""Finding a colleague by name for a workshop (docs/decisions.md §103): anyone signed in finds
anyone active in the organisation, by name, and learns their name and area, nothing else."""

import pytest

from server.models import Area, Person

from .coaching_data import challenge_args, create


def look_up(api, q):
    response = api.get("/api/people/lookup", query_string={"q": q})
    assert response.status_code == 200, response.json
    return response.json["people"]


def test_a_facilitator_finds_someone_from_another_area_by_name_and_sees_only_name_and_area(
    team,
):
    """Lee (a learner in Maya's team) runs a workshop and looks Ada up: another team and area."""
    lee, ada, maya = team["lee"], team["ada"], team["maya"]
    with lee.app.app_context():
        press = Area.create(name="Press shop", kind="site")
        Person.update(area=press).where(Person.id == ada.person.id).execute()
    create(maya, "challenge", challenge_args(lee, title="Secret: Lee's changeover"))

    (found,) = look_up(lee, "ada")
    assert found == {"id": ada.person.id, "name": "Ada", "area": "Press shop"}
    # Never their manager, coach, challenges or notes: the answer is these three keys.
    assert set(look_up(ada, "lee")[0]) == {"id", "name", "area"}
    assert "changeover" not in ada.get("/api/people/lookup?q=lee").get_data(as_text=True)


def test_lookup_matches_every_word_in_any_case_and_in_name_order(new_person):
    me = new_person("Wanda Facilitator")
    for name in ("Jo Martin", "Joanna Smith", "Martin Jones", "Bob Smith"):
        new_person(name)
    assert [p["name"] for p in look_up(me, "JO")] == ["Jo Martin", "Joanna Smith", "Martin Jones"]
    assert [p["name"] for p in look_up(me, "smi jo")] == ["Joanna Smith"]
    assert [p["name"] for p in look_up(me, "  mart ")] == ["Jo Martin", "Martin Jones"]
    assert look_up(me, "zz") == []
    assert look_up(me, "%_") == []  # LIKE's wildcards are letters here


def test_a_french_name_is_found_typed_without_its_accents_or_capitals(new_person):
    me = new_person("Wanda Facilitator")
    for name in ("Élodie Lefèvre", "Noël Cœurdevey", "Eloi Martin"):
        new_person(name)
    assert [p["name"] for p in look_up(me, "elodie")] == ["Élodie Lefèvre"]
    assert [p["name"] for p in look_up(me, "LEFEVRE")] == ["Élodie Lefèvre"]
    assert sorted(p["name"] for p in look_up(me, "ÉLO")) == ["Eloi Martin", "Élodie Lefèvre"]
    assert [p["name"] for p in look_up(me, "noel coeur")] == ["Noël Cœurdevey"]


def test_lookup_never_answers_deactivated_people_and_at_most_ten(new_person):
    me = new_person("Wanda Facilitator")
    gone = new_person("Gone Person")
    with me.app.app_context():
        Person.update(active=False).where(Person.id == gone.person.id).execute()
    assert look_up(me, "gone") == []
    for n in range(12):
        new_person(f"Crew {n:02}")
    assert [p["name"] for p in look_up(me, "crew")] == [f"Crew {n:02}" for n in range(10)]


@pytest.mark.parametrize(
    "q, code",
    [
        ("", "query_too_short"),
        ("a", "query_too_short"),
        ("a b c", "query_too_short"),
        ("x" * 61, "validation_error"),
        ("ab\x00", "invalid_text"),  # refused for every request (jsonio)
    ],
)
def test_a_lookup_without_two_letters_or_too_long_is_refused_with_a_reason(team, q, code):
    response = team["maya"].get("/api/people/lookup", query_string={"q": q})
    assert response.status_code == 400
    assert response.json["error"]["code"] == code


def test_lookup_needs_a_signed_in_person(app, team):
    from .conftest import Api

    response = Api(app).get("/api/people/lookup?q=ada")
    assert response.status_code == 401


def test_lookup_is_rate_limited_per_person(app, team):
    app.config["PEOPLE_LOOKUP_RATE_LIMIT"] = "3/minute"
    answers = [team["sam"].get("/api/people/lookup?q=ada").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    assert team["sam"].get("/api/people/lookup?q=ada").json["error"]["code"] == "rate_limited"
    # Another person's lookups are counted apart.
    assert team["lee"].get("/api/people/lookup?q=ada").status_code == 200
