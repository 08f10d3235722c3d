"""Capture in three taps (issue 12 point 1): from any screen, a note about a person is saved in
three taps plus typing — Observe, the person's chip, Save — with the last person and kind
remembered on the device; Private/Shared on screen without scrolling; no control of the form
ever under the sticky Save bar (390×844 and 360×640); offline, nothing captured is lost."""

import pytest
from playwright.sync_api import expect

from .axe_steps import accessibility_problems
from .coaching_steps import challenge_args, local_records, open_path, queue
from .user_steps import (
    observation_cards,
    server_observations,
    wait_for_service_worker,
    wait_until_synced,
)

pytestmark = pytest.mark.browser

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "tablet": {"width": 1024, "height": 768}}

# Every control of the capture form that takes the focus: focused, is its centre on screen and
# not under the Save bar or the header? elementFromPoint must hit the control itself.
COVERED = """() => {
  const form = document.querySelector('form.form--observation');
  const bar = form.querySelector('.form__actions');
  const controls = [...form.querySelectorAll('button, input, textarea, select, a[href]')]
    .filter((el) => !bar.contains(el) && !el.disabled && el.getClientRects().length && el.offsetWidth > 2 && el.offsetHeight > 2);
  const problems = [];
  for (const el of controls) {
    el.focus();
    const box = el.getBoundingClientRect();
    const x = box.left + box.width / 2;
    const y = box.top + box.height / 2;
    const hit = document.elementFromPoint(x, y);
    if (!hit || !(hit === el || el.contains(hit))) {
      problems.push(`${el.tagName} "${(el.getAttribute('aria-label') || el.textContent || el.name || '').trim().slice(0, 30)}" at y=${Math.round(y)}: ${hit ? hit.className || hit.tagName : 'off screen'}`);
    }
  }
  return { checked: controls.length, problems };
}"""


class Taps:
    """Counts the taps of a story (typing is not a tap)."""

    def __init__(self):
        self.count = 0

    def __call__(self, locator):
        self.count += 1
        locator.click()


def people(live_server, device):
    maya_id, _ = live_server.invite(f"Maya Coach {device}")
    reports = [
        live_server.invite(f"{name} {device}", manager_id=maya_id)[0]
        for name in ("Lee Report", "Sam Report")
    ]
    further = [
        live_server.invite(f"{name} {device}", manager_id=reports[0])[0]
        for name in ("Ana Further", "Bo Further", "Cy Further", "Di Further", "Eve Further")
    ]
    return maya_id, reports, further


@pytest.mark.parametrize("device", VIEWPORTS)
def test_a_note_about_a_person_takes_three_taps_from_any_screen_and_remembers_the_person(
    live_server, new_page, signed_in, device
):
    maya_id, (lee_id, sam_id), further = people(live_server, device)
    page = new_page(viewport=VIEWPORTS[device])
    signed_in(page, maya_id)

    # From the Team screen: +, Lee's chip, type, Save.
    open_path(page, "/team")
    tap = Taps()
    tap(page.get_by_test_id("header-observe"))
    chips = page.get_by_test_id("person-chips").get_by_role("radio")
    # No one, then her reports first, then the others (no recent ones yet).
    expect(chips.nth(0)).to_have_text("No one")
    expect(chips.nth(1)).to_have_text(f"Lee Report {device}")
    expect(chips.nth(2)).to_have_text(f"Sam Report {device}")
    # Private/Shared is on screen without scrolling, clear of the Save bar.
    page.screenshot(path=f"/tmp/gkc-capture-{device}.png")
    bar_top = page.locator(".form__actions").bounding_box()["y"]
    shared = page.get_by_role("radio", name="Shared")
    assert shared.bounding_box()["y"] + shared.bounding_box()["height"] <= bar_top
    assert page.evaluate("scrollY") == 0
    page.screenshot(path=f"/tmp/gkc-capture-{device}.png")
    tap(page.get_by_role("radio", name=f"Lee Report {device}", exact=True))
    expect(page.get_by_label("Note")).to_be_focused()  # type at once
    page.keyboard.type("Waits for the team leader before stopping the line")
    tap(page.get_by_role("button", name="Save", exact=True))
    expect(observation_cards(page).first).to_contain_text("Waits for the team leader")
    assert tap.count == 3

    # Next time: Lee and the kind she chose last are already chosen; Observe, type, Save.
    tap = Taps()
    tap(page.get_by_role("link", name="Observe"))
    expect(page.get_by_role("radio", name=f"Lee Report {device}", exact=True)).to_have_attribute(
        "aria-checked", "true"
    )
    page.get_by_role("radio", name="Safety").click()  # one more tap, once: it is remembered
    page.keyboard.type("Restarts the press without checking the guard")
    tap(page.get_by_role("button", name="Save", exact=True))
    tap = Taps()
    tap(page.get_by_role("link", name="Observe"))
    expect(page.get_by_role("radio", name="Safety")).to_have_attribute("aria-checked", "true")
    page.keyboard.type("Leaves the guard open again")
    tap(page.get_by_role("button", name="Save", exact=True))
    assert tap.count == 2
    expect(observation_cards(page)).to_have_count(3)

    # Someone further down, not among the first chips: search, then the chip.
    tap = Taps()
    tap(page.get_by_test_id("header-observe"))
    expect(page.get_by_role("radio", name=f"Eve Further {device}")).to_have_count(0)
    page.get_by_label("Find a person").fill("eve")
    tap(page.get_by_role("radio", name=f"Eve Further {device}", exact=True))
    page.keyboard.type("Great 5S board at cell 4")
    tap(page.get_by_role("button", name="Save", exact=True))
    assert tap.count == 3

    wait_until_synced(page)
    notes = {o["data"]["note"]: o["data"] for o in server_observations(page).values()}
    assert notes["Waits for the team leader before stopping the line"]["personId"] == lee_id
    assert notes["Waits for the team leader before stopping the line"]["kind"] == "misconception"
    assert notes["Leaves the guard open again"]["personId"] == lee_id
    assert notes["Leaves the guard open again"]["kind"] == "safety"
    assert notes["Great 5S board at cell 4"]["personId"] == further[4]
    # The recent person comes right after the reports.
    page.get_by_test_id("header-observe").click()
    expect(page.get_by_test_id("person-chips").get_by_role("radio").nth(1)).to_have_text(
        f"Eve Further {device}"
    )  # last chosen
    expect(page.get_by_test_id("person-chips").get_by_role("radio").nth(2)).to_have_text(
        f"Lee Report {device}"
    )


