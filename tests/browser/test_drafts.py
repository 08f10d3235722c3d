"""Drafts (docs/decisions.md §121): what a coach half-typed in a form comes back after a
reload, Back or Cancel, offline too, with a line that says so and a Discard that can be
undone; saving drops it; it is one person's own, never shown to the next person on the
device; an edit put back on a record changed meanwhile changes only her own fields."""

import pytest
from playwright.sync_api import expect

from .axe_steps import accessibility_problems
from .coaching_steps import challenge_args, open_path, queue, rate, sync_now, update
from .user_steps import (
    capture,
    choose_person,
    observation_cards,
    wait_for_service_worker,
)

pytestmark = pytest.mark.browser


def notice(page):
    return page.get_by_test_id("draft-notice")


def a_coach_and_her_learner(live_server, new_page, signed_in, coach, learner):
    """A coach signed in on her phone, with one person reporting to her:
    (page, coach id, learner id)."""
    coach_id, _ = live_server.invite(coach)
    learner_id, _ = live_server.invite(learner, manager_id=coach_id)
    page = new_page()
    signed_in(page, coach_id)
    return page, coach_id, learner_id


def reload(page):
    """The app is closed and opened again on the same screen (a reload, offline or not)."""
    page.reload()
    expect(page.locator("form")).to_be_visible()


@pytest.mark.console_errors(
    r"^console\.error: Failed to load resource: net::ERR_INTERNET_DISCONNECTED"
)
def test_a_half_typed_note_comes_back_after_a_reload_offline_with_its_person_and_privacy(
    live_server, new_page, signed_in
):
    page, _, _ = a_coach_and_her_learner(
        live_server, new_page, signed_in, "Dana Drafts", "Lou Line"
    )
    wait_for_service_worker(page)
    page.context.set_offline(True)

    page.get_by_role("link", name="Observe").click()
    choose_person(page, "Lou Line")
    page.get_by_label("Note").fill("Lou restarts the press without checking the guard")
    page.get_by_role("radio", name="Shared").click()
    page.get_by_role("radio", name="Skill gap").click()
    page.wait_for_timeout(400)  # a pause in her typing: the draft is written
    reload(page)

    expect(notice(page)).to_contain_text("Unsaved draft, today")
    expect(page.get_by_label("Note")).to_have_value(
        "Lou restarts the press without checking the guard"
    )
    chips = page.get_by_test_id("person-chips")
    expect(chips.get_by_role("radio", name="Lou Line")).to_have_attribute("aria-checked", "true")
    expect(page.get_by_role("radio", name="Shared")).to_have_attribute("aria-checked", "true")
    expect(page.get_by_role("radio", name="Skill gap")).to_have_attribute("aria-checked", "true")
    page.screenshot(path="/tmp/gk-draft-capture.png")
    assert accessibility_problems(page) == []

    page.get_by_role("button", name="Save").click()
    expect(observation_cards(page).filter(has_text="restarts the press")).to_have_count(1)
    # Saved: the next note starts empty, with nothing to put back.
    page.get_by_role("link", name="Observe").click()
    expect(page.get_by_label("Note")).to_have_value("")
    reload(page)
    expect(page.get_by_label("Note")).to_have_value("")
    expect(notice(page)).to_have_count(0)


def test_cancel_keeps_a_goal_draft_and_discard_clears_it_with_an_undo(
    live_server, new_page, signed_in
):
    page, _, lou_id = a_coach_and_her_learner(
        live_server, new_page, signed_in, "Gil Goals", "Lia Learner"
    )
    open_path(page, f"/goals/new?person={lou_id}")
    page.get_by_label("Action: what they must learn to do").fill("Stop at the first defect")
    page.get_by_label("Reason: the principle behind it").fill("Defects hide their cause later")
    page.get_by_role("link", name="Cancel").click()
    expect(page.locator("form")).to_have_count(0)

    open_path(page, f"/goals/new?person={lou_id}")
    expect(notice(page)).to_be_visible()
    action = page.get_by_label("Action: what they must learn to do")
    expect(action).to_have_value("Stop at the first defect")
    expect(page.get_by_label("Reason: the principle behind it")).to_have_value(
        "Defects hide their cause later"
    )

    page.get_by_test_id("draft-discard").click()
    expect(action).to_have_value("")
    expect(notice(page)).to_have_count(0)
    page.get_by_role("button", name="Undo").click()
    expect(action).to_have_value("Stop at the first defect")
    page.wait_for_timeout(400)
    reload(page)
    expect(page.get_by_label("Action: what they must learn to do")).to_have_value(
        "Stop at the first defect"
    )

    page.get_by_test_id("draft-discard").click()
    expect(page.get_by_role("button", name="Undo")).to_be_visible()
    page.wait_for_timeout(400)
    reload(page)
    expect(page.get_by_label("Action: what they must learn to do")).to_have_value("")
    expect(notice(page)).to_have_count(0)


