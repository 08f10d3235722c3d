"""Tablets use their screen (issue 12 point 2, docs/decisions.md §87): on a 1024×768 landscape
tablet Today sits beside the challenge it opens and Team beside the person, the challenge's
details and check-ins are two columns and its A3 is four boxes side by side; on a 390×844
phone every screen stays one column."""

import os

import pytest
from playwright.sync_api import expect

from .axe_steps import accessibility_problems
from .coaching_steps import challenge_args, go, queue, sync_now, today

pytestmark = pytest.mark.browser

TABLET = {"width": 1024, "height": 768}
PHONE = {"width": 390, "height": 844}
# Set GEMBAKIT_SCREENSHOTS=docs to refresh the tablet screenshots in docs/pwa.md.
SHOTS = os.environ.get("GEMBAKIT_SCREENSHOTS")


def box(locator):
    """Where `locator` is on the screen, once it is there: a live screen may redraw (a sync
    answering) between finding an element and measuring it, and a redrawn node is measured anew."""
    for _ in range(50):
        expect(locator).to_be_visible()
        found = locator.bounding_box()
        if found:
            return found
        locator.page.wait_for_timeout(100)
    raise AssertionError(f"{locator} never stayed on the screen long enough to be measured")


def side_by_side(left, right):
    """`left` ends before `right` begins, and they share some height: two panes, not a column."""
    a, b = box(left), box(right)
    assert a["x"] + a["width"] <= b["x"] + 1, (a, b)
    assert a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"], (a, b)


def one_above_the_other(top, below):
    a, b = box(top), box(below)
    assert a["y"] + a["height"] <= b["y"] + 1, (a, b)


def shot(page, name):
    if SHOTS:
        page.evaluate("document.getElementById('toast').replaceChildren()")  # a passing message
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"))


def a_coach_with_a_problem_to_solve(live_server, new_page, signed_in, viewport):
    carla, _ = live_server.invite("Carla Coach")
    lee, _ = live_server.invite("Lee Learner", manager_id=carla)
    page = new_page(viewport=viewport)
    signed_in(page, carla)
    challenge = queue(page, "challenge", **challenge_args(lee))
    # Checked in yesterday, next check-in today: on Today's list.
    day = today(page)
    queue(
        page,
        "checkin",
        challengeId=challenge,
        at=f"{day}T06:00:00Z",
        nextCheckinOn=day,
        engagement=3,
        approach=2,
        resilience=3,
        notes="Measured three changeovers",
    )
    sync_now(page)
    return page, lee


