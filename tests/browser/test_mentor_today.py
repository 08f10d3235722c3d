"""The mentor's Today: her own coaching first; her coaches' overdue work apart, in a collapsed
section with a count (issue 12 point 7), on a phone and on a tablet."""

import pytest
from playwright.sync_api import expect

from .coaching_steps import challenge_args, open_path, queue, sync_now

pytestmark = pytest.mark.browser

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "tablet": {"width": 1024, "height": 768}}


def checkin(challenge_id, at, next_on):
    return {
        "challengeId": challenge_id,
        "at": at,
        "engagement": 3,
        "approach": 3,
        "resilience": 3,
        "notes": "",
        "nextCheckinOn": next_on,
    }


@pytest.mark.parametrize("device", VIEWPORTS)
def test_the_mentor_sees_her_own_coaching_first_and_her_coaches_overdue_work_folded_away(
    live_server, new_page, signed_in, device
):
    rui_id, _ = live_server.invite(f"Rui Mentor {device}")
    maya_id, _ = live_server.invite(f"Maya Coach {device}", manager_id=rui_id)
    lee_id, _ = live_server.invite(f"Lee Learner {device}", manager_id=maya_id)

    # Maya coaches Lee and is late with two check-ins.
    coach = new_page(viewport=VIEWPORTS[device])
    signed_in(coach, maya_id)
    for title in ("Sort the crib", "Cut changeover on press 4"):
        late = queue(coach, "challenge", **challenge_args(lee_id, title=title))
        queue(coach, "checkin", **checkin(late, "2026-10-01T09:00:00.000Z", "2026-10-08"))
    sync_now(coach)

    # Rui coaches Maya himself, and is late too.
    mentor = new_page(viewport=VIEWPORTS[device])
    signed_in(mentor, rui_id)
    own = queue(mentor, "challenge", **challenge_args(maya_id, title="Run the morning huddle"))
    queue(mentor, "checkin", **checkin(own, "2026-10-01T09:00:00.000Z", "2026-10-15"))
    sync_now(mentor)

    due = mentor.get_by_test_id("today-due")
    expect(due.get_by_test_id("today-checkin")).to_have_count(1)
    expect(due).to_contain_text("Run the morning huddle")
    expect(due).not_to_contain_text("Sort the crib")

    coaches = mentor.get_by_test_id("today-coaches")
    expect(coaches).to_contain_text("Your coaches’ overdue work")
    expect(coaches.get_by_test_id("coaches-count")).to_have_text("2")
    assert coaches.evaluate("(el) => el.tagName") == "DETAILS"
    expect(coaches.get_by_test_id("coaches-item").first).to_be_hidden()  # collapsed: her own first
    own_top = due.bounding_box()["y"]
    assert own_top < coaches.bounding_box()["y"]

    coaches.locator("summary").click()
    items = coaches.get_by_test_id("coaches-item")
    expect(items).to_have_count(2)
    expect(items.first).to_be_visible()
    expect(items.first).to_contain_text(f"Maya Coach {device}: check-in overdue since")
    mentor.screenshot(path=f"/tmp/gkc-mentor-today-{device}.png", full_page=True)

    # Maya's own Today is unchanged: her late check-ins are hers, nothing folded away.
    coach.reload()
    expect(coach.get_by_test_id("today-due").get_by_test_id("today-checkin")).to_have_count(2)
    expect(coach.get_by_test_id("today-coaches")).to_have_count(0)


@pytest.mark.parametrize("device", VIEWPORTS)
def test_a_learner_sees_their_challenges_sorted_and_a_team_screen_without_coach_wording(
    live_server, new_page, signed_in, device
):
    maya_id, _ = live_server.invite(f"Maya Sorter {device}")
    lee_id, _ = live_server.invite(f"Lee Sorted {device}", manager_id=maya_id)
    coach = new_page(viewport=VIEWPORTS[device])
    signed_in(coach, maya_id)
    for title, due in (
        ("Due in March", "2027-03-01"),
        ("Due in January", "2027-01-15"),
        ("Due in February", "2027-02-01"),
    ):
        queue(coach, "challenge", **challenge_args(lee_id, title=title, dueOn=due))
    sync_now(coach)

    learner = new_page(viewport=VIEWPORTS[device])
    signed_in(learner, lee_id)
    items = learner.get_by_test_id("my-challenge")
    expect(items).to_have_count(3)
    titles = [items.nth(i).locator(".item__title").inner_text() for i in range(3)]
    assert titles == ["Due in January", "Due in February", "Due in March"]

    # A learner who types /team gets a screen for them: no coach wording, the way back Home.
    open_path(learner, "/team")
    expect(learner.get_by_test_id("team-learner")).to_contain_text("Nobody reports to you")
    expect(learner.get_by_text("coached by you")).to_have_count(0)
    expect(learner.get_by_test_id("coach-load")).to_have_count(0)
    learner.get_by_role("link", name="Go to your Home").click()
    expect(learner.get_by_test_id("my-challenge")).to_have_count(3)
