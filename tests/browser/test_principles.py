"""The principles library (issue 13.6, docs/decisions.md §99-§102), on a phone and a tablet: a
coach closes a goal as learned, publishes its principle after rewriting the case without the
learner's name, writes a new goal offline, finds the principle by searching the library on the
device and links it; the library then says it was taught twice."""

import pytest
from playwright.sync_api import expect

from .axe_steps import accessibility_problems, small_targets
from .coaching_steps import open_path, queue, server_records, sync_now
from .user_steps import go_online, wait_for_service_worker

pytestmark = pytest.mark.browser

TABLET = {"width": 1024, "height": 768}
PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("viewport", [PHONE, TABLET], ids=["phone", "tablet"])
def test_a_learned_goal_becomes_a_principle_without_names_that_a_new_goal_finds_offline(
    live_server, new_page, signed_in, viewport
):
    press = f"press {viewport['width']}"  # the library is everyone's: this story's own words
    maya, _ = live_server.invite("Maya Coach")
    lee, _ = live_server.invite("Lee Line", manager_id=maya)
    sam, _ = live_server.invite("Sam Setter", manager_id=maya)
    page = new_page(viewport=viewport)
    signed_in(page, maya)
    wait_for_service_worker(page)
    goal_id = queue(
        page,
        "goal",
        learnerId=lee,
        action=f"Stop the line at the first defect on {press}",
        reason="A defect found where it is made shows its cause; found later it hides it",
        misconception="Stopping the line loses output",
        observationIds=[],
    )
    sync_now(page)

    # Lee learned it: Maya closes the goal as learned and publishes its principle.
    open_path(page, f"/goals/{goal_id}")
    page.get_by_role("button", name="Mark achieved").click()
    page.get_by_test_id("publish-principle-link").click()
    expect(page.get_by_role("heading", name="Publish the principle")).to_be_visible()
    expect(page.get_by_label("Title")).to_have_value(
        f"Stop the line at the first defect on {press}"
    )
    case = page.get_by_label("Worked case")
    expect(case).to_have_value("")  # never copied: she writes it for the library

    # Her first draft names Lee: the form says so and publishes nothing.
    case.fill("Lee let three doubtful parts go; stopping at the first showed the worn die.")
    expect(page.get_by_test_id("names-warning")).to_contain_text("Worked case names Lee")
    for field in ("title", "principle", "misconception"):
        page.get_by_test_id(f"confirm-{field}").check()
    page.get_by_test_id("publish-principle").click()
    expect(page.get_by_role("alert")).to_contain_text("names Lee")
    case.fill(f"An operator on {press} let three doubtful parts go; the first showed the worn die.")
    expect(page.get_by_test_id("names-warning")).to_be_hidden()
    assert accessibility_problems(page) == []
    page.screenshot(path=f"/tmp/gkp-publish-{viewport['width']}.png")  # looked at, not asserted
    page.get_by_test_id("publish-principle").click()
    expect(page.get_by_test_id("principle-title")).to_have_text(
        f"Stop the line at the first defect on {press}"
    )
    principle_id = page.evaluate("location.pathname.split('/').pop()")
    sync_now(page)

    published = server_records(page, "principle")[principle_id]
    assert "goalId" not in published and "Lee" not in str(published)
    assert server_records(page, "goal")[goal_id]["principleId"] == principle_id

    # Offline on the floor, a new goal for Sam: she finds the principle by searching.
    page.context.set_offline(True)
    open_path(page, f"/goals/new?person={sam}")
    page.get_by_label("Action: what they must learn to do").fill("Stop the press at the first burr")
    # The library comes right after the action, while the reason is still empty for it to fill.
    picker_box = page.get_by_test_id("goal-principle-picker").bounding_box()
    reason_box = page.get_by_label("Reason: the principle behind it").bounding_box()
    assert picker_box["y"] < reason_box["y"]
    page.get_by_test_id("goal-principle-search").fill(f"FIRST defect {press.upper()}")
    option = page.get_by_test_id("goal-principle-option")
    expect(option).to_have_count(1)
    option.click()
    expect(page.get_by_test_id("goal-principle-chosen")).to_contain_text(
        f"Teaches: Stop the line at the first defect on {press}"
    )
    expect(page.get_by_label("Reason: the principle behind it")).to_have_value(
        "A defect found where it is made shows its cause; found later it hides it"
    )
    page.get_by_test_id("goal-principle-search").fill("defect")
    page.get_by_test_id("goal-principle-picker").screenshot(
        path=f"/tmp/gkp-picker-{viewport['width']}.png"
    )
    assert accessibility_problems(page) == []
    page.get_by_test_id("goal-principle-search").fill("")
    page.get_by_role("button", name="Save learning goal").click()
    expect(page.get_by_test_id("goal-action")).to_have_text("Stop the press at the first burr")
    expect(page.get_by_test_id("goal-principle")).to_contain_text(
        f"Stop the line at the first defect on {press}"
    )
    assert small_targets(page) == []  # the principle's title is a link a thumb can hit
    go_online(page)

    # The library: found by a search, and taught twice now.
    open_path(page, "/principles")
    page.get_by_label("Search the library").fill(f"worn die {press}")
    item = page.get_by_test_id("principle-item")
    expect(item).to_have_count(1)
    expect(item.get_by_test_id("principle-counts")).to_contain_text("Taught 2 times")
    page.screenshot(path=f"/tmp/gkp-library-{viewport['width']}.png")
    assert accessibility_problems(page) == []
    assert small_targets(page) == []
    item.click()
    expect(page.get_by_test_id("principle-counts")).to_contain_text("Taught 2 times")
    page.screenshot(path=f"/tmp/gkp-one-{viewport['width']}.png", full_page=True)
    assert accessibility_problems(page) == []

    # Its author sharpens the case later; the edit reaches the server like any change.
    page.get_by_role("link", name="Edit").click()
    expect(page.get_by_role("heading", name="Edit the principle")).to_be_visible()
    page.get_by_label("Worked case").fill(
        f"On {press}, the first doubtful part showed the worn die."
    )
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text(f"On {press}, the first doubtful part showed")).to_be_visible()
    sync_now(page)
    assert server_records(page, "principle")[principle_id]["workedCase"].startswith(f"On {press}")

    # Its History, in words: the edit of the worked case under its own label.
    page.get_by_test_id("history-link").click()
    edit = page.get_by_test_id("revision").first
    expect(edit).to_contain_text("Worked case")
    expect(edit).to_contain_text(f"On {press}, the first doubtful part showed the worn die.")
    assert accessibility_problems(page) == []
    page.get_by_role("link", name="Back").click()
    expect(page.get_by_test_id("principle-title")).to_be_visible()


