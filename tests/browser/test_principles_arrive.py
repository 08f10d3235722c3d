"""The principles library reaches a goal form already open (docs/decisions.md §102): a coach
on a new device starts a goal before its first sync has brought the library, or while a
colleague publishes; the principle joins the picker when sync brings it, and what she typed
stays. Its own module, so its server's library starts empty."""

import pytest
from playwright.sync_api import expect

from .axe_steps import small_targets
from .coaching_steps import open_path, queue, server_records, sync_now

pytestmark = pytest.mark.browser

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "tablet": {"width": 1024, "height": 768}}


@pytest.mark.parametrize("device", VIEWPORTS)
def test_a_principle_published_while_her_goal_form_is_open_joins_its_picker(
    live_server, new_page, signed_in, device
):
    maya, _ = live_server.invite(f"Maya Writer {device}")
    sam, _ = live_server.invite(f"Sam Setter {device}", manager_id=maya)
    kim, _ = live_server.invite(f"Kim Publisher {device}")
    lee, _ = live_server.invite(f"Lee Line {device}", manager_id=kim)
    page = new_page(viewport=VIEWPORTS[device])
    signed_in(page, maya)
    open_path(page, f"/goals/new?person={sam}")
    page.get_by_label("Action: what they must learn to do").fill("Stop the press at the first burr")
    picker = page.get_by_test_id("goal-principle-picker")
    expect(picker).to_be_hidden()  # nothing in this library yet: no empty search to puzzle over

    # Meanwhile Kim publishes one from her own learner's learned goal, on her own device.
    colleague = new_page(viewport=VIEWPORTS[device])
    signed_in(colleague, kim)
    goal = queue(
        colleague,
        "goal",
        learnerId=lee,
        action="Stop the line at the first defect",
        reason="A defect found where it is made shows its cause",
        observationIds=[],
        status="achieved",
    )
    sync_now(colleague)
    principle = queue(
        colleague,
        "principle",
        goalId=goal,
        title=f"First defect {device}",
        principle="A defect found where it is made shows its cause",
        workedCase="An operator let three doubtful parts go; the first showed the worn die.",
    )
    sync_now(colleague)

    # Maya's sync brings it: the picker shows in the open form, her action untouched.
    sync_now(page)
    expect(picker).to_be_visible()
    expect(page.get_by_label("Action: what they must learn to do")).to_have_value(
        "Stop the press at the first burr"
    )
    page.get_by_test_id("goal-principle-search").fill("defect")
    page.get_by_test_id("goal-principle-option").click()
    expect(page.get_by_label("Reason: the principle behind it")).to_have_value(
        "A defect found where it is made shows its cause"
    )
    assert small_targets(page) == []
    page.get_by_role("button", name="Save learning goal").click()
    expect(page.get_by_test_id("goal-principle")).to_contain_text(f"First defect {device}")

    # Kim takes it back out, so the library is empty again for the next viewport's story.
    open_path(colleague, f"/principles/{principle}")
    colleague.get_by_role("button", name="Remove from the library").click()
    colleague.get_by_role("dialog").get_by_role("button", name="Remove from the library").click()
    expect(colleague.get_by_test_id("principle-item")).to_have_count(0)
    sync_now(colleague)

    # Maya's goal keeps its words and its link; editing its action does not unlink it.
    goal_id = page.evaluate("location.pathname.split('/').pop()")
    sync_now(page)
    expect(page.get_by_test_id("goal-principle")).to_have_count(0)  # no longer shown
    open_path(page, f"/goals/{goal_id}/edit")
    page.get_by_label("Action: what they must learn to do").fill(
        "Stop the press at the first burr, always"
    )
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("goal-action")).to_have_text(
        "Stop the press at the first burr, always"
    )
    sync_now(page)
    assert server_records(page, "goal")[goal_id]["principleId"] == principle
