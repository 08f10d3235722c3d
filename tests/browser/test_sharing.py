"""Who sees what: a shared observation reaches the learner, a private one stays with its author."""

import pytest
from playwright.sync_api import expect

from .user_steps import capture, observation_cards, wait_until_synced

pytestmark = pytest.mark.browser


def test_shared_observation_reaches_the_learner_private_one_does_not(
    live_server, new_page, signed_in
):
    manager_id, _ = live_server.invite("Mia Coach")
    learner_id, _ = live_server.invite("Leo Learner", manager_id=manager_id)

    coach = new_page()
    signed_in(coach, manager_id)
    capture(coach, "Measures only the output, never the process", person="Leo Learner", shared=True)
    capture(
        coach, "Might be bored by the current job; check before assigning", person="Leo Learner"
    )
    wait_until_synced(coach)
    expect(observation_cards(coach)).to_have_count(2)

    learner = new_page()
    signed_in(learner, learner_id)
    cards = observation_cards(learner)
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("Measures only the output, never the process")
    expect(cards.first).to_contain_text("by Mia Coach")
    expect(learner.get_by_text("Might be bored")).to_have_count(0)
    learner.screenshot(path="/tmp/gk-learner.png")

    # The learner reads it; it is not theirs to edit.
    cards.first.click()
    expect(learner.get_by_text("from Mia Coach")).to_be_visible()
    expect(learner.get_by_role("button", name="Save changes")).to_have_count(0)

    # The coach turns the private note into a shared one; the learner gets it on the next sync.
    observation_cards(coach).filter(has_text="Might be bored").click()
    coach.get_by_role("radio", name="Shared").click()
    coach.get_by_role("button", name="Save changes").click()
    wait_until_synced(coach)

    learner.get_by_role("link", name="Gembakit").click()
    learner.get_by_role("button", name="Sync now").click()
    expect(observation_cards(learner)).to_have_count(2)

    # ... and back to private: it disappears from the learner's device.
    observation_cards(coach).filter(has_text="Might be bored").click()
    coach.get_by_role("radio", name="Private").click()
    coach.get_by_role("button", name="Save changes").click()
    wait_until_synced(coach)
    learner.get_by_role("button", name="Sync now").click()
    expect(observation_cards(learner)).to_have_count(1)