def test_on_a_tablet_today_team_and_the_challenge_use_the_width(live_server, new_page, signed_in):
    page, lee = a_coach_with_a_problem_to_solve(live_server, new_page, signed_in, TABLET)

    # Today: the list on the left, a hint where the challenge will open.
    listed = page.get_by_test_id("split-list")
    side_by_side(listed, page.get_by_test_id("split-empty"))
    expect(page.get_by_test_id("split-empty")).to_have_text(
        "Open an item from the list: it shows here, beside it."
    )
    shot(page, "tablet-today")

    # One tap on the challenge: it opens on the right, the list stays and marks it.
    listed.get_by_text("Cut changeover on press 4").first.click()
    detail = page.get_by_test_id("split-detail")
    expect(detail.get_by_test_id("challenge-title")).to_have_text("Cut changeover on press 4")
    side_by_side(listed, detail)
    expect(listed.locator("[aria-current=page]").first).to_contain_text("Cut changeover on press 4")

    # The challenge in two columns: target and problem on the left, check-ins on the right;
    # the A3 below them as boxes: problem | root cause over countermeasure | check.
    side_by_side(detail.locator(".challenge-main"), detail.get_by_test_id("checkins"))
    side_by_side(detail.get_by_test_id("a3-problem"), detail.get_by_test_id("a3-cause"))
    side_by_side(detail.get_by_test_id("a3-countermeasure"), detail.get_by_test_id("a3-check"))
    one_above_the_other(
        detail.get_by_test_id("a3-problem"), detail.get_by_test_id("a3-countermeasure")
    )
    shot(page, "tablet-challenge")
    assert accessibility_problems(page, "#main") == []
    detail.get_by_label("Root cause").fill("No standard for die change")
    detail.get_by_label("Countermeasure").fill("SMED: prepare dies while the press runs")
    detail.get_by_test_id("save-details").click()
    sync_now(page)
    detail.get_by_test_id("mode-section").scroll_into_view_if_needed()
    page.evaluate(
        "window.scrollBy(0, document.querySelector('[data-testid=mode-section]').getBoundingClientRect().top - 120)"
    )
    shot(page, "tablet-a3")

    # Team: the list on the left; a person opens on the right with their storyboard.
    go(page, "Team")
    team = page.get_by_test_id("split-list")
    side_by_side(team, page.get_by_test_id("split-empty"))
    team.get_by_test_id("team-card").filter(has_text="Lee Learner").click()
    person = page.get_by_test_id("split-detail")
    expect(person.get_by_role("heading", name="Lee Learner", level=1)).to_be_visible()
    side_by_side(team, person)
    side_by_side(person.get_by_test_id("person-goals"), person.get_by_test_id("person-challenges"))
    shot(page, "tablet-person")
    assert accessibility_problems(page, "#main") == []

    # From the person, their challenge opens beside Team, where she was, with what was saved;
    # the tab bar still marks Team, after a reload too; Back returns to the person.
    person.get_by_text("Cut changeover on press 4").first.click()
    expect(page.get_by_test_id("split-detail").get_by_test_id("challenge-title")).to_be_visible()
    assert (
        page.get_by_test_id("split-detail").get_by_label("Root cause").input_value()
        == "No standard for die change"
    )
    tabs = page.get_by_role("navigation", name="Main")
    for _ in range(2):
        expect(page.get_by_test_id("split-list").get_by_test_id("team-card").first).to_be_visible()
        expect(tabs.get_by_role("link", name="Team")).to_have_attribute("aria-current", "page")
        expect(tabs.get_by_role("link", name="Today")).not_to_have_attribute("aria-current", "page")
        page.reload()
        expect(
            page.get_by_test_id("split-detail").get_by_test_id("challenge-title")
        ).to_be_visible()
    page.go_back()
    expect(person.get_by_role("heading", name="Lee Learner", level=1)).to_be_visible()
    person.get_by_text("Cut changeover on press 4").first.click()
    expect(page.get_by_test_id("split-detail").get_by_test_id("challenge-title")).to_be_visible()

    # Turned to portrait (768 wide): one column again, the same screen.
    page.set_viewport_size({"width": 768, "height": 1024})
    expect(page.get_by_test_id("split")).to_have_count(0)
    expect(page.get_by_test_id("challenge-title")).to_be_visible()


def test_on_a_phone_every_screen_stays_one_column(live_server, new_page, signed_in):
    page, lee = a_coach_with_a_problem_to_solve(live_server, new_page, signed_in, PHONE)

    expect(page.get_by_test_id("split")).to_have_count(0)
    page.get_by_text("Cut changeover on press 4").first.click()
    expect(page.get_by_test_id("challenge-title")).to_be_visible()
    expect(page.get_by_test_id("split")).to_have_count(0)
    # Details, the A3, then the check-ins: one column, in the phone's order.
    one_above_the_other(page.get_by_test_id("target"), page.get_by_test_id("mode-section"))
    one_above_the_other(page.get_by_test_id("a3-problem"), page.get_by_test_id("a3-cause"))
    one_above_the_other(page.get_by_test_id("a3-countermeasure"), page.get_by_test_id("a3-check"))
    one_above_the_other(page.get_by_test_id("mode-section"), page.get_by_test_id("checkins"))

    page.go_back()
    go(page, "Team")
    expect(page.get_by_test_id("split")).to_have_count(0)
    page.get_by_test_id("team-card").filter(has_text="Lee Learner").click()
    expect(page.get_by_role("heading", name="Lee Learner", level=1)).to_be_visible()
    expect(page.get_by_test_id("split")).to_have_count(0)
    one_above_the_other(
        page.get_by_test_id("person-goals"), page.get_by_test_id("person-challenges")
    )


def test_beside_an_empty_today_the_tablet_says_what_will_fill_the_list_not_to_open_an_item(
    live_server, new_page, signed_in
):
    cleo, _ = live_server.invite("Cleo New Coach")
    noa, _ = live_server.invite("Noa New", manager_id=cleo)
    page = new_page(viewport=TABLET)
    signed_in(page, cleo)
    empty = page.get_by_test_id("split-empty")
    side_by_side(page.get_by_test_id("split-list"), empty)
    expect(empty).to_contain_text("Nothing to open yet.")
    # Her first challenge arrives in the list: now the hint says to open it.
    queue(page, "challenge", **challenge_args(noa, dueOn="2000-01-03"))  # past due: on Today
    expect(page.get_by_test_id("split-list").get_by_test_id("today-past-due-item")).to_have_count(1)
    expect(empty).to_have_text("Open an item from the list: it shows here, beside it.")