@pytest.mark.parametrize("viewport", [PHONE, TABLET], ids=["phone", "tablet"])
def test_a_principle_that_names_the_learner_never_reaches_the_library_and_its_words_stay_on_refused_changes(
    live_server, new_page, signed_in, viewport
):
    """Past the form (an older app, a script): the server refuses it, and the coach finds her
    words on Refused changes to rewrite, with the reason."""
    maya, _ = live_server.invite("Maya Named")
    zoe, _ = live_server.invite("Zoé Martin", manager_id=maya)
    page = new_page(viewport=viewport)
    signed_in(page, maya)
    goal_id = queue(
        page,
        "goal",
        learnerId=zoe,
        action="Call for help at the first doubt",
        reason="Help that comes early costs minutes; late, it costs the shift",
        observationIds=[],
        status="achieved",
    )
    sync_now(page)
    # The goal had no misconception: the form offers none, so asks no one to reread an empty field.
    open_path(page, f"/principles/new?goal={goal_id}")
    expect(page.get_by_test_id("confirm-title")).to_have_count(1)
    expect(page.get_by_test_id("confirm-principle")).to_have_count(1)
    expect(page.get_by_test_id("confirm-misconception")).to_have_count(0)
    case = f"Zoe waited an hour on press {viewport['width']} before calling anyone."
    queue(
        page,
        "principle",
        goalId=goal_id,
        title="Call early",
        principle="Help that comes early costs minutes",
        workedCase=case,
    )
    expect(page.get_by_text("1 change was refused by the server.")).to_be_visible()
    page.get_by_role("link", name="See why").click()
    refused = page.get_by_test_id("rejected-item")
    expect(refused).to_have_count(1)
    expect(refused).to_contain_text("Publishing a principle")
    expect(refused).to_contain_text("names the learner")
    expect(refused).to_contain_text(case)  # her words, to rewrite without the name
    assert case not in str(server_records(page, "principle"))
    assert accessibility_problems(page) == []
