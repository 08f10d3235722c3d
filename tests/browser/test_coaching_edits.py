"""After the fact: the coach corrects or deletes a check-in (offline, through the outbox) and
links more observations to an existing learning goal; the learner only answers."""

import pytest
from playwright.sync_api import expect

from .coaching_steps import challenge_args, open_path, queue, rate, server_records, sync_now
from .user_steps import go_online, wait_for_service_worker

pytestmark = pytest.mark.browser


def checkin_args(challenge_id, at, notes, engagement=2, approach=2, resilience=3):
    return {
        "challengeId": challenge_id,
        "at": at,
        "engagement": engagement,
        "approach": approach,
        "resilience": resilience,
        "notes": notes,
    }


def test_coach_corrects_and_deletes_check_ins_offline_and_the_learner_only_answers(
    live_server, new_page, signed_in
):
    coach_id, _ = live_server.invite("Cora Coach")
    lee_id, _ = live_server.invite("Leo Learner", manager_id=coach_id)
    coach = new_page()
    signed_in(coach, coach_id)
    wait_for_service_worker(coach)
    challenge = queue(coach, "challenge", **challenge_args(lee_id))
    kept = queue(
        coach, "checkin", **checkin_args(challenge, "2026-11-02T09:00:00Z", "Timed one changeover")
    )
    gone = queue(
        coach,
        "checkin",
        **checkin_args(challenge, "2026-11-09T09:00:00Z", "Typed on the wrong challenge"),
    )
    sync_now(coach)

    # On the shop floor, no network: open the first check-in, prefilled, and correct it.
    coach.context.set_offline(True)
    open_path(coach, f"/challenges/{challenge}")
    coach.get_by_test_id("checkin-item").filter(has_text="Timed one changeover").get_by_role(
        "link", name="Edit check-in"
    ).click()
    expect(coach.get_by_role("heading", name="Edit check-in")).to_be_visible()
    expect(coach.get_by_test_id("rate-engagement").locator('[data-value="2"]')).to_have_attribute(
        "aria-checked", "true"
    )
    expect(coach.get_by_label("Notes")).to_have_value("Timed one changeover")
    rate(coach, {"engagement": 4})
    coach.get_by_label("Notes").fill("Timed two changeovers, led the second")
    coach.get_by_label("Next step").fill("Draft the kit cart list")
    coach.screenshot(path="/tmp/gkc-checkin-edit.png", full_page=True)
    coach.get_by_role("button", name="Save changes").click()
    expect(coach.get_by_test_id("challenge-title")).to_be_visible()
    expect(
        coach.get_by_test_id("checkin-item").filter(has_text="Timed two changeovers")
    ).to_contain_text("Draft the kit cart list")

    # The second one was a mistake: delete it, after a confirm.
    coach.get_by_test_id("checkin-item").filter(
        has_text="Typed on the wrong challenge"
    ).get_by_role("link", name="Edit check-in").click()
    coach.get_by_role("button", name="Delete check-in").click()
    coach.get_by_role("dialog").get_by_role("button", name="Delete").click()
    expect(coach.get_by_test_id("challenge-title")).to_be_visible()
    expect(coach.get_by_test_id("checkin-item")).to_have_count(1)
    expect(coach.get_by_test_id("pending")).to_have_text("2 waiting to sync")

    go_online(coach)
    on_server = server_records(coach, "checkin")
    assert set(on_server) == {kept}, gone
    edited = on_server[kept]
    assert (edited["engagement"], edited["approach"], edited["resilience"]) == (4, 2, 3)
    assert edited["notes"] == "Timed two changeovers, led the second"
    assert edited["nextStep"] == "Draft the kit cart list"

    # The learner answers the check-in; nothing to edit or delete.
    learner = new_page()
    signed_in(learner, lee_id)
    open_path(learner, f"/challenges/{challenge}")
    item = learner.get_by_test_id("checkin-item")
    expect(item).to_have_count(1)
    expect(item.get_by_label("Your answer")).to_be_visible()
    expect(learner.get_by_role("link", name="Edit check-in")).to_have_count(0)
    open_path(learner, f"/challenges/{challenge}/checkins/{kept}")
    expect(learner.get_by_text("not yours to change")).to_be_visible()
    expect(learner.get_by_role("button", name="Delete check-in")).to_have_count(0)
    expect(learner.get_by_role("button", name="Save changes")).to_have_count(0)


