"""Honest connection state (issue 12 point 6): offline, server not answering, signed out — each
said in the header with what to do, the waiting count always there; People & areas never asks
to connect to the network when the network is fine but the server is down."""

import json

import pytest
from playwright.sync_api import expect

from .coaching_steps import open_path, queue, sync_now
from .user_steps import server_observations

pytestmark = pytest.mark.browser

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "tablet": {"width": 1024, "height": 768}}
API = "**/api/**"


def answer(status, code):
    def fulfill(route):
        route.fulfill(
            status=status,
            content_type="application/json",
            body=json.dumps({"error": {"code": code, "message": code, "details": None}}),
        )

    return fulfill


def note(page, text):
    return queue(
        page,
        "observation",
        note=text,
        kind="misconception",
        visibility="private",
        observedAt="2026-11-19T08:00:00.000Z",
        photos=[],
    )


@pytest.mark.console_errors(
    r"^http 50[34] /api/",
    r"^http 401 /api/",
    r"^console\.error: Failed to load resource: net::ERR_CONNECTION_REFUSED",
)
@pytest.mark.parametrize("device", VIEWPORTS)
def test_the_header_tells_offline_from_a_server_that_does_not_answer_and_from_signed_out(
    live_server, new_page, signed_in, device
):
    person_id, _ = live_server.invite(f"Cora Connected {device}", is_admin=True)
    page = new_page(viewport=VIEWPORTS[device])
    signed_in(page, person_id)
    pill = page.get_by_test_id("connection")
    pending = page.get_by_test_id("pending")

    # The server answers 503 (a proxy in front of a stopped server) while the network works.
    page.route(API, answer(503, "unavailable"))
    note(page, "Captured while the server is down")
    page.get_by_role("button", name="Sync now").click()
    expect(pill).to_have_text("Server not answering")
    expect(page.get_by_test_id("offline")).to_have_count(0)
    expect(page.get_by_test_id("sync-error")).to_contain_text(
        "Your changes are kept on this device"
    )
    expect(pending).to_have_text("1 waiting to sync")
    page.screenshot(path=f"/tmp/gkc-connection-unreachable-{device}.png")

    # People & areas: the network is fine, so it never says to connect to it.
    open_path(page, "/organisation")
    expect(page.get_by_test_id("org-unreachable")).to_contain_text("The server is not answering")
    expect(page.get_by_text("connect to the network")).to_have_count(0)
    expect(pill).to_have_text("Server not answering")

    # No answer at all (a refused connection: fetch's TypeError): the browser cannot tell it
    # from a missing network, so it is Offline, and the changes still wait.
    page.unroute(API)
    page.route(API, lambda route: route.abort("connectionrefused"))
    page.get_by_role("button", name="Sync now").click()
    expect(page.get_by_test_id("offline")).to_have_text("Offline")
    expect(pending).to_have_text("1 waiting to sync")

    # The network goes: offline, and the waiting count stays.
    page.unroute(API)
    page.context.set_offline(True)
    expect(page.get_by_test_id("offline")).to_have_text("Offline")
    expect(pill).to_have_count(0)
    expect(pending).to_have_text("1 waiting to sync")
    page.get_by_role("button", name="Sync now").click()  # a tap says why nothing goes
    expect(page.get_by_text("You are offline: nothing can be sent now.")).to_be_visible()
    expect(pending).to_have_text("1 waiting to sync")
    page.context.set_offline(False)
    expect(page.get_by_test_id("offline")).to_have_count(0)
    expect(pending).to_have_text("All changes synced")  # the network is back: sent by itself

    # The server answers 401: signed out, with what to do.
    page.route(API, answer(401, "unauthenticated"))
    note(page, "Captured after the session ended")
    note(page, "Captured after the session ended, twice")
    page.get_by_role("button", name="Sync now").click()
    expect(pill).to_have_text("Signed out")
    expect(page.get_by_role("alert").filter(has_text="Sign in to send 2 changes")).to_be_visible()
    expect(pending).to_have_text("2 waiting to sync")
    page.screenshot(path=f"/tmp/gkc-connection-signed-out-{device}.png")

    # All well again: nothing lost.
    page.unroute(API)
    sync_now(page)
    expect(page.get_by_test_id("connection")).to_be_hidden()
    notes = sorted(o["data"]["note"] for o in server_observations(page).values())
    assert notes == [
        "Captured after the session ended",
        "Captured after the session ended, twice",
        "Captured while the server is down",
    ]


@pytest.mark.console_errors(r"^http 50[34] /api/", r"^console\.error: Failed to load resource")
def test_an_app_reopened_while_the_server_is_down_opens_her_notes_not_the_sign_in_screen(
    live_server, new_page, signed_in
):
    """Reopening the app during a server outage (5xx at start) keeps the device's session, as
    being offline does: her notes and the waiting count, never the sign-in screen."""
    person_id, _ = live_server.invite("Oona Outage")
    page = new_page(viewport=VIEWPORTS["phone"])
    signed_in(page, person_id)
    page.context.set_offline(True)
    note(page, "Written before the outage")
    page.context.set_offline(False)
    page.route(API, answer(503, "unavailable"))
    page.reload()
    expect(page.get_by_test_id("pending")).to_have_text("1 waiting to sync")
    expect(page.get_by_text("Written before the outage")).to_be_visible()
    expect(page.get_by_role("button", name="Sign in with passkey")).to_have_count(0)
    page.unroute(API)
    sync_now(page)
    assert [o["data"]["note"] for o in server_observations(page).values()] == [
        "Written before the outage"
    ]
