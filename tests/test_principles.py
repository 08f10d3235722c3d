"""The principles library (issue 13.6, docs/decisions.md §99-§102): a coach publishes the
principle of a goal closed as learned, rewritten without the learner's name; coaches link new
goals to it; the library counts how often it was taught and how those challenges ended.

Maya coaches Lee and Sam; Rui is Maya's manager; Ada is in another team; Root is an admin."""

import uuid
from datetime import date

import pytest

from server.coaching.principles import naming, outcome
from server.models import LearningGoal, Principle

from .coaching_data import challenge_args, create, goal_args, push_one


def new_id():
    return str(uuid.uuid4())


def learned_goal(coach, learner, **fields):
    """A goal about `learner`, closed as learned by `coach`."""
    goal_id = create(coach, "goal", goal_args(learner, **fields))
    result = push_one(
        coach,
        "goal.update",
        {"id": goal_id, "baseVersion": coach.version_of(goal_id), "status": "achieved"},
    )
    assert result["status"] == "applied", result
    return goal_id


def principle_args(goal_id, **fields):
    return {
        "id": new_id(),
        "goalId": goal_id,
        "title": "Stop at the first defect",
        "principle": "A defect found where it is made shows its cause; found later it hides it",
        "misconception": "Stopping the line loses output",
        "workedCase": "An operator on a press let three doubtful parts go to the next cell; "
        "stopping at the first one would have shown the worn die in minutes.",
    } | fields


def library_of(api):
    return {
        c["id"]: c["data"]
        for c in api.pull(cursor="0").json["changes"]
        if c["type"] == "principle" and not c["deleted"]
    }


def counts_of(api):
    response = api.get("/api/principles/counts")
    assert response.status_code == 200, response.json
    return {p["id"]: p for p in response.json["principles"]}


def test_a_coach_publishes_the_principle_of_a_learned_goal_and_every_colleague_reads_it_without_a_trace_of_the_learner(
    team,
):
    maya, lee = team["maya"], team["lee"]
    goal_id = learned_goal(maya, lee)
    args = principle_args(goal_id)
    assert push_one(maya, "principle.create", args)["status"] == "applied"

    for name in ("maya", "lee", "sam", "rui", "ada", "root"):
        seen = library_of(team[name])
        assert args["id"] in seen, name
        data = seen[args["id"]]
        assert data["title"] == "Stop at the first defect"
        assert data["authorName"] == "Maya"
        assert "goalId" not in data, "the source goal never leaves the server"
        assert lee.person.id not in str(data) and "Lee" not in str(data)
    history = team["ada"].get(f"/api/sync/history/principle/{args['id']}")
    assert history.status_code == 200
    assert goal_id not in history.get_data(as_text=True)


def test_a_principle_that_names_the_learner_is_refused_and_nothing_is_published(team):
    maya, lee = team["maya"], team["lee"]
    goal_id = learned_goal(maya, lee)
    for field, text in (
        ("workedCase", "Lee let three doubtful parts go to the next cell."),
        ("title", "What LEE learned about stopping"),
        ("principle", "As lee found out, a defect hides its cause"),
    ):
        args = principle_args(goal_id, **{field: text})
        result = push_one(maya, "principle.create", args)
        assert result["status"] == "rejected", field
        assert result["error"]["code"] == "names_a_person"
        assert result["error"]["details"] == {"field": field, "name": "Lee"}
    assert library_of(maya) == {}
    # "Sleeve" holds the letters of Lee, not the name.
    ok = principle_args(goal_id, workedCase="The sleeve was worn; stopping showed it.")
    assert push_one(maya, "principle.create", ok)["status"] == "applied"

    # A later edit that brings the name back is refused too; the principle stays as it was.
    result = push_one(
        maya,
        "principle.update",
        {"id": ok["id"], "baseVersion": maya.version_of(ok["id"]), "workedCase": "Ask Lee."},
    )
    assert result["status"] == "rejected" and result["error"]["code"] == "names_a_person"
    assert library_of(maya)[ok["id"]]["workedCase"] == ok["workedCase"]


