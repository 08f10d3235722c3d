"""A phone through a real server restore: the operator restores last night's backup while
the phone holds a change it captured offline (docs/decisions.md §50-51)."""

import pytest
from playwright.sync_api import expect

from server import backup
from server.attachments import FolderStore

from .user_steps import (
    capture,
    observation_cards,
    server_observations,
    wait_for_service_worker,
    wait_until_synced,
)

pytestmark = pytest.mark.browser


@pytest.mark.console_errors(r"^http 409 /api/sync/push$")  # the server asks for a resync
def test_after_a_restore_the_phone_resyncs_and_sends_what_it_still_holds(
    live_server, page, tmp_path, signed_in
):
    config = live_server.app.config
    store = FolderStore(config["ATTACHMENTS_DIR"])
    person_id, _ = live_server.invite("Robin Restore")
    signed_in(page, person_id)
    capture(page, "Captured before the backup")
    wait_until_synced(page)
    backup_file = tmp_path / "nightly.gembakit"
    backup.backup(config["DATABASE_URL"], store, backup_file)

    capture(page, "Delivered after the backup")
    wait_until_synced(page)
    wait_for_service_worker(page)
    page.context.set_offline(True)
    capture(page, "Still waiting on the phone")
    expect(page.get_by_test_id("pending")).to_have_text("1 waiting to sync")

    # The server's disk is lost; the operator restores the nightly backup.
    backup.restore(config["DATABASE_URL"], store, backup_file, force=True)

    page.context.set_offline(False)
    page.get_by_role("button", name="Sync now").click()
    wait_until_synced(page)
    notes = sorted(o["data"]["note"] for o in server_observations(page).values())
    assert notes == ["Captured before the backup", "Still waiting on the phone"]
    # The phone resynced: it shows what the server has, once each, and no ghost of the
    # change the server forgot.
    page.reload()
    expect(observation_cards(page)).to_have_count(2)
    expect(page.get_by_text("Delivered after the backup")).to_have_count(0)
    expect(page.get_by_text("Still waiting on the phone")).to_have_count(1)
