"""Reminders in the app (issue 13.5): Today counts the check-ins due and challenges overdue and
puts the count on the app's badge; in Account a coach turns reminders on for this device and
sets quiet hours, which the server keeps for `send-reminders`; signing out unsubscribes the
device. On a phone and a tablet; the card is checked by axe and its targets are 44 px.

Headless Chromium has no push service to subscribe with, so this test grants the notification
permission and stands in for `PushManager.subscribe`/`getSubscription` only (an init script
that returns a subscription with a real P-256 key, and records the applicationServerKey the
app passes); everything else is the app's real path: the permission request, GET
/api/push/key, and the POST and DELETE of /api/push/subscriptions, which a route records and
lets through to the real server. The push itself, from `send-reminders` to a device that
decrypts it, is proven in tests/test_push.py with a real local receiver.
"""

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from ..push_receiver import Receiver
from .axe_steps import accessibility_problems
from .coaching_steps import challenge_args, queue, sync_now

pytestmark = pytest.mark.browser

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "tablet": {"width": 1024, "height": 768}}

FAKE_PUSH = """
(() => {
  const SUBSCRIPTION = %s;
  const KEY = 'test.pushSubscription';
  const made = (json) => ({ endpoint: json.endpoint, toJSON: () => json,
    unsubscribe: async () => { localStorage.removeItem(KEY); return true; } });
  PushManager.prototype.getSubscription = async function () {
    const kept = localStorage.getItem(KEY);
    return kept ? made(JSON.parse(kept)) : null;
  };
  PushManager.prototype.subscribe = async function (options) {
    const key = new Uint8Array(options.applicationServerKey);
    localStorage.setItem('test.subscribedWith', btoa(String.fromCharCode(...key))
      .replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, ''));
    localStorage.setItem(KEY, JSON.stringify(SUBSCRIPTION));
    return made(SUBSCRIPTION);
  };
  window.__badges = [];
  navigator.setAppBadge = async (count) => { window.__badges.push(count); };
  navigator.clearAppBadge = async () => { window.__badges.push(0); };
})();
"""


@pytest.mark.parametrize("device", VIEWPORTS)
def test_a_coach_sees_todays_count_turns_reminders_on_with_quiet_hours_and_off_again(
    live_server, new_page, signed_in, device
):
    from server.models import PushSubscription, ReminderSetting
    from server.push import ensure_key

    public_key = live_server.query(lambda: ensure_key()[0].public_key)  # `flask setup` made it
    maya_id, _ = live_server.invite(f"Maya Reminders {device}")
    lee_id, _ = live_server.invite(f"Lee Reminders {device}", manager_id=maya_id)
    with Receiver() as receiver:  # only for a real key pair: this endpoint is never called
        subscription = receiver.device().subscription()
    subscription["endpoint"] = f"https://push.example.test/send/maya-{device}"

    page = new_page(timezone_id="Europe/Paris", viewport=VIEWPORTS[device])
    page.context.grant_permissions(["notifications"])
    page.add_init_script(FAKE_PUSH % json.dumps(subscription))
    calls = []

    def record(route):
        calls.append((route.request.method, route.request.post_data_json))
        route.continue_()

    page.route("**/api/push/subscriptions", record)
    signed_in(page, maya_id)

    # Today: one check-in due today, one challenge past its due date.
    today = datetime.now(ZoneInfo("Europe/Paris")).date()  # the page's local day
    late = queue(
        page,
        "challenge",
        **challenge_args(
            lee_id, title="Sort the crib", dueOn=(today - timedelta(days=2)).isoformat()
        ),
    )
    due = queue(page, "challenge", **challenge_args(lee_id))
    queue(
        page,
        "checkin",
        challengeId=due,
        at=f"{today - timedelta(days=1)}T07:00:00.000Z",
        engagement=3,
        approach=3,
        resilience=3,
        notes="",
        nextCheckinOn=today.isoformat(),
    )
    sync_now(page)
    expect(page.get_by_test_id("today-reminders")).to_have_text(
        "1 check-in due · 1 challenge overdue"
    )
    assert page.evaluate("window.__badges.at(-1)") == 2
    assert late

    # Account → Reminders: on, with quiet hours over the night.
    page.goto("/account")
    card = page.get_by_test_id("reminders")
    expect(card.get_by_test_id("reminders-status")).to_have_text("Reminders off.")
    assert accessibility_problems(page, include='[data-testid="reminders"]') == []
    switch = card.get_by_label("Send me reminders on this device")
    for target in (
        card.locator("label.check"),
        card.get_by_test_id("reminders-save"),
        card.get_by_test_id("quiet-from"),
        card.get_by_test_id("quiet-to"),
    ):
        assert target.bounding_box()["height"] >= 44  # a thumb's target
    switch.check()
    card.get_by_label("From").fill("21:30")
    card.get_by_label("Until").fill("06:00")
    card.get_by_role("button", name="Save reminders").click()
    expect(card.get_by_test_id("reminders-status")).to_have_text("Reminders on, for 1 device.")

    assert calls == [("POST", subscription)]
    assert page.evaluate("localStorage.getItem('test.subscribedWith')") == public_key
    kept = live_server.query(lambda: ReminderSetting.get(ReminderSetting.person == maya_id))
    assert (kept.enabled, kept.quiet_from, kept.quiet_to, kept.time_zone, kept.language) == (
        True,
        "21:30",
        "06:00",
        "Europe/Paris",
        "en",
    )
    assert (
        live_server.query(
            lambda: PushSubscription.get(
                PushSubscription.endpoint == subscription["endpoint"]
            ).person_id
        )
        == maya_id
    )

    # Back later: the card shows what is on; turning it off unsubscribes this device.
    page.goto("/account")
    expect(switch).to_be_checked()
    expect(card.get_by_label("From")).to_have_value("21:30")
    switch.uncheck()
    card.get_by_role("button", name="Save reminders").click()
    expect(card.get_by_test_id("reminders-status")).to_have_text("Reminders off.")
    assert calls[-1] == ("DELETE", {"endpoint": subscription["endpoint"]})
    assert (
        live_server.query(
            lambda: PushSubscription.select().where(PushSubscription.person == maya_id).count()
        )
        == 0
    )
    assert (
        live_server.query(lambda: ReminderSetting.get(ReminderSetting.person == maya_id).enabled)
        is False
    )

    # On again, then signing out: this device stops showing Maya's reminders (a shared device).
    switch.check()
    card.get_by_role("button", name="Save reminders").click()
    expect(card.get_by_test_id("reminders-status")).to_have_text("Reminders on, for 1 device.")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("button", name="Sign in with passkey")).to_be_visible()
    assert calls[-1] == ("DELETE", {"endpoint": subscription["endpoint"]})
    assert (
        live_server.query(
            lambda: PushSubscription.select().where(PushSubscription.person == maya_id).count()
        )
        == 0
    )