def test_names_are_found_whole_without_case_or_accents():
    assert naming({"worked_case": "Zoe fixed the jig"}, "Zoé Martin") == ("worked_case", "Zoé")
    assert naming({"title": "Ask MARTIN"}, "Zoé Martin") == ("title", "Martin")
    assert naming({"principle": "Martinez did it"}, "Zoé Martin") is None
    assert naming({"principle": "Li said"}, "Li") == ("principle", "Li")  # the whole name
    assert naming({"principle": "a little light"}, "Li Wu") is None  # short parts not alone
    # A word of the name counts as it is written for a name, capitalised; the whole name in
    # any case: "stop the line" does not name Lee Line.
    assert naming({"title": "Stop the line"}, "Lee Line") is None
    assert naming({"title": "Ask Line first"}, "Lee Line") == ("title", "Line")
    assert naming({"title": "ask lee line"}, "Lee Line") == ("title", "Lee Line")


def test_only_a_coach_of_the_learner_publishes_and_only_from_a_goal_closed_as_learned(team):
    maya, lee, sam, ada, root, rui = (team[n] for n in ("maya", "lee", "sam", "ada", "root", "rui"))
    goal_id = learned_goal(maya, lee)
    for api in (lee, sam, ada, root):  # coaches nobody: not a coach
        result = push_one(api, "principle.create", principle_args(goal_id))
        assert result["error"]["code"] == "forbidden", api.person.name
    # Ada coaches someone now, but not Lee: the goal is unknown to her.
    team_member = team["ada"]
    from server.models import Person

    with team_member.app.app_context():
        Person.create(name="Kai", manager=ada.person.id)
    assert (
        push_one(ada, "principle.create", principle_args(goal_id))["error"]["code"]
        == "unknown_goal"
    )
    open_goal = create(maya, "goal", goal_args(lee))
    result = push_one(maya, "principle.create", principle_args(open_goal))
    assert result["error"]["code"] == "goal_not_learned"
    # Rui (up Lee's chain) may; so may Maya.
    assert push_one(rui, "principle.create", principle_args(goal_id))["status"] == "applied"
    # Only its author changes or deletes it.
    mine = principle_args(goal_id)
    assert push_one(maya, "principle.create", mine)["status"] == "applied"
    for api in (rui, lee, ada):
        result = push_one(
            api,
            "principle.update",
            {"id": mine["id"], "baseVersion": api.version_of(mine["id"]), "title": "Mine now"},
        )
        assert result["error"]["code"] == "forbidden"
        deleted = push_one(
            api, "principle.delete", {"id": mine["id"], "baseVersion": api.version_of(mine["id"])}
        )
        assert deleted["error"]["code"] == "forbidden"
    assert library_of(maya)[mine["id"]]["title"] == mine["title"]


@pytest.mark.parametrize(
    "bad",
    [
        {"title": ""},
        {"workedCase": ""},
        {"title": "x" * 201},
        {"goalId": "not-a-uuid"},
        {"goalId": None},
        {"learnerId": "11111111-1111-1111-1111-111111111111"},  # never on a principle
        {"principle": "nul\u0000"},
    ],
    ids=["no title", "no case", "long title", "bad goal id", "no goal", "a learner", "nul"],
)
def test_bad_input_is_refused_with_a_reason_and_changes_nothing(team, bad):
    maya, lee = team["maya"], team["lee"]
    goal_id = learned_goal(maya, lee)
    args = principle_args(goal_id) | bad
    response = maya.push(maya.mutation("principle.create", **args))
    assert response.status_code in (200, 400), response.json
    if response.status_code == 200:
        assert response.json["results"][0]["status"] == "rejected"
    assert library_of(maya) == {}
    with maya.app.app_context():
        assert Principle.select().count() == 0


