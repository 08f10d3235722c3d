"""Who sees and changes observations, as a matrix over the people around a learner.

Maya coaches Lee and Sam; Rui is Maya's manager (Lee's mentor); Ada is in another team;
Root is an admin outside the chain.
"""

import pytest

from .conftest import new_observation

VIEWERS = ["maya", "lee", "rui", "sam", "ada", "root"]
SEES_SHARED_NOTE_ABOUT_LEE = {"maya", "lee", "rui"}


def seen_ids(api):
    return {c["id"] for c in api.pull(cursor="0").json["changes"] if not c["deleted"]}


def create(api, **fields):
    note = new_observation(**fields)
    result = api.push(api.mutation("observation.create", **note)).json["results"][0]
    return note, result


@pytest.mark.parametrize(
    "visibility,allowed",
    [
        ("private", {"maya"}),
        ("shared", SEES_SHARED_NOTE_ABOUT_LEE),
    ],
)
def test_who_pulls_a_note_about_lee(team, visibility, allowed):
    note, result = create(team["maya"], personId=team["lee"].person.id, visibility=visibility)
    assert result["status"] == "applied"
    for name in VIEWERS:
        assert (note["id"] in seen_ids(team[name])) == (name in allowed), name


@pytest.mark.parametrize(
    "author,about,allowed",
    [
        ("maya", "lee", True),  # coach about a report
        ("rui", "lee", True),  # manager once removed
        ("lee", "lee", True),  # self-development
        ("lee", None, True),  # about nobody in particular
        ("lee", "sam", False),  # peer
        ("ada", "lee", False),  # another team
        ("root", "lee", False),  # admin outside the chain
        ("lee", "maya", False),  # up the chain
    ],
)
def test_who_may_write_an_observation_about_whom(team, author, about, allowed):
    person_id = team[about].person.id if about else None
    _, result = create(team[author], personId=person_id)
    if allowed:
        assert result["status"] == "applied"
    else:
        assert result["status"] == "rejected"
        assert result["error"]["code"] == "forbidden"
        assert "report to you" in result["error"]["message"]


@pytest.mark.parametrize("editor", VIEWERS)
@pytest.mark.parametrize("verb", ["update", "delete"])
def test_only_the_author_changes_or_deletes_a_shared_note(team, editor, verb):
    note, _ = create(team["maya"], personId=team["lee"].person.id, visibility="shared")
    api = team[editor]
    args = {"id": note["id"], "baseVersion": 0}
    if verb == "update":
        args["note"] = "Changed"
    result = api.push(api.mutation(f"observation.{verb}", **args)).json["results"][0]
    if editor == "maya":
        assert result["status"] == "applied"
    else:
        assert result["status"] == "rejected"
        expected = "forbidden" if editor in SEES_SHARED_NOTE_ABOUT_LEE else "not_found"
        assert result["error"]["code"] == expected
        assert note["id"] in seen_ids(team["maya"])


def test_a_note_turned_private_disappears_from_the_learners_device(team):
    maya, lee, rui = team["maya"], team["lee"], team["rui"]
    note, _ = create(maya, personId=lee.person.id, visibility="shared")
    (seen,) = lee.pull_all()
    assert seen["data"]["note"] == note["note"]
    rui.pull_all()
    maya.push(
        maya.mutation(
            "observation.update", id=note["id"], baseVersion=seen["version"], visibility="private"
        )
    )
    for device in (lee, rui):
        (change,) = device.pull_all()
        assert change["id"] == note["id"] and change["deleted"] is True
        assert change["data"] is None


def test_a_learner_never_hears_of_private_notes_about_them(team):
    maya, lee = team["maya"], team["lee"]
    note, _ = create(maya, personId=lee.person.id, visibility="private")
    maya.push(
        maya.mutation(
            "observation.update", id=note["id"], baseVersion=0, note="Edited, still private"
        )
    )
    assert lee.pull_all() == []


def test_admin_outside_the_chain_reads_no_coaching_notes(team):
    create(team["maya"], personId=team["lee"].person.id, visibility="shared")
    create(team["lee"], visibility="shared")
    assert team["root"].pull_all() == []


def test_people_lists_follow_the_hierarchy(team):
    assert {p["name"] for p in team["rui"].get("/api/me").json["people"]} == {"Maya", "Lee", "Sam"}
    assert {p["name"] for p in team["maya"].get("/api/me").json["people"]} == {"Lee", "Sam"}
    assert team["lee"].get("/api/me").json["people"] == []
    assert team["lee"].get("/api/people").status_code == 403
    assert {p["name"] for p in team["root"].get("/api/people").json["people"]} == {
        "Rui",
        "Maya",
        "Lee",
        "Sam",
        "Ada",
        "Root",
    }


def test_managers_add_people_to_their_own_team_only(team):
    maya = team["maya"]
    added = maya.post("/api/people", {"name": "Kim"})
    assert added.status_code == 201
    assert added.json["person"]["managerId"] == maya.person.id
    assert "/invite/" in added.json["inviteUrl"]
    elsewhere = maya.post("/api/people", {"name": "Kim", "managerId": team["ada"].person.id})
    assert elsewhere.status_code == 403
    assert maya.post("/api/people", {"name": "Boss", "isAdmin": True}).status_code == 403
    assert team["lee"].post("/api/people", {"name": "Kim"}).status_code == 403
    admin_added = team["root"].post(
        "/api/people", {"name": "Ops", "isAdmin": True, "managerId": team["ada"].person.id}
    )
    assert admin_added.status_code == 201 and admin_added.json["person"]["isAdmin"]


def test_new_invite_for_a_person_who_lost_every_device(team, app):
    """Issue 7 changed this: a manager no longer gets a working link into an account in use
    (that was a takeover). She asks; an admin issues a recovery link."""
    maya = team["maya"]
    asked = maya.post(f"/api/people/{team['lee'].person.id}/invite", {})
    assert asked.status_code == 202 and "inviteUrl" not in asked.json
    url = team["root"].post(f"/api/people/{team['lee'].person.id}/invite", {}).json["inviteUrl"]
    assert "/recovery/" in url
    from .conftest import Api

    lee_again = Api(app, team["lee"].person)
    assert lee_again.enrol(url).status_code == 200
    assert lee_again.get("/api/me").json["user"]["name"] == "Lee"
    assert team["ada"].post(f"/api/people/{team['lee'].person.id}/invite", {}).status_code == 404
    # Someone who never enrolled still gets a plain new invite from their manager.
    kim = maya.post("/api/people", {"name": "Kim"}).json["person"]
    again = maya.post(f"/api/people/{kim['id']}/invite", {})
    assert again.status_code == 200 and "/invite/" in again.json["inviteUrl"]
