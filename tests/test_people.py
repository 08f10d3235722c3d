"""People, reporting lines and areas: who manages whom, and what moving someone changes."""

from .coaching_data import challenge_args, create, goal_args, push_one
from .conftest import new_observation


def ids(changes):
    return {c["id"] for c in changes if not c["deleted"]}


def resync(api):
    """What a device does on reset_required: start over from an empty cursor."""
    api.cursor = ""
    return ids(api.pull_all())


def test_moving_a_person_to_another_manager_moves_what_each_manager_sees(team):
    maya, lee, ada, root = team["maya"], team["lee"], team["ada"], team["root"]
    goal = create(maya, "goal", goal_args(lee))
    shared = create(
        maya, "observation", new_observation(personId=lee.person.id, visibility="shared")
    )
    for device in (maya, ada, team["rui"], lee):
        device.pull_all()
    moved = root.patch(f"/api/people/{lee.person.id}", {"managerId": ada.person.id})
    assert moved.status_code == 200 and moved.json["person"]["managerId"] == ada.person.id
    # Both coaches' devices are told to resync; the learner's own is not.
    for coach in (maya, ada, team["rui"]):
        assert coach.pull().json.get("reset_required") is True
    assert lee.pull().json.get("reset_required") is None
    # Ada now sees Lee's goal and shared notes; Maya keeps only what she wrote.
    assert {goal, shared} <= resync(ada)
    assert {goal, shared} <= resync(maya)  # Maya is still the author
    assert [p["name"] for p in ada.get("/api/me").json["people"]] == ["Lee"]
    assert "Lee" not in [p["name"] for p in maya.get("/api/me").json["people"]]
    # Maya can no longer coach Lee.
    result = push_one(maya, "challenge.create", challenge_args(lee))
    assert result["error"]["code"] == "forbidden"
    assert push_one(ada, "challenge.create", challenge_args(lee))["status"] == "applied"


def test_a_record_about_a_moved_learner_that_the_old_coach_did_not_write_is_dropped(team):
    maya, lee, rui, root = team["maya"], team["lee"], team["rui"], team["root"]
    goal = create(rui, "goal", goal_args(lee))
    assert goal in ids(maya.pull_all())
    root.patch(f"/api/people/{lee.person.id}", {"managerId": team["ada"].person.id})
    assert maya.pull().json["reset_required"] is True
    assert goal not in resync(maya)


def test_no_reporting_cycles(team):
    root, rui, lee = team["root"], team["rui"], team["lee"]
    cycle = root.patch(f"/api/people/{rui.person.id}", {"managerId": lee.person.id})
    assert cycle.status_code == 400 and cycle.json["error"]["code"] == "reporting_cycle"
    itself = root.patch(f"/api/people/{rui.person.id}", {"managerId": rui.person.id})
    assert itself.status_code == 400


def test_managers_move_people_only_within_their_team(team):
    maya, rui = team["maya"], team["rui"]
    out = maya.patch(f"/api/people/{team['lee'].person.id}", {"managerId": team["ada"].person.id})
    assert out.status_code == 403
    within = rui.patch(f"/api/people/{team['lee'].person.id}", {"managerId": rui.person.id})
    assert within.status_code == 200
    stranger = maya.patch(f"/api/people/{team['ada'].person.id}", {"name": "X"})
    assert stranger.status_code == 404
    assert maya.patch(f"/api/people/{team['sam'].person.id}", {"isAdmin": True}).status_code == 403


def test_a_manager_cannot_tell_an_unknown_manager_id_from_one_out_of_reach(team):
    maya, lee = team["maya"], team["lee"]
    unknown = maya.patch(
        f"/api/people/{lee.person.id}", {"managerId": "00000000-0000-4000-8000-000000000000"}
    )
    out_of_reach = maya.patch(f"/api/people/{lee.person.id}", {"managerId": team["ada"].person.id})
    assert unknown.status_code == out_of_reach.status_code == 403
    assert unknown.json["error"] == out_of_reach.json["error"]


