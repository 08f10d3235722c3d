"""Helpers by consent: the teamwork search finds only people who offered to help with a
topic, once their challenge was done, and shows the name and the offered topic, nothing else."""

from server.models import Person

from .coaching_data import challenge_args, create, push_one


def search(api, q):
    response = api.get("/api/people/helpers", query_string={"q": q})
    assert response.status_code == 200, response.json
    return response.json["helpers"]


def finished(team, learner="sam", **fields):
    """A challenge Maya gave `learner`, marked done; returns its id."""
    maya = team["maya"]
    challenge = create(maya, "challenge", challenge_args(team[learner], **fields))
    push_one(
        maya,
        "challenge.update",
        {"id": challenge, "status": "done", "baseVersion": maya.version_of(challenge)},
    )
    return challenge


def offer(api, challenge, topic):
    return push_one(
        api,
        "challenge.update",
        {"id": challenge, "helpOffer": topic, "baseVersion": api.version_of(challenge)},
    )


def test_helper_search_never_tests_words_against_challenge_text(team):
    """Issue 7: anyone could test words against every team's closed challenges."""
    sam, ada = team["sam"], team["ada"]
    challenge = finished(
        team,
        title="Balance the packing line",
        problem="Sam keeps arguing with the night shift lead",
    )
    for words in ("packing line", "arguing night shift", "balance"):
        assert search(ada, words) == [], words
    assert offer(sam, challenge, "Line balancing with a yamazumi chart")["status"] == "applied"
    assert search(ada, "arguing night shift") == []
    (found,) = search(ada, "balancing")
    assert found == {
        "id": sam.person.id,
        "name": "Sam",
        "topic": "Line balancing with a yamazumi chart",
    }


def test_only_the_learner_offers_help_and_only_once_the_challenge_is_done(team):
    maya, sam, ada = team["maya"], team["sam"], team["ada"]
    open_one = create(maya, "challenge", challenge_args(sam))
    early = offer(sam, open_one, "Changeover")
    assert early["status"] == "rejected" and early["error"]["code"] == "not_done"
    done = finished(team)
    by_coach = offer(maya, done, "Changeover, signed Sam")
    assert by_coach["status"] == "rejected" and by_coach["error"]["code"] == "forbidden"
    assert by_coach["error"]["details"] == {"fields": ["helpOffer"]}
    too_long = offer(sam, done, "x" * 121)
    assert too_long["error"]["code"] == "validation_error"
    assert search(ada, "changeover") == []

    assert offer(sam, done, "  SMED changeover  ")["status"] == "applied"
    assert [h["topic"] for h in search(ada, "changeover")] == ["SMED changeover"]
    pulled = {c["id"]: c["data"] for c in maya.pull(cursor="0").json["changes"]}
    assert pulled[done]["helpOffer"] == "SMED changeover"  # synced like any field

    # Withdrawn (null, or emptied): nobody finds it any more.
    assert offer(sam, done, None)["status"] == "applied"
    assert search(ada, "changeover") == []
    offer(sam, done, "SMED changeover")
    assert offer(sam, done, "")["status"] == "applied"
    assert search(ada, "changeover") == []


def test_done_and_offered_in_one_change_from_a_learners_own_challenge(team):
    lee, ada = team["lee"], team["ada"]
    own = create(lee, "challenge", challenge_args(lee, title="Learn SMED"))
    both = push_one(
        lee,
        "challenge.update",
        {
            "id": own,
            "baseVersion": lee.version_of(own),
            "status": "done",
            "helpOffer": "SMED basics",
        },
    )
    assert both["status"] == "applied"
    assert search(ada, "smed") == [{"id": lee.person.id, "name": "Lee", "topic": "SMED basics"}]


def test_search_skips_the_searcher_reopened_and_deleted_challenges_and_inactive_people(team, app):
    maya, lee, sam, ada = team["maya"], team["lee"], team["sam"], team["ada"]
    sams = finished(team, learner="sam")
    lees = finished(team, learner="lee")
    offer(sam, sams, "Kanban sizing")
    offer(lee, lees, "Kanban loops")
    assert {h["name"] for h in search(ada, "kanban")} == {"Sam", "Lee"}
    assert {h["name"] for h in search(sam, "kanban")} == {"Lee"}  # not oneself
    # The coach reopens Lee's challenge: his offer waits until it is done again.
    push_one(
        maya,
        "challenge.update",
        {"id": lees, "status": "in_progress", "baseVersion": maya.version_of(lees)},
    )
    assert {h["name"] for h in search(ada, "kanban")} == {"Sam"}
    with app.app_context():
        Person.update(active=False).where(Person.id == sam.person.id).execute()
    assert search(ada, "kanban") == []
    with app.app_context():
        Person.update(active=True).where(Person.id == sam.person.id).execute()
    push_one(maya, "challenge.delete", {"id": sams, "baseVersion": maya.version_of(sams)})
    assert search(ada, "kanban") == []


def test_best_matches_come_first_and_each_offer_once(team):
    sam, lee, ada = team["sam"], team["lee"], team["ada"]
    offer(sam, finished(team, learner="sam"), "Line balancing")
    offer(lee, finished(team, learner="lee"), "Balancing a mixed-model line with takt")
    offer(lee, finished(team, learner="lee"), "Balancing a mixed-model line with takt")
    found = search(ada, "mixed line balancing")
    assert [(h["name"], h["topic"]) for h in found] == [
        ("Lee", "Balancing a mixed-model line with takt"),
        ("Sam", "Line balancing"),
    ]
