"""The team view warns above the coach's load cap; the mentor's notes stay between mentor and
person; moving a person makes the old coach's device drop what she may no longer see."""

import pytest
from playwright.sync_api import expect

from .coaching_steps import challenge_args, go, local_records, open_path, queue, sync_now

pytestmark = pytest.mark.browser

CAREER_NOTE = "Wants to lead a kaizen workshop next year"


def checkin(challenge_id, at, rating):
    return {
        "challengeId": challenge_id,
        "at": at,
        "engagement": rating,
        "approach": rating,
        "resilience": rating,
        "notes": "",
    }


@pytest.fixture
def load_cap_of_one(live_server):
    """The server's COACH_LOAD_CAP (sent to devices in /api/me) set to 1 for one test."""
    before = live_server.app.config["COACH_LOAD_CAP"]
    live_server.app.config["COACH_LOAD_CAP"] = 1
    yield
    live_server.app.config["COACH_LOAD_CAP"] = before


def test_team_warns_above_the_load_cap_and_the_mentors_note_never_reaches_the_coach(
    live_server, new_page, load_cap_of_one, signed_in
):
    rui_id, _ = live_server.invite("Rui Mentor")
    maya_id, _ = live_server.invite("Maya Busy", manager_id=rui_id)
    lee_id, _ = live_server.invite("Lee Rising", manager_id=maya_id)
    sam_id, _ = live_server.invite("Sam Sliding", manager_id=maya_id)
    coach = new_page()
    signed_in(coach, maya_id)
    lee_challenge = queue(coach, "challenge", **challenge_args(lee_id))
    sam_challenge = queue(coach, "challenge", **challenge_args(sam_id, title="Sort the crib"))
    queue(coach, "checkin", **checkin(lee_challenge, "2026-11-10T09:00:00.000Z", 2))
    queue(coach, "checkin", **checkin(lee_challenge, "2026-11-17T09:00:00.000Z", 3))
    queue(coach, "checkin", **checkin(sam_challenge, "2026-11-10T09:00:00.000Z", 3))
    queue(coach, "checkin", **checkin(sam_challenge, "2026-11-17T09:00:00.000Z", 2))
    sync_now(coach)

    go(coach, "Team")
    load = coach.get_by_test_id("coach-load")
    expect(load).to_contain_text("2 active learners coached by you · cap 1")
    expect(load).to_contain_text("Above your cap")
    cards = coach.get_by_test_id("team-card")
    expect(cards.filter(has_text="Lee Rising").get_by_test_id("trend")).to_have_text("↑")
    expect(cards.filter(has_text="Sam Sliding").get_by_test_id("trend")).to_have_text("↓")
    expect(cards.filter(has_text="Sam Sliding").get_by_test_id("active-count")).to_have_text(
        "1 active challenge"
    )
    coach.screenshot(path="/tmp/gkc-team-over-cap.png", full_page=True)

    # The manager once removed: mentees, their coaching read-only, and a career note.
    mentor = new_page()
    signed_in(mentor, rui_id)
    go(mentor, "Mentor")
    mentees = mentor.get_by_test_id("mentee-card")
    expect(mentees).to_have_count(2)
    mentees.filter(has_text="Lee Rising").click()
    expect(mentor.get_by_test_id("mentee-challenge")).to_contain_text("Cut changeover on press 4")
    expect(mentor.get_by_test_id("mentee-challenge").locator("a, button")).to_have_count(
        0
    )  # read-only
    mentor.get_by_label("New career note").fill(CAREER_NOTE)
    mentor.get_by_role("button", name="Add note").click()
    expect(mentor.get_by_test_id("mentor-note")).to_contain_text(CAREER_NOTE)
    expect(mentor.get_by_test_id("career-notes")).to_contain_text("not their coach")
    mentor.get_by_test_id("mentor-note").get_by_role("button", name="Edit").click()
    mentor.get_by_label("Edit note").fill(CAREER_NOTE + ", on the press line")
    mentor.get_by_test_id("mentor-note").get_by_role("button", name="Save").click()
    expect(mentor.get_by_test_id("mentor-note")).to_contain_text("next year, on the press line")
    sync_now(mentor)
    mentor.screenshot(path="/tmp/gkc-mentor.png", full_page=True)

    # The direct coach syncs: the note is not on her device, nor on Lee's storyboard.
    sync_now(coach)
    assert local_records(coach, "mentor_note") == []
    open_path(coach, f"/people/{lee_id}")
    expect(coach.get_by_test_id("run-chart")).to_be_visible()
    expect(coach.get_by_text(CAREER_NOTE)).to_have_count(0)
    assert [n["note"] for n in local_records(mentor, "mentor_note")] == [
        CAREER_NOTE + ", on the press line"
    ]