def test_disabling_a_person_signs_them_out_everywhere(team):
    root, lee = team["root"], team["lee"]
    assert root.patch(f"/api/people/{lee.person.id}", {"active": False}).status_code == 200
    assert lee.get("/api/me").status_code == 401
    assert lee.sign_in().status_code == 403


def test_admin_builds_areas_site_line_cell(team):
    root = team["root"]
    site = root.post("/api/areas", {"name": "Lyon plant", "kind": "site"}).json["area"]
    line = root.post(
        "/api/areas", {"name": "Press line", "kind": "line", "parentId": site["id"]}
    ).json["area"]
    cell = root.post("/api/areas", {"name": "Press 4", "kind": "cell", "parentId": line["id"]})
    assert cell.status_code == 201
    misplaced = root.post("/api/areas", {"name": "Cell", "kind": "cell", "parentId": site["id"]})
    assert misplaced.status_code == 400 and "in a line" in misplaced.json["error"]["message"]
    assert team["maya"].post("/api/areas", {"name": "X", "kind": "site"}).status_code == 403
    areas = team["lee"].get("/api/me").json["areas"]
    assert {a["name"] for a in areas} == {"Lyon plant", "Press line", "Press 4"}
    moved = root.patch(f"/api/people/{team['lee'].person.id}", {"areaId": cell.json["area"]["id"]})
    assert moved.json["person"]["areaId"] == cell.json["area"]["id"]


def test_an_admin_moving_someone_to_an_area_that_does_not_exist_is_told_and_nothing_changes(team):
    root, lee = team["root"], team["lee"]
    site = root.post("/api/areas", {"name": "Lyon plant", "kind": "site"}).json["area"]
    assert root.patch(f"/api/people/{lee.person.id}", {"areaId": site["id"]}).status_code == 200
    gone = "00000000-0000-4000-8000-000000000000"
    refused = root.patch(f"/api/people/{lee.person.id}", {"areaId": gone, "name": "Lee Chang"})
    assert refused.status_code == 400
    assert refused.json["error"]["code"] == "unknown_area"
    me = lee.get("/api/me").json["user"]
    assert (me["areaId"], me["name"]) == (site["id"], "Lee")
    orphan = root.post("/api/areas", {"name": "Press 9", "kind": "cell", "parentId": gone})
    assert orphan.status_code == 400 and orphan.json["error"]["code"] == "bad_parent"


def test_find_a_helper_among_those_who_offered_help(team):
    """Issue 7 changed this: closed challenges are no longer searched, only offers (see
    tests/test_helpers_by_consent.py)."""
    maya, sam, ada = team["maya"], team["sam"], team["ada"]
    done = create(maya, "challenge", challenge_args(sam, title="Balance the packing line"))
    push_one(
        maya,
        "challenge.update",
        {"id": done, "baseVersion": maya.version_of(done), "status": "done"},
    )
    assert ada.get("/api/people/helpers", query_string={"q": "line balance"}).json == {
        "helpers": []
    }  # nobody is offered by default
    push_one(
        sam,
        "challenge.update",
        {"id": done, "baseVersion": sam.version_of(done), "helpOffer": "Line balancing"},
    )
    helpers = ada.get("/api/people/helpers", query_string={"q": "line balance"}).json
    assert helpers["helpers"] == [{"id": sam.person.id, "name": "Sam", "topic": "Line balancing"}]
    short = ada.get("/api/people/helpers", query_string={"q": "a"})
    assert short.status_code == 400 and short.json["error"]["code"] == "query_too_short"


def test_me_tells_the_coach_her_load_cap(team):
    me = team["maya"].get("/api/me").json
    assert me["settings"] == {"coachLoadCap": 6, "staleAfterDays": 7}
    assert [r["name"] for r in me["reports"]] == ["Lee", "Sam"]
