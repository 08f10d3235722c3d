"""The coaching loop on two phones: observation → learning goal → challenge → check-ins,
partly offline; the learner takes the challenge on; the coach sees all of it."""

import pytest
from playwright.sync_api import expect

from .coaching_steps import check_in, server_records, sync_now, today
from .user_steps import capture, go_online, wait_for_service_worker

pytestmark = pytest.mark.browser

NOTE = "Thinks a changeover can only start once the press has stopped"


def test_coach_runs_the_loop_offline_and_the_learner_takes_the_challenge_on(
    live_server, new_page, signed_in
):
    maya_id, _ = live_server.invite("Maya Coach")
    lee_id, _ = live_server.invite("Lee Learner", manager_id=maya_id)
    coach = new_page()
    signed_in(coach, maya_id)
    expect(coach.get_by_role("heading", name="Today")).to_be_visible()
    expect(coach.get_by_text("Nothing due today")).to_be_visible()
    wait_for_service_worker(coach)

    # On the shop floor, no network.
    coach.context.set_offline(True)
    capture(coach, NOTE, person="Lee Learner")
    untriaged = coach.get_by_test_id("today-untriaged")
    expect(untriaged).to_contain_text(NOTE)

    # Triage: tick the observation, write the learning goal. The note is private, so the
    # form asks before copying its words into the goal the learner will read (issue 7).
    untriaged.get_by_role("link", name="Triage").click()
    coach.get_by_test_id("pick-observation").filter(has_text=NOTE).click()
    coach.screenshot(path="/tmp/gkc-triage.png")
    coach.get_by_role("button", name="Write learning goal").click()
    expect(coach.get_by_test_id("goal-for")).to_have_text("For Lee Learner")
    expect(coach.get_by_label("Misconception it replaces (optional)")).to_have_value("")
    expect(coach.get_by_test_id("private-source")).to_contain_text(
        "Lee Learner will read the learning goal"
    )
    coach.get_by_role("button", name="Use my note's words").click()
    expect(coach.get_by_label("Misconception it replaces (optional)")).to_have_value(NOTE)
    coach.get_by_label("Action: what they must learn to do").fill(
        "Prepare the next die while the press still runs"
    )
    coach.get_by_label("Reason: the principle behind it").fill(
        "Only work that needs the machine stopped should happen while it is stopped"
    )
    coach.screenshot(path="/tmp/gkc-goal-form.png", full_page=True)
    coach.get_by_role("button", name="Save learning goal").click()
    expect(coach.get_by_test_id("goal-action")).to_have_text(
        "Prepare the next die while the press still runs"
    )
    coach.screenshot(path="/tmp/gkc-goal.png", full_page=True)

    # A problem challenge for that goal.
    coach.get_by_role("link", name="Assign a challenge").click()
    coach.get_by_label("Title").fill("Cut changeover on press 4")
    coach.get_by_role("textbox", name="Problem").fill("Changeover takes 47 minutes; the line waits")
    coach.get_by_label("What you measure").fill("changeover time")
    coach.get_by_label("Baseline").fill("47")
    coach.get_by_label("Target", exact=True).fill("20")
    coach.get_by_label("Unit").fill("min")
    coach.get_by_role("radio", name="Problem").click()
    coach.screenshot(path="/tmp/gkc-challenge-form.png", full_page=True)
    coach.get_by_role("button", name="Assign challenge").click()
    expect(coach.get_by_test_id("challenge-title")).to_have_text("Cut changeover on press 4")
    expect(coach.get_by_test_id("status")).to_have_text("Assigned")

    # Its 5-whys chain, root cause and countermeasure.
    coach.get_by_role("button", name="Add a why").click()
    coach.get_by_label("Why 1").fill("The die is fetched after the press stops")
    coach.get_by_role("button", name="Add a why").click()
    coach.get_by_label("Why 2").fill("Nobody prepares it during the run")
    coach.get_by_label("Root cause").fill("Preparation is treated as internal work")
    coach.get_by_label("Countermeasure").fill("A kit cart ready before the stop")
    coach.get_by_test_id("save-details").click()
    expect(coach.get_by_text("Saved on this device")).to_be_visible()

    # Two check-ins, still offline; the second asks for the next one today.
    check_in(coach, {"engagement": 2, "approach": 2, "resilience": 3}, notes="Timed one changeover")
    check_in(
        coach,
        {"engagement": 3, "approach": 3, "resilience": 4},
        notes="Kit cart drafted",
        next_on=today(coach),
    )
    expect(coach.get_by_test_id("checkin-item")).to_have_count(2)
    expect(coach.get_by_test_id("pending")).to_have_text("6 waiting to sync")
    coach.screenshot(path="/tmp/gkc-challenge-coach.png", full_page=True)

    go_online(coach)
    challenges = server_records(coach, "challenge")
    (challenge,) = challenges.values()
    assert challenge["details"]["whys"] == [
        "The die is fetched after the press stops",
        "Nobody prepares it during the run",
    ]
    assert challenge["target"] == {
        "metric": "changeover time",
        "baseline": 47,
        "value": 20,
        "unit": "min",
    }
    (goal,) = server_records(coach, "goal").values()
    assert challenge["goalId"] == goal["id"] and len(goal["observationIds"]) == 1
    assert len(server_records(coach, "checkin")) == 2

    # The learner, on their own phone: sees it, accepts it, reflects, answers a check-in.
    learner = new_page()
    signed_in(learner, lee_id)
    mine = learner.get_by_test_id("my-challenge")
    expect(mine).to_contain_text("Cut changeover on press 4")
    expect(mine).to_contain_text("accept it")
    # What the coach asked them to learn, and why, is on their Home too, not only behind the
    # challenge.
    goals = learner.get_by_test_id("my-goals")
    expect(goals).to_contain_text("What you are learning")
    expect(goals.get_by_test_id("goal-item")).to_contain_text(
        "Prepare the next die while the press still runs"
    )
    expect(goals.get_by_test_id("goal-item")).to_contain_text(
        "Only work that needs the machine stopped"
    )
    learner.screenshot(path="/tmp/gkc-learner-home.png")
    mine.click()
    # Nothing of the coach's to edit.
    expect(learner.get_by_test_id("coach-panel")).to_have_count(0)
    expect(learner.get_by_role("link", name="Check in")).to_have_count(0)
    expect(learner.get_by_role("link", name="Edit")).to_have_count(0)
    expect(learner.get_by_test_id("save-details")).to_have_count(0)
    expect(learner.get_by_role("button", name="Add a why")).to_have_count(0)
    expect(learner.get_by_test_id("whys")).to_contain_text("Nobody prepares it during the run")
    learner.get_by_test_id("accept").click()
    expect(learner.get_by_test_id("status")).to_have_text("Accepted")
    learner.get_by_label("Actual changeover time now (min)").fill("31")
    learner.get_by_label("Your reflection").fill(
        "The cart saves walking; the dies are the bottleneck"
    )
    learner.get_by_role("button", name="Save reflection").click()
    expect(learner.get_by_test_id("actual")).to_have_text("31 min")
    first = learner.get_by_test_id("checkin-item").filter(has_text="Timed one changeover")
    # Send with nothing written: told what is missing, next to the field, nothing sent.
    first.get_by_role("button", name="Send answer").click()
    expect(first.get_by_role("alert")).to_have_text(
        "Write your answer first: what you will do, or what you found."
    )
    expect(first.get_by_label("Your answer")).to_be_focused()
    expect(first.get_by_label("Your answer")).to_have_attribute("aria-invalid", "true")
    first.get_by_label("Your answer").fill("I will time the next two myself")
    expect(first.get_by_role("alert")).to_be_hidden()
    first.get_by_role("button", name="Send answer").click()
    learner.screenshot(path="/tmp/gkc-challenge-learner.png", full_page=True)
    sync_now(learner)

    # The coach syncs: Today, the challenge and the run chart show all of it.
    coach.get_by_role("link", name="Gembakit").click()
    sync_now(coach)
    due = coach.get_by_test_id("today-due")
    expect(due).to_contain_text("Cut changeover on press 4")
    expect(due).to_contain_text("Check-in due today")
    expect(due.get_by_test_id("status")).to_have_text("Accepted")
    expect(coach.get_by_test_id("today-untriaged")).to_have_count(
        0
    )  # linked to the goal: addressed
    expect(coach.get_by_test_id("today-goals")).to_have_count(0)  # the goal has its challenge
    coach.screenshot(path="/tmp/gkc-today.png", full_page=True)

    due.get_by_test_id("today-checkin").click()
    expect(coach.get_by_test_id("status-history")).to_contain_text("Accepted · Lee Learner")
    expect(coach.get_by_test_id("reflection")).to_contain_text("the dies are the bottleneck")
    expect(coach.get_by_test_id("actual")).to_have_text("31 min")
    expect(coach.get_by_test_id("answer")).to_contain_text("I will time the next two myself")

    go_to_person = coach.get_by_role("link", name="Lee Learner").first
    go_to_person.click()
    chart = coach.get_by_test_id("run-chart")
    expect(chart).to_be_visible()
    expect(chart.locator("[data-point]")).to_have_count(6)  # 3 ratings × 2 check-ins
    expect(chart.locator("polyline")).to_have_count(3)
    points = chart.locator("polyline").evaluate_all(
        "(lines) => lines.map((l) => l.getAttribute('points').trim().split(/\\s+/).length)"
    )
    assert points == [2, 2, 2]
    expect(chart.locator("title")).to_contain_text("2 check-ins")
    expect(chart.locator("desc")).to_contain_text("engagement 3, approach 3, resilience 4")
    expect(coach.get_by_test_id("person-timeline").get_by_text("Addressed")).to_be_visible()
    coach.screenshot(path="/tmp/gkc-person.png", full_page=True)

    coach.get_by_role("link", name="Team").click()  # back from the storyboard
    card = coach.get_by_test_id("team-card").filter(has_text="Lee Learner")
    expect(card.get_by_test_id("active-count")).to_have_text("1 active challenge")
    expect(card.get_by_test_id("since-checkin")).to_have_text("Checked in today")
    expect(card.get_by_test_id("trend")).to_have_text("↑")
    coach.screenshot(path="/tmp/gkc-team.png", full_page=True)
    coach.set_viewport_size({"width": 360, "height": 740})  # the smallest phones in use
    assert coach.evaluate("document.documentElement.scrollWidth") <= 360
    expect(coach.get_by_role("navigation", name="Main").get_by_role("link")).to_have_count(3)
    coach.screenshot(path="/tmp/gkc-team-360.png")