def test_admin_moves_a_person_and_the_old_coachs_device_drops_their_records(
    live_server, new_page, signed_in
):
    ada_id, _ = live_server.invite("Ada Admin", is_admin=True)
    max_id, _ = live_server.invite("Max Oldcoach", manager_id=ada_id)
    live_server.invite("Olga Newcoach", manager_id=ada_id)
    pia_id, _ = live_server.invite("Pia Moving", manager_id=max_id)

    admin = new_page()
    signed_in(admin, ada_id)
    queue(
        admin,
        "goal",
        learnerId=pia_id,
        action="Run the daily huddle",
        reason="A team that sees its own numbers acts on them",
    )
    sync_now(admin)

    old_coach = new_page()
    signed_in(old_coach, max_id)
    expect(old_coach.get_by_test_id("today-goals")).to_contain_text("Run the daily huddle")
    assert [g["action"] for g in local_records(old_coach, "goal")] == ["Run the daily huddle"]

    # People & areas, from the admin's Account screen: add a site and a line, move Pia.
    admin.get_by_role("link", name="Account").click()
    admin.get_by_role("link", name="Manage people & areas").click()
    admin.get_by_label("Area name").fill("Lyon plant")
    admin.get_by_role("button", name="Add area").click()
    expect(admin.get_by_test_id("areas")).to_contain_text("Lyon plant")
    admin.get_by_label("Area name").fill("Press line")
    admin.get_by_label("Kind").select_option("line")
    admin.get_by_label("Inside").select_option(label="Lyon plant")
    admin.get_by_role("button", name="Add area").click()
    expect(admin.get_by_test_id("areas")).to_contain_text("Lyon plant › Press line")
    pia = admin.get_by_test_id("org-person").filter(
        has=admin.get_by_role("heading", name="Pia Moving")
    )
    pia.get_by_label("Pia Moving reports to").select_option(label="Olga Newcoach")
    pia.get_by_label("Pia Moving’s area").select_option(label="Lyon plant › Press line")
    admin.screenshot(path="/tmp/gkc-organisation.png", full_page=True)
    pia.get_by_role("button", name="Save").click()
    expect(admin.get_by_text("Pia Moving moved.")).to_be_visible()
    people = admin.context.request.get("/api/people").json()["people"]
    moved = next(p for p in people if p["id"] == pia_id)
    assert moved["managerId"] != max_id and moved["areaId"] is not None

    # Offline, the screen says it needs the network.
    admin.context.set_offline(True)
    expect(admin.get_by_test_id("org-offline")).to_be_visible()
    admin.context.set_offline(False)

    # The old coach's next sync resyncs: Pia and the goal about her are gone from her device.
    old_coach.get_by_role("button", name="Sync now").click()
    expect(old_coach.get_by_test_id("today-goals")).to_have_count(0)
    expect(old_coach.get_by_text("Run the daily huddle")).to_have_count(0)
    assert local_records(old_coach, "goal") == []
    # She coaches nobody now: Team says so, and where her own work is (no coach load or cap).
    open_path(old_coach, "/team")
    expect(old_coach.get_by_test_id("team-learner")).to_contain_text("Nobody reports to you")
    expect(old_coach.get_by_test_id("team-card")).to_have_count(0)
    expect(old_coach.get_by_test_id("coach-load")).to_have_count(0)


def test_an_admin_is_not_offered_a_manager_that_would_put_her_in_a_chain_she_is_not_in(
    live_server, new_page, signed_in
):
    """The server refuses an admin who moves someone under herself or her own team (403
    own_chain: another admin must do it); the People screen does not offer those managers."""
    root_id, _ = live_server.invite("Rhea Root", is_admin=True)
    live_server.invite("Ravi Underroot", manager_id=root_id)
    ada_id, _ = live_server.invite("Ada Otheradmin", is_admin=True)
    live_server.invite("Sami Underada", manager_id=ada_id)
    live_server.invite("Olu Underada", manager_id=ada_id)

    admin = new_page()
    signed_in(admin, root_id)
    admin.get_by_role("link", name="Account").click()
    admin.get_by_role("link", name="Manage people & areas").click()
    sami = admin.get_by_test_id("org-person").filter(
        has=admin.get_by_role("heading", name="Sami Underada")
    )
    options = sami.get_by_label("Sami Underada reports to").locator("option")
    expect(options).to_contain_text(
        ["No manager (top of the tree)", "Ada Otheradmin", "Olu Underada"]
    )
    labels = options.all_text_contents()
    assert not any("Rhea Root" in label or "Ravi Underroot" in label for label in labels), labels
    # In her own chain the whole tree is hers to arrange: Ravi may go under anyone of hers.
    ravi = admin.get_by_test_id("org-person").filter(
        has=admin.get_by_role("heading", name="Ravi Underroot")
    )
    expect(ravi.get_by_label("Ravi Underroot reports to").locator("option")).to_contain_text(
        ["Rhea Root (you)"]
    )


@pytest.mark.parametrize("width", [390, 1024])
def test_a_very_long_name_wraps_and_never_widens_the_page(live_server, new_page, signed_in, width):
    """A name of 120 letters without a space (a paste gone wrong): the Account and People
    screens stay as wide as the screen, and the confirm dialog's buttons stay in reach."""
    admin_id, _ = live_server.invite(f"Ana Admin {width}", is_admin=True)
    long_name = "X" * 119 + str(width % 10)
    live_server.invite(long_name, manager_id=admin_id)
    admin = new_page(viewport={"width": width, "height": 800})
    signed_in(admin, admin_id)
    admin.get_by_role("link", name="Account").click()
    admin.get_by_role("link", name="Manage people & areas").click()
    card = admin.get_by_test_id("org-person").filter(
        has=admin.get_by_role("heading", name=long_name)
    )
    expect(card).to_be_visible()
    assert admin.evaluate("document.documentElement.scrollWidth") <= width
    card.get_by_role("button", name="Deactivate").click()
    dialog = admin.get_by_role("dialog")
    confirm = dialog.get_by_role("button", name="Deactivate")
    expect(confirm).to_be_visible()
    box = confirm.bounding_box()
    assert 0 <= box["x"] and box["x"] + box["width"] <= width, box
    dialog.get_by_role("button", name="Cancel").click()
    admin.goto("/team")
    expect(admin.get_by_text(long_name)).to_be_visible()
    assert admin.evaluate("document.documentElement.scrollWidth") <= width