@pytest.mark.parametrize(
    "size",
    [{"width": 390, "height": 844}, {"width": 360, "height": 640}],
    ids=["390x844", "360x640"],
)
def test_no_control_of_the_capture_form_hides_under_the_save_bar(
    live_server, new_page, signed_in, size
):
    maya_id, _, _ = people(live_server, f"{size['width']}")
    page = new_page(viewport=size)
    signed_in(page, maya_id)
    page.get_by_role("link", name="Observe").click()
    expect(page.get_by_label("Note")).to_be_focused()
    result = page.evaluate(COVERED)
    assert result["checked"] >= 15, result  # people, search, note, visibility, kinds, photos
    assert result["problems"] == []
    page.screenshot(path=f"/tmp/gkc-capture-focus-{size['width']}.png")
    # On the Edit screen too (the same form, with Delete in its bar).
    page.keyboard.type("Counts scrap only at the end of the shift")
    page.get_by_role("button", name="Save", exact=True).click()
    observation_cards(page).first.click()
    expect(page.get_by_role("heading", name="Edit observation")).to_be_visible()
    expect(
        page.locator("form.form--observation").get_by_role("button", name="Delete")
    ).to_be_visible()
    result = page.evaluate(COVERED)
    assert result["checked"] >= 5, result
    assert result["problems"] == []


@pytest.mark.parametrize("device", VIEWPORTS)
def test_offline_capture_in_three_taps_loses_nothing(live_server, new_page, signed_in, device):
    maya_id, (lee_id, sam_id), _ = people(live_server, f"off-{device}")
    page = new_page(viewport=VIEWPORTS[device])
    signed_in(page, maya_id)
    wait_for_service_worker(page)  # the app's files come from the device from now on
    page.context.set_offline(True)
    expect(page.get_by_test_id("offline")).to_be_visible()
    for i, (who, person_id) in enumerate([("Lee", lee_id), ("Sam", sam_id), ("Lee", lee_id)]):
        tap = Taps()
        tap(page.get_by_role("link", name="Observe"))
        tap(page.get_by_role("radio", name=f"{who} Report off-{device}", exact=True))
        page.keyboard.type(f"Offline note {i}")
        tap(page.get_by_role("button", name="Save", exact=True))
        assert tap.count == 3
        expect(page.get_by_test_id("pending")).to_have_text(f"{i + 1} waiting to sync")
    assert len(local_records(page, "observation")) == 3
    page.context.set_offline(False)
    wait_until_synced(page)
    notes = sorted(
        (o["data"]["note"], o["data"]["personId"]) for o in server_observations(page).values()
    )
    assert notes == [
        ("Offline note 0", lee_id),
        ("Offline note 1", sam_id),
        ("Offline note 2", lee_id),
    ]


@pytest.mark.parametrize("device", VIEWPORTS)
def test_a_save_that_cannot_go_through_says_why_in_sight_beside_save(
    live_server, new_page, signed_in, device
):
    """An empty note, a check-in not yet rated: the reason shows in the sticky Save bar,
    wherever the form is scrolled, and the field to fix is marked for a screen reader too."""
    coach, _ = live_server.invite(f"Vera Visible {device}")
    lee, _ = live_server.invite(f"Lee Visible {device}", manager_id=coach)
    page = new_page(viewport=VIEWPORTS[device])
    signed_in(page, coach)
    height = VIEWPORTS[device]["height"]

    def in_sight(locator):
        box = locator.bounding_box()
        return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height

    page.get_by_test_id("header-observe").click()
    page.get_by_test_id("save").click()
    problem = page.get_by_role("alert").filter(has_text="Write a note first")
    expect(problem).to_be_visible()
    assert in_sight(problem)
    page.screenshot(path=f"/tmp/gk-save-problem-{device}.png")  # looked at, not asserted
    note = page.get_by_label("Note", exact=True)
    expect(note).to_be_focused()
    expect(note).to_have_attribute("aria-invalid", "true")
    expect(note).to_have_accessible_description("Write a note first: what did you see?")
    note.fill("Thinks the andon is only for breakdowns")
    page.get_by_test_id("save").click()
    expect(page.get_by_text("Saved on this device")).to_be_visible()

    challenge = queue(page, "challenge", **challenge_args(lee))
    open_path(page, f"/challenges/{challenge}/checkin")
    page.get_by_role("button", name="Save check-in").click()
    rate = page.get_by_role("alert").filter(has_text="first (1 to 4)")
    expect(rate).to_be_visible()
    assert in_sight(rate)
    page.screenshot(path=f"/tmp/gk-save-problem-checkin-{device}.png")
    assert accessibility_problems(page) == []
