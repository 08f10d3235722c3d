"""A change the server refuses is never silently dropped: the person sees why, and what it was."""

import pytest
from playwright.sync_api import expect

from .user_steps import (
    capture,
    choose_person,
    observation_cards,
    server_observations,
    the_apps_modules,
    wait_until_synced,
)

pytestmark = pytest.mark.browser

QUEUE_ABOUT_A_STRANGER = the_apps_modules("""async (personId) => {
  const { getCurrentPersonId, openPersonStore } = await import('/js/data/store.js');
  const { createObservation } = await import('/js/data/outbox.js');
  const store = await openPersonStore(await getCurrentPersonId());
  await createObservation(store, { note: 'Wrote about someone outside my team', kind: 'idea', personId });
}""")


def test_rejected_change_is_shown_with_its_reason_and_data(live_server, page, signed_in):
    stranger_id, _ = live_server.invite("Sam Stranger")
    manager_id, _ = live_server.invite("Rita Rejected")
    live_server.invite("Tom Team", manager_id=manager_id)
    signed_in(page, manager_id)
    capture(page, "A good note that the server accepts")

    # A change the UI would not offer (the person is not in Rita's team), queued like any other.
    page.evaluate(QUEUE_ABOUT_A_STRANGER, stranger_id)

    banner = page.get_by_text("1 change was refused by the server.")
    expect(banner).to_be_visible()
    expect(page.get_by_test_id("pending")).to_have_text("All changes synced")
    expect(observation_cards(page)).to_have_count(1)  # the refused one is not shown as saved
    page.get_by_role("link", name="See why").click()

    item = page.get_by_test_id("rejected-item")
    expect(item).to_have_count(1)
    expect(item).to_contain_text("New observation")
    expect(item).to_contain_text("Reason:")
    expect(item).to_contain_text("Wrote about someone outside my team")
    expect(item).to_contain_text("Idea")
    page.screenshot(path="/tmp/gk-rejected.png")

    # Save again as new: the form comes pre-filled; pick someone she may write about.
    item.get_by_role("link", name="Save again as new").click()
    expect(page.get_by_label("Note")).to_have_value("Wrote about someone outside my team")
    choose_person(page, "Tom Team")
    page.get_by_role("button", name="Save").click()
    wait_until_synced(page)
    expect(banner).to_be_hidden()
    expect(observation_cards(page)).to_have_count(2)
    notes = sorted(o["data"]["note"] for o in server_observations(page).values())
    assert notes == ["A good note that the server accepts", "Wrote about someone outside my team"]

    # Dismiss clears an entry for good.
    page.evaluate(QUEUE_ABOUT_A_STRANGER, stranger_id)
    page.get_by_role("link", name="See why").click()
    page.get_by_role("button", name="Dismiss").click()
    expect(page.get_by_text("Nothing was refused")).to_be_visible()
    expect(page.get_by_text("was refused by the server")).to_be_hidden()
