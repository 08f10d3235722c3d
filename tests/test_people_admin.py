"""Reporting lines and admin rights (issue 7, item 3): an admin cannot put themselves into
anyone's chain alone, never the last admin goes, deactivation keeps records."""

from .coaching_data import create, goal_args
from .conftest import new_observation


def pulled_ids(api):
    return {c["id"] for c in api.pull(cursor="0").json["changes"] if not c["deleted"]}


def test_an_admin_outside_the_chain_cannot_make_themselves_someones_manager(team):
    maya, lee, root = team["maya"], team["lee"], team["root"]
    goal = create(maya, "goal", goal_args(lee))
    shared = create(
        maya, "observation", new_observation(personId=lee.person.id, visibility="shared")
    )
    answer = root.patch(f"/api/people/{lee.person.id}", {"managerId": root.person.id})
    assert answer.status_code == 403 and answer.json["error"]["code"] == "own_chain"
    assert "Another admin" in answer.json["error"]["message"]
    assert root.get("/api/me").json["reports"] == []
    assert not ({goal, shared} & pulled_ids(root))


def test_an_admin_cannot_slip_above_someone_through_their_manager_or_a_report(team):
    root, maya, lee = team["root"], team["maya"], team["lee"]
    goal = create(maya, "goal", goal_args(lee))
    # Above Lee's manager.
    above = root.patch(f"/api/people/{maya.person.id}", {"managerId": root.person.id})
    assert above.status_code == 403
    # Under someone who already reports to the admin.
    ops = root.post("/api/people", {"name": "Ops", "managerId": root.person.id}).json["person"]
    under = root.patch(f"/api/people/{lee.person.id}", {"managerId": ops["id"]})
    assert under.status_code == 403
    assert goal not in pulled_ids(root)


def test_another_admin_can_put_an_admin_into_a_chain(team):
    root, ada, maya, lee = team["root"], team["ada"], team["maya"], team["lee"]
    goal = create(maya, "goal", goal_args(lee))
    assert root.patch(f"/api/people/{ada.person.id}", {"isAdmin": True}).status_code == 200
    moved = ada.patch(f"/api/people/{lee.person.id}", {"managerId": root.person.id})
    assert moved.status_code == 200
    assert goal in pulled_ids(root)


def test_an_admin_moves_people_elsewhere_and_within_their_own_chain(team):
    root, lee, ada = team["root"], team["lee"], team["ada"]
    assert (
        root.patch(f"/api/people/{lee.person.id}", {"managerId": ada.person.id}).status_code == 200
    )
    ops = root.post("/api/people", {"name": "Ops", "managerId": root.person.id}).json["person"]
    # Already above Ops: moving Ops under another of the admin's reports is fine.
    kim = root.post("/api/people", {"name": "Kim", "managerId": root.person.id}).json["person"]
    assert root.patch(f"/api/people/{ops['id']}", {"managerId": kim["id"]}).status_code == 200


def test_never_the_last_active_admin(team):
    root, ada = team["root"], team["ada"]
    for change in ({"isAdmin": False}, {"active": False}):
        refused = root.patch(f"/api/people/{root.person.id}", change)
        assert refused.status_code == 409 and refused.json["error"]["code"] == "last_admin"
    assert root.patch(f"/api/people/{ada.person.id}", {"isAdmin": True}).status_code == 200
    assert ada.patch(f"/api/people/{root.person.id}", {"isAdmin": False}).status_code == 200
    assert ada.patch(f"/api/people/{ada.person.id}", {"isAdmin": False}).status_code == 409
    assert root.get("/api/people").status_code == 403  # no longer an admin (nor a manager)


def test_deactivating_keeps_records_ends_sessions_and_reactivating_lets_them_back(team):
    root, maya, lee = team["root"], team["maya"], team["lee"]
    goal = create(maya, "goal", goal_args(lee))
    tablet = lee.another_device()
    assert root.patch(f"/api/people/{lee.person.id}", {"active": False}).status_code == 200
    assert lee.get("/api/me").status_code == 401 and tablet.get("/api/me").status_code == 401
    assert lee.sign_in().status_code == 403
    assert goal in pulled_ids(maya)  # records kept
    assert root.patch(f"/api/people/{lee.person.id}", {"active": True}).status_code == 200
    assert lee.sign_in().status_code == 200
    assert goal in pulled_ids(lee)


def test_everyone_renames_themselves_and_admins_rename_anyone(team):
    root, lee, sam = team["root"], team["lee"], team["sam"]
    assert lee.patch("/api/me", {"name": "Lee Chen"}).json["user"]["name"] == "Lee Chen"
    assert lee.get("/api/me").json["user"]["name"] == "Lee Chen"
    assert lee.patch(f"/api/people/{lee.person.id}", {"name": "Lee C."}).status_code == 200
    assert lee.patch(f"/api/people/{sam.person.id}", {"name": "X"}).status_code == 404
    assert lee.patch(f"/api/people/{lee.person.id}", {"areaId": None}).status_code == 404
    assert root.patch(f"/api/people/{sam.person.id}", {"name": "Sam Ortiz"}).status_code == 200
    assert root.patch("/api/me", {"name": "Alex Admin"}).json["user"]["name"] == "Alex Admin"
    assert lee.patch("/api/me", {"name": ""}).status_code == 400


def test_nobody_renames_themselves_to_a_colleagues_name(team):
    lee, root = team["lee"], team["root"]
    for attempt in (
        lambda: lee.patch("/api/me", {"name": "root"}),
        lambda: lee.patch(f"/api/people/{lee.person.id}", {"name": "Maya"}),
    ):
        taken = attempt()
        assert taken.status_code == 409 and taken.json["error"]["code"] == "name_taken"
    assert lee.get("/api/me").json["user"]["name"] == "Lee"
    # An admin naming two people alike is deliberate (two Sam Lees on two shifts).
    assert root.patch(f"/api/people/{team['sam'].person.id}", {"name": "Lee"}).status_code == 200
