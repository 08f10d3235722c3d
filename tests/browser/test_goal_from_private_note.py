"""No silent copies of private text: a goal written from a private note asks the coach before
its words reach the learner, and the learner's goal lists no private note."""

import pytest
from playwright.sync_api import expect

from .coaching_steps import open_path, server_records, sync_now
from .user_steps import capture, wait_until_synced

pytestmark = pytest.mark.browser

PRIVATE = "PRIVATE: thinking of moving him off the line, he resists every change"
REWORDED = "Thinks changes are imposed rather than tried"


def test_a_goal_from_a_private_note_is_rewritten_for_the_learner_who_never_sees_the_note(
    live_server, new_page, signed_in
):
    coach_id, _ = live_server.invite("Vera Coach")
    learner_id, _ = live_server.invite("Nils Learner", manager_id=coach_id)
    coach = new_page()
    signed_in(coach, coach_id)
    capture(coach, PRIVATE, person="Nils Learner")
    wait_until_synced(coach)

    open_path(coach, "/triage")
    pick = coach.get_by_test_id("pick-observation").filter(has_text=PRIVATE)
    expect(pick).to_contain_text("private")
    pick.click()
    coach.get_by_role("button", name="Write learning goal").click()

    # Not copied silently: the field is empty and the form says who will read it.
    misconception = coach.get_by_label("Misconception it replaces (optional)")
    expect(misconception).to_have_value("")
    notice = coach.get_by_test_id("private-source")
    expect(notice).to_contain_text(
        "Nils Learner will read the learning goal, misconception included"
    )
    expect(coach.get_by_test_id("private-links")).to_contain_text(
        "the learner's goal lists only shared observations"
    )
    coach.screenshot(path="/tmp/gk-goal-private-source.png", full_page=True)
    notice.get_by_role("button", name="Write it for them").click()
    expect(misconception).to_be_focused()
    misconception.fill(REWORDED)
    coach.get_by_label("Action: what they must learn to do").fill(
        "Try one small change a week with the team"
    )
    coach.get_by_label("Reason: the principle behind it").fill(
        "People own what they try themselves"
    )
    coach.get_by_role("button", name="Save learning goal").click()
    expect(coach.get_by_test_id("goal-action")).to_have_text(
        "Try one small change a week with the team"
    )
    sync_now(coach)
    (coach_goal,) = server_records(coach, "goal").values()
    assert len(coach_goal["observationIds"]) == 1  # the coach keeps her link

    learner = new_page()
    signed_in(learner, learner_id)
    (goal,) = server_records(learner, "goal").values()
    assert goal["misconception"] == REWORDED and goal["observationIds"] == []
    open_path(learner, f"/goals/{goal['id']}")
    expect(learner.get_by_test_id("goal-action")).to_have_text(
        "Try one small change a week with the team"
    )
    expect(learner.get_by_text(REWORDED)).to_be_visible()
    expect(learner.get_by_text("moving him off the line")).to_have_count(0)
