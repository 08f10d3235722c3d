"""Helpers by consent: a learner who finished a challenge offers, on their own phone (offline
too), to help others with its topic; a coach in another team finds them by that topic only."""

import pytest
from playwright.sync_api import expect

from .coaching_steps import challenge_args, open_path, queue, sync_now, update
from .user_steps import wait_for_service_worker

pytestmark = pytest.mark.browser


def test_a_learner_offers_help_offline_once_done_and_another_teams_coach_finds_only_that(
    live_server, new_page, signed_in
):
    coach_id, _ = live_server.invite("Hana Coach")
    learner_id, _ = live_server.invite("Omar Offers", manager_id=coach_id)
    other_id, _ = live_server.invite("Ines Elsewhere")
    stuck_id, _ = live_server.invite("Ugo Stuck", manager_id=other_id)

    coach = new_page()
    signed_in(coach, coach_id)
    done = queue(
        coach,
        "challenge",
        **challenge_args(
            learner_id,
            title="Cut changeover on press 4",
            problem="Omar argues with the night shift",
        ),
    )
    sync_now(coach)

    learner = new_page()
    signed_in(learner, learner_id)
    open_path(learner, f"/challenges/{done}")
    expect(learner.get_by_test_id("help-offer")).to_have_count(0)  # not done yet: nothing to offer
    update(coach, "challenge", done, status="done")
    sync_now(coach)
    sync_now(learner)
    expect(learner.get_by_test_id("help-offer")).to_be_visible()

    # Offline on the floor: the offer waits on the phone and goes with the next sync.
    wait_for_service_worker(learner)
    learner.context.set_offline(True)
    learner.get_by_label("Offer to help others with…").fill("Quick changeovers (SMED)")
    learner.get_by_role("button", name="Offer help").click()
    expect(learner.get_by_test_id("help-offer-current")).to_contain_text("Quick changeovers (SMED)")
    expect(learner.get_by_test_id("pending")).to_have_text("1 waiting to sync")
    learner.screenshot(path="/tmp/gk-help-offer.png", full_page=True)
    learner.context.set_offline(False)
    sync_now(learner)

    other = new_page()
    signed_in(other, other_id)
    teamwork = queue(
        other,
        "challenge",
        **challenge_args(stuck_id, mode="teamwork", title="Changeover on line 7"),
    )
    sync_now(other)
    open_path(other, f"/challenges/{teamwork}")
    editor = other.get_by_test_id("editor-teamwork")
    # Find with nothing typed starts from the challenge's own words, shown in the field.
    editor.get_by_role("button", name="Find").click()
    expect(other.get_by_label("Find a helper")).to_have_value("Changeover on line 7")
    expect(other.get_by_test_id("helper-result")).to_contain_text("Omar Offers")
    other.get_by_label("Find a helper").fill("night shift")  # the challenge's own words find nobody
    editor.get_by_role("button", name="Find").click()
    expect(other.get_by_test_id("helper-results")).to_contain_text(
        "Nobody has offered to help with that yet"
    )
    other.get_by_label("Find a helper").fill("changeover")
    editor.get_by_role("button", name="Find").click()
    result = other.get_by_test_id("helper-result")
    expect(result).to_have_count(1)
    expect(result).to_contain_text("Omar Offers")
    expect(result).to_contain_text("Offers help with: Quick changeovers (SMED)")
    expect(result).not_to_contain_text("press 4")
    other.screenshot(path="/tmp/gk-helper-search.png", full_page=True)
    result.get_by_role("button", name="Pick").click()
    expect(other.get_by_test_id("helper")).to_have_text("Helper: Omar Offers")

    # Omar withdraws: nobody finds him any more.
    learner.get_by_role("button", name="Withdraw offer").click()
    sync_now(learner)
    expect(learner.get_by_test_id("help-offer-current")).to_have_count(0)
    editor.get_by_role("button", name="Find").click()
    expect(other.get_by_test_id("helper-result")).to_have_count(0)