def test_quiet_hours_need_a_start_and_an_end(live_server, new_page, signed_in):
    maya_id, _ = live_server.invite("Maya Quiet")
    page = new_page()
    signed_in(page, maya_id)
    page.goto("/account")
    card = page.get_by_test_id("reminders")
    card.get_by_label("From").fill("21:30")
    card.get_by_role("button", name="Save reminders").click()
    expect(card.get_by_test_id("reminders-status")).to_have_text(
        "Give quiet hours a start and a different end, or leave both empty."
    )
    expect(card.get_by_label("Until")).to_be_focused()


def test_a_push_message_shows_the_reminder_that_opens_its_screen(live_server, new_page, signed_in):
    """The worker's `push` handler, fed a message through the DevTools protocol
    (ServiceWorker.deliverPushMessage: what a push service's delivery triggers, after the
    browser decrypted it): the notification shows the server's words and keeps the screen a
    tap opens; the app badge takes the count."""
    from .user_steps import wait_for_service_worker

    maya_id, _ = live_server.invite("Maya Push Message")
    page = new_page()
    page.context.grant_permissions(["notifications"])
    signed_in(page, maya_id)
    wait_for_service_worker(page)
    cdp = page.context.new_cdp_session(page)
    registrations = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: registrations.extend(event["registrations"]),
    )
    cdp.send("ServiceWorker.enable")
    page.wait_for_timeout(300)
    [registration] = [r for r in registrations if not r.get("isDeleted")]
    message = {
        "title": "Gembakit reminders",
        "body": "Check-in due: Sort the crib",
        "url": "/challenges/c1/checkin",
        "count": 1,
        "tag": "gembakit-reminders",
    }
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {
            "origin": live_server.url,
            "registrationId": registration["registrationId"],
            "data": json.dumps(message),
        },
    )
    shown = page.evaluate("""async () => {
      const registration = await navigator.serviceWorker.ready;
      for (let i = 0; i < 50; i += 1) {
        const [n] = await registration.getNotifications({ tag: 'gembakit-reminders' });
        if (n) return { title: n.title, body: n.body, data: n.data };
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return null;
    }""")
    assert shown == {
        "title": "Gembakit reminders",
        "body": "Check-in due: Sort the crib",
        "data": {"url": "/challenges/c1/checkin"},
    }