def test_coach_links_a_second_observation_to_an_existing_goal(live_server, new_page, signed_in):
    coach_id, _ = live_server.invite("Gil Goalsetter")
    lee_id, _ = live_server.invite("Lia Learner", manager_id=coach_id)
    coach = new_page()
    signed_in(coach, coach_id)
    wait_for_service_worker(coach)

    def observe(note, at):
        return queue(
            coach,
            "observation",
            note=note,
            kind="misconception",
            visibility="private",
            observedAt=at,
            photos=[],
            personId=lee_id,
        )

    first = observe("Waits for the press to stop before fetching the die", "2026-11-02T08:00:00Z")
    second = observe(
        "Walks to the crib for every bolt during the changeover", "2026-11-03T08:00:00Z"
    )
    goal = queue(
        coach,
        "goal",
        learnerId=lee_id,
        action="Prepare the next die while the press still runs",
        reason="Only work that needs the machine stopped should happen while it is stopped",
        observationIds=[first],
    )
    sync_now(coach)

    coach.context.set_offline(True)
    open_path(coach, f"/goals/{goal}")
    more = coach.get_by_test_id("more-observations")
    expect(more.get_by_test_id("pick-observation")).to_have_count(
        1
    )  # the linked one is not offered again
    more.get_by_test_id("pick-observation").filter(has_text="Walks to the crib").click()
    coach.screenshot(path="/tmp/gkc-goal-link.png", full_page=True)
    more.get_by_role("button", name="Link to this goal").click()
    expect(coach.get_by_test_id("more-observations")).to_have_count(0)
    linked = coach.get_by_test_id("observation")
    expect(linked).to_have_count(2)
    expect(
        linked.filter(has_text="Walks to the crib").get_by_test_id("badge-addressed")
    ).to_have_text("Addressed")

    go_online(coach)
    assert server_records(coach, "goal")[goal]["observationIds"] == [first, second]
    coach.get_by_role("link", name="Gembakit").click()
    expect(coach.get_by_test_id("today-untriaged")).to_have_count(0)


def test_a_date_in_the_past_is_caught_before_it_makes_a_check_in_overdue_forever(
    live_server, new_page, signed_in
):
    """A slip of the date picker (a next check-in in 2020, a due date in 1999) would show as
    thousands of days overdue on Today and in Insight: it is said before saving. A past date
    kept unchanged, on an overdue challenge being edited, is not."""
    coach_id, _ = live_server.invite("Petra Past")
    lee_id, _ = live_server.invite("Lars Late", manager_id=coach_id)
    coach = new_page()
    signed_in(coach, coach_id)
    old = queue(
        coach, "challenge", **challenge_args(lee_id, title="Overdue one", dueOn="2026-01-05")
    )

    open_path(coach, f"/challenges/new?person={lee_id}")
    coach.get_by_label("Title").fill("Sort the spares shelf")
    coach.get_by_role("textbox", name="Problem").fill("Spares are hunted for every time")
    coach.get_by_label("What you measure").fill("minutes hunting")
    coach.get_by_label("Target", exact=True).fill("0")
    coach.get_by_role("radio", name="Problem").click()
    coach.get_by_label("Due").fill("1999-01-01")
    coach.get_by_role("button", name="Assign challenge").click()
    expect(coach.get_by_role("alert").filter(has_text="due date")).to_have_text(
        "The due date is in the past: pick today or a later day."
    )
    expect(coach.get_by_label("Due")).to_be_focused()

    open_path(coach, f"/challenges/{old}/checkin")
    rate(coach, {"engagement": 3, "approach": 3, "resilience": 3})
    coach.get_by_label("Next check-in").fill("2020-01-01")
    coach.get_by_test_id("save-checkin").click()
    expect(coach.get_by_role("alert").filter(has_text="next check-in")).to_have_text(
        "The next check-in is before today: pick today or a later day."
    )
    coach.get_by_label("Next check-in").fill("")
    coach.get_by_test_id("save-checkin").click()
    expect(coach.get_by_test_id("challenge-title")).to_have_text("Overdue one")

    open_path(coach, f"/challenges/{old}/edit")
    coach.get_by_label("Title").fill("Overdue one, renamed")
    coach.get_by_role("button", name="Save changes").click()
    expect(coach.get_by_test_id("challenge-title")).to_have_text("Overdue one, renamed")
