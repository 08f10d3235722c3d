"""Sync under faults: lost answers, oversized batches, a busy server, a restored device.

The server is real; the faults are injected on the wire with page.route, the
way a flaky shop-floor network would produce them.
"""

import json

import pytest
from playwright.sync_api import expect

from .user_steps import (
    capture,
    observation_cards,
    server_observations,
    wait_for_service_worker,
    wait_until_synced,
)

pytestmark = pytest.mark.browser

PUSH = "**/api/sync/push"


def capture_offline(page, notes):
    wait_for_service_worker(page)
    page.context.set_offline(True)
    for note in notes:
        capture(page, note)
    expect(page.get_by_test_id("pending")).to_have_text(f"{len(notes)} waiting to sync")


@pytest.mark.console_errors(
    r"^console\.error: Failed to load resource: net::ERR_CONNECTION_RESET @ \S+/api/sync/push$"
)  # the lost answer
def test_push_whose_answer_is_lost_is_replayed_without_duplicates(live_server, page, signed_in):
    person_id, _ = live_server.invite("Lia Lostanswer")
    signed_in(page, person_id)
    delivered = []

    def lose_first_answer(route):
        if not delivered:
            response = route.fetch()  # the server applies the batch ...
            delivered.append(response.json())
            route.abort("connectionreset")  # ... but the answer never reaches the phone
        else:
            route.continue_()

    page.route(PUSH, lose_first_answer)
    capture_offline(page, ["First", "Second"])
    page.context.set_offline(False)
    wait_until_synced(page)
    assert [r["status"] for r in delivered[0]["results"]] == ["applied", "applied"]
    assert sorted(o["data"]["note"] for o in server_observations(page).values()) == [
        "First",
        "Second",
    ]
    expect(observation_cards(page)).to_have_count(2)


@pytest.mark.console_errors(r"^http 413 /api/sync/push$")  # batches too large
def test_oversized_batch_is_halved_until_the_server_takes_it(live_server, page, signed_in):
    person_id, _ = live_server.invite("Hal Halving")
    signed_in(page, person_id)
    sizes = []

    def too_large_above_one(route):
        size = len(json.loads(route.request.post_data)["mutations"])
        sizes.append(size)
        if size > 1:
            route.fulfill(
                status=413,
                content_type="application/json",
                body=json.dumps(
                    {"error": {"code": "too_large", "message": "Too large", "details": None}}
                ),
            )
        else:
            route.continue_()

    page.route(PUSH, too_large_above_one)
    capture_offline(page, ["One", "Two", "Three"])
    page.context.set_offline(False)
    wait_until_synced(page)
    assert sizes[0] == 3 and sizes[-3:] == [1, 1, 1]
    assert len(server_observations(page)) == 3


@pytest.mark.console_errors(r"^http 503 /api/sync/push$")  # the busy answer
def test_busy_server_is_retried_after_the_time_it_asks_for(live_server, page, signed_in):
    person_id, _ = live_server.invite("Bea Busy")
    signed_in(page, person_id)
    calls = []

    def busy_once(route):
        calls.append(route.request.post_data)
        if len(calls) == 1:
            route.fulfill(
                status=503,
                headers={"Retry-After": "3"},
                content_type="application/json",
                body=json.dumps(
                    {"error": {"code": "unavailable", "message": "Busy", "details": None}}
                ),
            )
        else:
            route.continue_()

    page.route(PUSH, busy_once)
    capture(page, "Sent once the server has time")
    expect(page.get_by_text("The server is busy (503)")).to_be_visible()
    expect(page.get_by_test_id("pending")).to_have_text("1 waiting to sync")
    wait_until_synced(page)  # no tap needed: the app retries by itself
    expect(page.get_by_text("The server is busy")).to_be_hidden()
    assert len(calls) == 2 and calls[0] == calls[1]  # the very same batch, sent again
    assert len(server_observations(page)) == 1


@pytest.mark.console_errors(r"^http 409 /api/sync/push$")  # the server asks for a resync
def test_device_restored_from_backup_renumbers_its_outbox_and_resyncs(live_server, page, signed_in):
    person_id, _ = live_server.invite("Rex Restored")
    signed_in(page, person_id)
    capture(page, "Synced before the backup")
    wait_until_synced(page)
    # A device restored from an old backup: its counter and cursor are ahead of the server's.
    page.evaluate("""async () => {
      const { getCurrentPersonId, openPersonStore } = await import('/js/data/store.js');
      const store = await openPersonStore(await getCurrentPersonId());
      await store.updateState({ nextMutationId: 40, cursor: '999999999' });
    }""")
    capture(page, "Captured after the restore")
    wait_until_synced(page)
    notes = sorted(o["data"]["note"] for o in server_observations(page).values())
    assert notes == ["Captured after the restore", "Synced before the backup"]
    page.reload()
    expect(observation_cards(page)).to_have_count(2)


def test_purged_tombstones_force_a_full_resync_that_keeps_waiting_changes(
    live_server, page, signed_in
):
    """A cursor older than the purged tombstones gets reset_required while a change waits."""
    import re
    import uuid
    from datetime import datetime, timedelta, timezone

    from server.sync.engine import purge_tombstones

    from .user_steps import push_from_another_device

    person_id, _ = live_server.invite("Pat Purged")
    signed_in(page, person_id)
    capture(page, "Stays on every device")
    capture(page, "Deleted on another device")
    wait_until_synced(page)
    (doomed,) = [
        o
        for o in server_observations(page).values()
        if o["data"]["note"] == "Deleted on another device"
    ]
    page.context.set_offline(True)  # this phone hears nothing of what follows until it reconnects
    expect(page.get_by_test_id("offline")).to_be_visible()
    push_from_another_device(
        page,
        str(uuid.uuid4()),
        [
            {
                "id": 1,
                "name": "observation.delete",
                "args": {"id": doomed["id"], "baseVersion": doomed["version"]},
            }
        ],
    )
    # The weekly purge runs before this phone hears of the delete.
    assert (
        live_server.query(
            lambda: purge_tombstones(
                datetime.now(timezone.utc).replace(tzinfo=None) + timedelta(minutes=1)
            )
        )
        == 1
    )

    held, answers = [], []

    def hold_the_first_pull(route):
        if not held:
            held.append(route)  # answered below, once a change waits in the outbox
            return
        response = route.fetch()
        answers.append(response.json())
        route.fulfill(response=response)

    page.route(re.compile(r"/api/sync/pull\?"), hold_the_first_pull)
    page.context.set_offline(False)  # the app syncs by itself: push (nothing), then the pull, held
    while not held:
        page.wait_for_timeout(50)
    capture(page, "Captured while the resync waits")
    expect(page.get_by_test_id("pending")).to_have_text("1 waiting to sync")

    first = held[0].fetch()
    assert first.json()["reset_required"] is True
    held[0].fulfill(response=first)
    wait_until_synced(page)
    assert answers[0]["changes"] and not any(
        c["deleted"] for c in answers[0]["changes"]
    )  # pulled from the start
    expect(observation_cards(page)).to_have_count(2)
    expect(page.get_by_text("Deleted on another device")).to_have_count(0)
    assert sorted(o["data"]["note"] for o in server_observations(page).values()) == [
        "Captured while the resync waits",
        "Stays on every device",
    ]
    page.reload()
    expect(observation_cards(page)).to_have_count(2)
