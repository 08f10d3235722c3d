"""History per viewer: a note's private versions stay with its author after it is shared."""

import pytest
from playwright.sync_api import expect

from .user_steps import capture, observation_cards, wait_until_synced

pytestmark = pytest.mark.browser

DRAFT = "PRIVATE DRAFT: thinking of moving him off the line"
SHARED = "Waits for the team leader before stopping the line"


def test_a_learner_opens_the_history_of_a_note_that_was_private_and_sees_only_the_shared_versions(
    live_server, new_page, signed_in
):
    coach_id, _ = live_server.invite("Mona Coach")
    learner_id, _ = live_server.invite("Luc Learner", manager_id=coach_id)

    coach = new_page()
    signed_in(coach, coach_id)
    capture(coach, DRAFT, person="Luc Learner")
    wait_until_synced(coach)
    # She rewrites the draft for Luc and shares it, then adds a detail.
    observation_cards(coach).first.click()
    coach.get_by_label("Note").fill(SHARED)
    coach.get_by_role("radio", name="Shared").click()
    coach.get_by_role("button", name="Save changes").click()
    wait_until_synced(coach)
    observation_cards(coach).first.click()
    coach.get_by_label("Note").fill(SHARED + ", twice this week")
    coach.get_by_role("button", name="Save changes").click()
    wait_until_synced(coach)

    learner = new_page()
    signed_in(learner, learner_id)
    expect(observation_cards(learner)).to_have_count(1)
    observation_cards(learner).first.click()
    learner.get_by_role("link", name="History").click()
    revisions = learner.get_by_test_id("revision")
    expect(revisions).to_have_count(2)  # newest first: the detail, then the note as shared
    expect(revisions.nth(0)).to_contain_text("twice this week")
    expect(revisions.nth(1)).to_contain_text("Shared with you, as it read then")
    expect(revisions.nth(1)).to_contain_text(SHARED)
    expect(learner.get_by_text("PRIVATE DRAFT")).to_have_count(0)
    learner.screenshot(path="/tmp/gk-history-learner.png", full_page=True)

    # The author still reads every version, her private draft included.
    observation_cards(coach).first.click()
    coach.get_by_role("link", name="History").click()
    expect(coach.get_by_test_id("revision")).to_have_count(3)
    expect(coach.get_by_test_id("revision").nth(2)).to_contain_text(DRAFT)