def test_a_goal_links_a_principle_and_the_library_counts_how_often_it_was_taught(team):
    maya, lee, sam, rui = team["maya"], team["lee"], team["sam"], team["rui"]
    source = learned_goal(maya, lee)
    principle = principle_args(source)
    assert push_one(maya, "principle.create", principle)["status"] == "applied"
    assert counts_of(lee)[principle["id"]] == {
        "id": principle["id"],
        "taught": 0,
        "outcomes": None,
    }
    # Maya links the goal it came from, and a new goal for Sam.
    relinked = push_one(
        maya,
        "goal.update",
        {"id": source, "baseVersion": maya.version_of(source), "principleId": principle["id"]},
    )
    assert relinked["status"] == "applied"
    sams = create(maya, "goal", goal_args(sam, principleId=principle["id"]))
    challenge = challenge_args(sam, goal_id=sams)
    create(maya, "challenge", challenge)
    counted = counts_of(team["ada"])[principle["id"]]
    assert counted["taught"] == 2
    assert counted["outcomes"] is None, "two learners: their outcomes stay unshown"
    # The learner sees the link on their goal.
    sam_goal = next(c for c in sam.pull(cursor="0").json["changes"] if c["id"] == sams)
    assert sam_goal["data"]["principleId"] == principle["id"]

    # A third learner: Maya herself, under Rui; now the outcomes show, in aggregate.
    mayas = create(rui, "goal", goal_args(maya, principleId=principle["id"]))
    done = challenge_args(maya, goal_id=mayas)
    create(rui, "challenge", done)
    finished = push_one(
        rui,
        "challenge.update",
        {"id": done["id"], "baseVersion": rui.version_of(done["id"]), "status": "done"},
    )
    assert finished["status"] == "applied"
    dropped = challenge_args(lee, goal_id=source)
    create(maya, "challenge", dropped)
    push_one(
        maya,
        "challenge.update",
        {"id": dropped["id"], "baseVersion": maya.version_of(dropped["id"]), "status": "dropped"},
    )
    counted = counts_of(team["ada"])[principle["id"]]
    assert counted == {
        "id": principle["id"],
        "taught": 3,
        "outcomes": {"reached": 0, "missed": 1, "open": 1, "notMeasured": 1},
    }
    assert set(counted) == {"id", "taught", "outcomes"}, "aggregates only"

    # Unlinking a goal counts it no more.
    unlink = push_one(
        maya, "goal.update", {"id": sams, "baseVersion": maya.version_of(sams), "principleId": None}
    )
    assert unlink["status"] == "applied"
    assert counts_of(maya)[principle["id"]]["taught"] == 2


def test_a_goal_cannot_link_a_principle_that_is_not_in_the_library(team):
    maya, lee = team["maya"], team["lee"]
    source = learned_goal(maya, lee)
    principle = principle_args(source)
    create(maya, "principle", principle)
    assert (
        push_one(
            maya,
            "principle.delete",
            {"id": principle["id"], "baseVersion": maya.version_of(principle["id"])},
        )["status"]
        == "applied"
    )
    for principle_id in (principle["id"], new_id()):
        args = goal_args(lee, principleId=principle_id)
        result = push_one(maya, "goal.create", args)
        assert result["status"] == "rejected"
        assert result["error"]["code"] == "unknown_principle"
    with maya.app.app_context():
        assert LearningGoal.select().where(LearningGoal.principle_id.is_null(False)).count() == 0
    assert counts_of(maya) == {}


def test_publishing_and_linking_in_one_push_from_a_device_that_was_offline(team):
    """The publish form queues principle.create then goal.update: one push lands both."""
    maya, lee = team["maya"], team["lee"]
    source = learned_goal(maya, lee)
    principle = principle_args(source)
    response = maya.push(
        maya.mutation("principle.create", **principle),
        maya.mutation(
            "goal.update",
            id=source,
            baseVersion=maya.version_of(source),
            principleId=principle["id"],
        ),
    )
    assert [r["status"] for r in response.json["results"]] == ["applied", "applied"]
    # The same push again: exactly once.
    again = maya.post(
        "/api/sync/push",
        {
            "clientId": maya.client_id,
            "mutations": [
                {"id": 1 + i, "name": "x.y", "args": {}} for i in range(maya.next_mutation_id - 1)
            ],
        },
    )
    assert {r["status"] for r in again.json["results"]} == {"duplicate"}
    assert counts_of(maya)[principle["id"]]["taught"] == 1


@pytest.mark.parametrize(
    "status,actual,due_on,expected",
    [
        ("in_progress", None, "2026-12-18", "open"),
        ("stuck", None, "2026-11-30", "missed"),  # active past its due date
        ("dropped", None, None, "missed"),
        ("done", None, None, "not_measured"),
        ("done", 20, None, "reached"),
        ("done", 18, None, "reached"),
        ("done", 30, None, "missed"),
    ],
)
def test_how_a_challenge_ended_as_insight_judges_targets(status, actual, due_on, expected):
    target = {"metric": "changeover", "baseline": 47, "value": 20, "unit": "min"}
    due = date.fromisoformat(due_on) if due_on else None
    assert outcome(status, target, actual, due, date(2026, 12, 1)) == expected
    assert outcome("done", {"metric": "m", "value": 5}, 5) == "not_measured"  # no baseline


def test_the_counts_need_a_signed_in_person(app):
    from .conftest import Api

    response = Api(app).get("/api/principles/counts")
    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthenticated"