def test_a_check_in_and_a_challenge_come_back_with_their_taps_numbers_and_mode(
    live_server, new_page, signed_in
):
    page, _, lee_id = a_coach_and_her_learner(
        live_server, new_page, signed_in, "Cass Checkin", "Lee Later"
    )
    challenge = queue(page, "challenge", **challenge_args(lee_id))
    sync_now(page)

    open_path(page, f"/challenges/{challenge}/checkin")
    rate(page, {"engagement": 3, "approach": 2})
    page.get_by_label("Notes").fill("Tried the new kit cart twice")
    page.wait_for_timeout(400)
    reload(page)
    expect(notice(page)).to_be_visible()
    for key, value in {"engagement": "3", "approach": "2"}.items():
        expect(
            page.get_by_test_id(f"rate-{key}").locator(f'[data-value="{value}"]')
        ).to_have_attribute("aria-checked", "true")
    expect(page.get_by_label("Notes")).to_have_value("Tried the new kit cart twice")
    # Discard: the form as it opens, taps included (a rating left chosen would be saved).
    page.get_by_test_id("draft-discard").click()
    expect(page.get_by_label("Notes")).to_have_value("")
    for key in ("engagement", "approach"):
        expect(page.get_by_test_id(f"rate-{key}").locator('[aria-checked="true"]')).to_have_count(0)
    expect(notice(page)).to_have_count(0)

    open_path(page, f"/challenges/new?person={lee_id}")
    page.get_by_label("Title").fill("Halve the changeover")
    page.get_by_label("Baseline").fill("47,5")
    page.get_by_role("radio", name="Kaizen").click()
    page.wait_for_timeout(400)
    reload(page)
    expect(page.get_by_label("Title")).to_have_value("Halve the changeover")
    expect(page.get_by_label("Baseline")).to_have_value("47,5")
    expect(page.get_by_role("radio", name="Kaizen")).to_have_attribute("aria-checked", "true")


def test_an_unsaved_edit_put_back_over_a_newer_version_changes_only_her_own_field(
    live_server, new_page, signed_in
):
    coach_id, _ = live_server.invite("Eda Edits")
    page = new_page()
    signed_in(page, coach_id)
    note = queue(
        page,
        "observation",
        note="Kit cart is packed at the line",
        kind="misconception",
        visibility="private",
        observedAt="2026-11-19T08:00:00.000Z",
        photos=[],
    )
    sync_now(page)
    open_path(page, f"/observations/{note}")
    page.get_by_label("Note").fill("Kit cart is packed at the line, by the operator")
    page.wait_for_timeout(400)
    # Meanwhile the note changes on this device's records (as a sync would bring): shared now.
    page.get_by_role("link", name="Cancel").click()
    update(page, "observation", note, visibility="shared")
    sync_now(page)

    open_path(page, f"/observations/{note}")
    expect(notice(page)).to_be_visible()
    expect(page.get_by_label("Note")).to_have_value(
        "Kit cart is packed at the line, by the operator"
    )
    # Her draft never held the privacy: the newer "Shared" stands.
    expect(page.get_by_role("radio", name="Shared")).to_have_attribute("aria-checked", "true")

    # She deletes the note, then takes the delete back: the note is as saved, no old draft.
    page.get_by_role("button", name="Delete").click()
    page.get_by_role("button", name="Undo").click()
    open_path(page, f"/observations/{note}")
    expect(page.get_by_label("Note")).to_have_value("Kit cart is packed at the line")
    expect(notice(page)).to_have_count(0)


def test_a_draft_is_its_writers_own_on_a_shared_device(live_server, new_page, signed_in):
    ann_id, _ = live_server.invite("Ann Private")
    bob_id, _ = live_server.invite("Bob Next")
    page = new_page()
    signed_in(page, ann_id)
    page.get_by_role("link", name="Observe").click()
    page.get_by_label("Note").fill("Ann's private worry about the night shift")
    page.wait_for_timeout(400)

    signed_in(page, bob_id)
    page.get_by_role("link", name="Observe").click()
    expect(page.get_by_label("Note")).to_have_value("")
    expect(notice(page)).to_have_count(0)
    assert "night shift" not in page.content()


def test_a_draft_about_one_person_stays_about_them_when_capture_opens_for_another(
    live_server, new_page, signed_in
):
    page, coach_id, _ = a_coach_and_her_learner(
        live_server, new_page, signed_in, "Wes Whom", "Uma Unsaved"
    )
    vic_id, _ = live_server.invite("Vic Other", manager_id=coach_id)
    capture(page, "Uma runs the press well", person="Uma Unsaved")
    # The next note starts with Uma, the last person: she types it and is called away.
    page.get_by_role("link", name="Observe").click()
    chips = page.get_by_test_id("person-chips")
    expect(chips.get_by_role("radio", name="Uma Unsaved")).to_have_attribute("aria-checked", "true")
    page.get_by_label("Note").fill("Uma skips the first-piece check")
    page.wait_for_timeout(400)
    # Later, Observe is opened from Vic's page: the draft about Uma comes back about Uma.
    open_path(page, f"/observe?person={vic_id}")
    expect(notice(page)).to_be_visible()
    expect(page.get_by_label("Note")).to_have_value("Uma skips the first-piece check")
    expect(chips.get_by_role("radio", name="Uma Unsaved")).to_have_attribute("aria-checked", "true")


def test_a_goal_draft_put_back_with_a_private_notes_words_still_warns_the_learner_reads_them(
    live_server, new_page, signed_in
):
    page, _, nils_id = a_coach_and_her_learner(
        live_server, new_page, signed_in, "Pia Private", "Nico Reads"
    )
    words = "He thinks the andon is for emergencies only"
    note = queue(
        page,
        "observation",
        note=words,
        kind="misconception",
        visibility="private",
        personId=nils_id,
        observedAt="2026-11-19T08:00:00.000Z",
        photos=[],
    )
    open_path(page, f"/goals/new?person={nils_id}&obs={note}")
    page.get_by_role("button", name="Use my note's words").click()
    expect(page.get_by_test_id("private-source")).to_contain_text("Copied from your private note")
    page.wait_for_timeout(400)
    reload(page)
    expect(page.get_by_label("Misconception it replaces (optional)")).to_have_value(words)
    expect(page.get_by_test_id("private-source")).to_contain_text(
        "Copied from your private note. Nico Reads will read it on this goal"
    )
