"""A shared tablet (issue 12 point 4, docs/decisions.md §88-§89): the sign-in screen offers the
people who used the device, one tap then their passkey; Switch person keeps the outbox of the
one who leaves, sent later under their own session; a device marked shared locks when idle,
hides everyone's notes, unlocks with the passkey, and loses nothing it had to send."""

import os

import pytest
from playwright.sync_api import expect

from server.models import Observation

from .axe_steps import accessibility_problems, small_targets
from .coaching_steps import queue
from .user_steps import enrol, swap_authenticator, the_apps_modules, wait_for_service_worker

pytestmark = pytest.mark.browser

TABLET = {"width": 1024, "height": 768}
PHONE = {"width": 390, "height": 844}
VIEWPORTS = {"tablet": TABLET, "phone": PHONE}
# Set GEMBAKIT_SCREENSHOTS=docs to refresh the shared-tablet screenshots in docs/pwa.md.
SHOTS = os.environ.get("GEMBAKIT_SCREENSHOTS")
OFFLINE_LINE = (
    "You are offline: your passkey still unlocks this device. Changes stay on this device and "
    "are sent when the network is back."
)


def shot(page, device, name):
    if SHOTS and device == "tablet":
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"))


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


def authors_of(live_server, text):
    """Who the server has as the author of the note `text` (none if it never arrived)."""
    return live_server.query(
        lambda: [o.author.name for o in Observation.select().where(Observation.note == text)]
    )


def switch_person(page, offline=False):
    page.get_by_role("link", name="Account").click()
    page.get_by_test_id("switch-person").click()
    if offline:  # asked first: nobody can sign in until the network is back
        page.get_by_role("dialog").get_by_role("button", name="Switch anyway").click()
    expect(page.get_by_role("button", name="Sign in with passkey")).to_be_visible()


def tap_person(page, name):
    page.get_by_test_id("device-people").get_by_role("button", name=f"Sign in as {name}").click()
    expect(page.get_by_role("link", name="Observe")).to_be_visible()
    page.get_by_role("link", name="Account").click()
    expect(page.get_by_test_id("account-name")).to_have_text(name)


@pytest.mark.console_errors(
    r"^console\.error: Failed to load resource: net::ERR_INTERNET_DISCONNECTED",
    r"^http 0 /api/sync/push$",
)
@pytest.mark.parametrize("device", VIEWPORTS)
def test_two_people_share_a_tablet_and_each_ones_changes_go_out_under_their_own_session(
    live_server, new_page, device
):
    _, ana_link = live_server.invite(f"Ana Shift {device}")
    _, ben_link = live_server.invite(f"Ben Shift {device}")
    ana, ben = f"Ana Shift {device}", f"Ben Shift {device}"
    page = new_page(viewport=VIEWPORTS[device])

    # Both enrol on the same tablet (two passkeys in its one authenticator).
    enrol(page, ana_link)
    switch_person(page)
    expect(page.get_by_test_id("device-people")).to_contain_text(ana)
    enrol(page, ben_link)

    # Ben notes something offline, then hands over: his change stays queued, his own.
    expect(page.get_by_test_id("last-sync")).not_to_have_text("Syncing…")
    wait_for_service_worker(page)  # the tablet has the app: its screens open offline
    page.context.route("**/api/sync/push", lambda route: route.abort("internetdisconnected"))
    page.context.set_offline(True)
    note(page, f"Ben's offline note {device}")
    expect(page.get_by_test_id("pending")).not_to_have_text("All changes synced")
    switch_person(page, offline=True)
    people = page.get_by_test_id("device-people")
    expect(people.get_by_test_id("device-person")).to_have_count(2)
    expect(people.get_by_role("button", name=f"Sign in as {ben}")).to_contain_text(
        "1 change waiting"
    )
    shot(page, device, "tablet-signin-people")
    assert accessibility_problems(page) == [] and small_targets(page) == []
    page.context.set_offline(False)
    page.context.unroute("**/api/sync/push")

    # One tap on Ana, her passkey (the tablet asks for hers, not Ben's), her session.
    tap_person(page, ana)
    note(page, f"Ana's note {device}")
    page.get_by_role("button", name="Sync now").click()
    expect(page.get_by_test_id("pending")).to_have_text("All changes synced")
    assert authors_of(live_server, f"Ana's note {device}") == [ana]
    assert (
        authors_of(live_server, f"Ben's offline note {device}") == []
    )  # never under Ana's session

    # Back to Ben by one tap: what he left queued goes out now, under his session.
    switch_person(page)
    tap_person(page, ben)
    expect(page.get_by_test_id("pending")).to_have_text("All changes synced")
    assert authors_of(live_server, f"Ben's offline note {device}") == [ben]

    # Ana leaves the tablet for good: forget her name here (Ben's stays).
    switch_person(page)
    page.get_by_role("button", name=f"Forget me on this device ({ana})").click()
    expect(page.get_by_test_id("device-person")).to_have_count(1)
    expect(page.get_by_test_id("device-people")).not_to_contain_text(ana)
    page.reload()
    expect(page.get_by_test_id("device-people")).to_contain_text(ben)
    expect(page.get_by_test_id("device-people")).not_to_contain_text(ana)


@pytest.mark.console_errors(
    r"^console\.error: Failed to load resource: net::ERR_INTERNET_DISCONNECTED"
)
@pytest.mark.parametrize("device", VIEWPORTS)
def test_a_shared_tablet_locks_when_idle_hides_the_notes_and_keeps_syncing(
    live_server, new_page, device
):
    _, cleo_link = live_server.invite(f"Cleo Lock {device}")
    cleo = f"Cleo Lock {device}"
    page = new_page(viewport=VIEWPORTS[device])
    page.clock.install()
    enrol(page, cleo_link)

    # Account: this device is shared, lock after 1 minute.
    page.get_by_role("link", name="Account").click()
    page.get_by_label("This device is shared: lock it when nobody uses it").check()
    page.get_by_label("Lock after").select_option("1")
    assert accessibility_problems(page, "[data-testid=shared-device]") == []

    # Half-way through typing, nobody touches the tablet for a minute: it locks.
    name = page.locator("input[autocomplete=name]")  # Account: your name
    name.fill("Cleo half-typed")
    page.clock.fast_forward("00:50")
    expect(page.get_by_test_id("lock-screen")).to_have_count(0)
    # A sync redraws the screen and the page scrolls by itself: that is nobody using it.
    page.evaluate("document.dispatchEvent(new Event('scroll'))")
    page.clock.fast_forward("00:15")
    lock = page.get_by_test_id("lock-screen")
    expect(lock).to_be_visible()
    expect(lock).to_contain_text(cleo)
    expect(page.get_by_test_id("account-name")).to_have_count(0)
    # Her passkey unlocks it: the same screen, what she was typing still there.
    page.get_by_test_id("unlock").click()
    expect(lock).to_have_count(0)
    expect(name).to_have_value("Cleo half-typed")

    # A note written offline, then the tablet is left alone again.
    page.get_by_role("link", name="Gembakit").click()
    page.context.set_offline(True)
    secret = f"Cleo's private note {device}"
    note(page, secret)
    expect(page.get_by_text(secret)).to_be_visible()
    page.clock.fast_forward("01:05")
    expect(lock).to_be_visible()
    expect(page.get_by_text(secret)).to_have_count(0)  # nobody's notes on a locked screen
    expect(page.get_by_role("link", name="Account")).to_be_hidden()
    # Offline, it says so before anyone taps Unlock: her passkey still unlocks it (§109).
    kept = page.get_by_test_id("lock-kept")
    expect(kept).to_have_text(OFFLINE_LINE)
    shot(page, device, "tablet-locked")
    assert accessibility_problems(page) == [] and small_targets(page) == []

    # Reopened, it is still locked.
    page.context.set_offline(False)
    expect(kept).to_have_text(
        "Changes made before the lock keep syncing while the screen is locked."
    )
    page.reload()
    expect(page.get_by_test_id("lock-screen")).to_be_visible()
    expect(page.get_by_text(secret)).to_have_count(0)

    # Locked, the note still goes out, under Cleo's session.
    page.clock.fast_forward("00:20")
    for _ in range(40):
        if authors_of(live_server, secret):
            break
        page.wait_for_timeout(500)
    assert authors_of(live_server, secret) == [cleo]

    # Her passkey unlocks it: the same screen, her notes back.
    page.get_by_test_id("unlock").click()
    expect(page.get_by_test_id("lock-screen")).to_have_count(0)
    expect(page.get_by_text(secret)).to_be_visible()
    expect(page.get_by_test_id("pending")).to_have_text("All changes synced")


@pytest.mark.parametrize("device", VIEWPORTS)
def test_on_a_shared_device_switch_person_is_in_the_header_in_english_and_in_french(
    live_server, new_page, device
):
    """Issue 12.4 (§105): on a device marked shared, Switch person is one tap from any screen."""
    _, dee_link = live_server.invite(f"Dee Header {device}")
    dee = f"Dee Header {device}"
    page = new_page(viewport=VIEWPORTS[device])
    enrol(page, dee_link)
    header_switch = page.get_by_test_id("header-switch-person")
    expect(header_switch).to_have_count(0)  # a personal device: only in Account

    page.get_by_role("link", name="Account").click()
    page.get_by_label("This device is shared: lock it when nobody uses it").check()
    expect(header_switch).to_be_visible()
    expect(page.get_by_test_id("device-bar")).to_contain_text(f"{dee} · shared device")
    page.get_by_role("link", name="Gembakit").click()  # any screen: Today
    expect(header_switch).to_have_text("Switch person")
    expect(header_switch).to_have_accessible_name("Switch person")
    box = header_switch.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44, box
    assert box["x"] + box["width"] <= VIEWPORTS[device]["width"], box
    assert accessibility_problems(page) == [] and small_targets(page) == []
    page.reload()  # still a shared device after a reload
    expect(header_switch).to_be_visible()

    # In French: the words and the accessible name both change.
    page.get_by_role("link", name="Account").click()
    page.get_by_test_id("language").get_by_role("radio", name="Français").click()
    expect(header_switch).to_have_text("Changer de personne")
    expect(header_switch).to_have_accessible_name("Changer de personne")
    expect(page.get_by_test_id("device-bar")).to_contain_text(f"{dee} · appareil partagé")
    box = header_switch.bounding_box()
    assert box["height"] >= 44 and box["x"] + box["width"] <= VIEWPORTS[device]["width"], box
    shot(page, device, "tablet-header-switch-fr")
    page.screenshot(path=f"/tmp/gk-header-switch-fr-{device}.png")
    assert accessibility_problems(page) == [] and small_targets(page) == []

    # One tap: what waits is sent first; on a slow network the button says so and takes no
    # second tap. Then signed out here, and the sign-in screen offers the people of this device.
    note(page, f"Dee's last note {device}")
    page.route("**/api/sync/push", lambda route: (page.wait_for_timeout(1500), route.continue_()))
    header_switch.click()
    expect(header_switch).to_have_text("Envoi en cours…")
    expect(header_switch).to_be_disabled()
    expect(page.get_by_test_id("device-people")).to_contain_text(dee)
    assert authors_of(live_server, f"Dee's last note {device}") == [dee]
    expect(header_switch).to_have_count(0)  # nobody signed in: no header


# Each row of the header: its height, and any line of text that wrapped or was cut short.
HEADER_ROWS = """() => {
  const rows = {};
  for (const row of document.querySelectorAll('#header > *')) rows[row.className] = Math.round(row.getBoundingClientRect().height);
  const lines = [...document.querySelectorAll('.devicebar__who, .syncbar__text > span, #header .btn')];
  const textHeight = (el) => { const words = document.createRange(); words.selectNodeContents(el); return words.getBoundingClientRect().height; };
  const wrapped = lines.filter((el) => el.getClientRects().length && textHeight(el) > 1.6 * parseFloat(getComputedStyle(el).lineHeight));
  const cut = lines.filter((el) => !el.matches('.devicebar__who') && el.scrollWidth > el.clientWidth + 1);
  return {
    header: Math.round(document.getElementById('header').getBoundingClientRect().height),
    rows,
    wrapped: wrapped.map((el) => el.textContent),
    cut: cut.map((el) => el.textContent),
  };
}"""


@pytest.mark.console_errors(
    r"^console\.error: Failed to load resource: net::ERR_INTERNET_DISCONNECTED"
)
@pytest.mark.parametrize(
    "size",
    [{"width": 360, "height": 640}, {"width": 390, "height": 844}],
    ids=["360x640", "390x844"],
)
def test_on_a_shared_phone_in_french_the_header_stays_as_short_as_in_english(
    live_server, new_page, size
):
    """A shared phone in French: whose session, Switch person and the sync line each keep to one
    row, as in English; the header eats no more of a 360×640 screen than the English one, and
    no French word of the sync line is cut, nor with a change waiting offline."""
    _, link = live_server.invite(f"Dominique Lefèvre {size['width']}")
    page = new_page(viewport=size)
    enrol(page, link)
    page.get_by_role("link", name="Account").click()
    page.get_by_label("This device is shared: lock it when nobody uses it").check()
    page.get_by_role("link", name="Gembakit").click()
    header_switch = page.get_by_test_id("header-switch-person")
    expect(header_switch).to_have_text("Switch person")
    english = page.evaluate(HEADER_ROWS)
    assert english["wrapped"] == [] and english["cut"] == [], english
    assert english["header"] <= 3 * 58, english  # app bar, device bar, sync bar: one row each

    page.get_by_role("link", name="Account").click()
    page.get_by_test_id("language").get_by_role("radio", name="Français").click()
    page.get_by_role("link", name="Gembakit").click()
    expect(header_switch).to_have_text("Changer de personne")
    expect(header_switch).to_have_accessible_name("Changer de personne")
    expect(page.get_by_test_id("pending")).to_have_text("Tout est synchronisé")
    expect(page.get_by_role("button", name="Synchro", exact=True)).to_be_visible()
    french = page.evaluate(HEADER_ROWS)
    assert french["wrapped"] == [] and french["cut"] == [], french
    assert french["header"] <= english["header"] + 4, (english, french)
    box = header_switch.bounding_box()
    assert box["height"] >= 44 and box["x"] + box["width"] <= size["width"], box
    assert accessibility_problems(page) == [] and small_targets(page) == []
    page.screenshot(path=f"/tmp/gk-header-shared-fr-{size['width']}.png")

    # Offline with a note waiting: the pill joins the app bar, the sync line says what waits.
    page.context.set_offline(True)
    expect(page.get_by_test_id("offline")).to_be_visible()
    note(page, f"Note en attente {size['width']}")
    expect(page.get_by_test_id("pending")).to_have_text("1 à synchroniser")
    waiting = page.evaluate(HEADER_ROWS)
    assert waiting["wrapped"] == [] and waiting["cut"] == [], waiting
    assert waiting["header"] <= english["header"] + 4, (english, waiting)
    page.screenshot(path=f"/tmp/gk-header-shared-fr-offline-{size['width']}.png")


@pytest.mark.parametrize("device", VIEWPORTS)
def test_a_locked_shared_tablet_hands_over_with_switch_person_after_sending_what_waits(
    live_server, new_page, device
):
    """The lock screen's Switch person (§88, §89): what waits is sent under its author first,
    the button says so meanwhile, then the sign-in screen offers the people of this device."""
    _, fay_link = live_server.invite(f"Fay Handover {device}")
    fay = f"Fay Handover {device}"
    page = new_page(viewport=VIEWPORTS[device])
    page.clock.install()
    enrol(page, fay_link)
    page.get_by_role("link", name="Account").click()
    page.get_by_label("This device is shared: lock it when nobody uses it").check()
    page.get_by_label("Lock after").select_option("1")
    page.get_by_role("link", name="Gembakit").click()
    page.route("**/api/sync/push", lambda route: (page.wait_for_timeout(1500), route.continue_()))
    note(page, f"Fay's handover note {device}")
    page.clock.fast_forward("01:05")
    expect(page.get_by_test_id("lock-screen")).to_be_visible()

    switch = page.get_by_test_id("lock-switch")
    switch.click()
    expect(switch).to_have_text("Sending changes…")
    expect(switch).to_be_disabled()
    expect(page.get_by_test_id("device-people")).to_contain_text(fay)
    expect(page.get_by_test_id("lock-screen")).to_have_count(0)
    for _ in range(20):
        if authors_of(live_server, f"Fay's handover note {device}"):
            break
        page.wait_for_timeout(250)
    assert authors_of(live_server, f"Fay's handover note {device}") == [fay]


def passkeys_kept_on_the_device(page):
    """How many of the signed-in person's passkey keys the device holds (§109)."""
    return page.evaluate(
        the_apps_modules(
            """async () => {
              const { getKnownPerson } = await import('/js/data/store.js');
              const { currentSession } = await import('/js/session.js');
              const known = await getKnownPerson(currentSession().personId);
              return (known && known.passkeys || []).length;
            }"""
        )
    )


def lock_a_shared_tablet(page, who):
    """Mark the device shared, lock after 1 minute, leave `who`'s Account half-typed, wait."""
    page.get_by_role("link", name="Account").click()
    page.get_by_label("This device is shared: lock it when nobody uses it").check()
    page.get_by_label("Lock after").select_option("1")
    # Marked shared, the device fetches her passkeys' public keys (online, before any lock).
    for _ in range(40):
        if passkeys_kept_on_the_device(page):
            break
        page.wait_for_timeout(250)
    assert passkeys_kept_on_the_device(page) == 1
    name = page.locator("input[autocomplete=name]")
    name.fill(f"{who} half-typed")
    page.clock.fast_forward("01:05")
    expect(page.get_by_test_id("lock-screen")).to_be_visible()
    return name


@pytest.mark.console_errors(
    r"^console\.error: Failed to load resource: net::ERR_(INTERNET_DISCONNECTED|CONNECTION_REFUSED)",
    r"^http 0 /api/",
)
@pytest.mark.parametrize("device", VIEWPORTS)
def test_offline_a_locked_tablet_unlocks_with_her_passkey_and_her_offline_note_syncs_as_hers(
    live_server, new_page, device
):
    """§109: no network in the workshop, the tablet locked: her passkey, checked on the device,
    brings back the screen she was on; what she notes then goes out under her name later."""
    _, gia_link = live_server.invite(f"Gia Offline {device}")
    gia = f"Gia Offline {device}"
    page = new_page(viewport=VIEWPORTS[device])
    page.clock.install()
    enrol(page, gia_link)
    name = lock_a_shared_tablet(page, "Gia")

    page.context.set_offline(True)
    kept = page.get_by_test_id("lock-kept")
    expect(kept).to_have_text(OFFLINE_LINE)
    assert accessibility_problems(page) == [] and small_targets(page) == []
    page.get_by_test_id("unlock").click()  # the virtual authenticator answers with her passkey
    expect(page.get_by_test_id("lock-screen")).to_have_count(0)
    expect(name).to_have_value("Gia half-typed")  # the screen she was on, as she left it
    expect(page.get_by_test_id("account-name")).to_have_text(gia)

    # A note captured offline after unlocking: it waits, then goes out under her name.
    page.get_by_role("link", name="Gembakit").click()
    secret = f"Gia's offline note {device}"
    note(page, secret)
    expect(page.get_by_text(secret)).to_be_visible()
    expect(page.get_by_test_id("pending")).not_to_have_text("All changes synced")
    assert authors_of(live_server, secret) == []
    page.context.set_offline(False)
    page.get_by_role("button", name="Sync now").click()
    expect(page.get_by_test_id("pending")).to_have_text("All changes synced")
    assert authors_of(live_server, secret) == [gia]

    # The network is up but the server does not answer: her passkey, checked here, again.
    page.clock.fast_forward("01:05")
    expect(page.get_by_test_id("lock-screen")).to_be_visible()
    page.route("**/api/**", lambda route: route.abort("connectionrefused"))
    page.get_by_test_id("unlock").click()
    expect(page.get_by_test_id("lock-screen")).to_have_count(0)
    expect(page.get_by_text(secret)).to_be_visible()
    page.unroute("**/api/**")


@pytest.mark.console_errors(
    r"^console\.error: Failed to load resource: net::ERR_INTERNET_DISCONNECTED",
    r"^http 0 /api/",
)
@pytest.mark.parametrize("device", VIEWPORTS)
def test_offline_another_persons_passkey_does_not_unlock_a_tablet_locked_for_her(
    live_server, new_page, device
):
    """§109: offline, only the passkey of the person the tablet is locked for unlocks it; a
    colleague's passkey, or a forged one under her passkey's id, leaves it locked."""
    _, hal_link = live_server.invite(f"Hal Locked {device}")
    _, ivy_link = live_server.invite(f"Ivy Other {device}")
    hal = f"Hal Locked {device}"
    # Ivy's passkey, made on her own phone.
    phone = new_page(viewport=PHONE)
    enrol(phone, ivy_link)
    ivys = phone._gembakit_cdp.send(
        "WebAuthn.getCredentials", {"authenticatorId": phone._gembakit_authenticator}
    )["credentials"]
    page = new_page(viewport=VIEWPORTS[device])
    page.clock.install()
    enrol(page, hal_link)
    name = lock_a_shared_tablet(page, "Hal")
    page.context.set_offline(True)
    expect(page.get_by_test_id("lock-kept")).to_have_text(OFFLINE_LINE)

    # Ivy taps Unlock with her own passkey: the tablet stays locked, and says whose it takes.
    hals = swap_authenticator(page, ivys)
    page.get_by_test_id("unlock").click()
    refused = page.get_by_role("alert")
    expect(refused).to_have_text(
        f"Only {hal}’s passkey unlocks this device while offline. Try again with it, or use "
        "Switch person."
    )
    expect(page.get_by_test_id("lock-screen")).to_be_visible()
    expect(name).to_have_count(0)

    # A passkey under Hal's passkey's id but with another key: its signature does not check.
    forged = dict(hals[0], privateKey=ivys[0]["privateKey"])
    swap_authenticator(page, [forged])
    page.get_by_test_id("unlock").click()
    expect(refused).to_be_visible()
    expect(page.get_by_test_id("lock-screen")).to_be_visible()
    expect(name).to_have_count(0)

    # Hal's own passkey: his screen, still his session.
    swap_authenticator(page, hals)
    page.get_by_test_id("unlock").click()
    expect(page.get_by_test_id("lock-screen")).to_have_count(0)
    expect(name).to_have_value("Hal half-typed")
    expect(page.get_by_test_id("account-name")).to_have_text(hal)


def test_offline_switch_person_asks_first_as_nobody_could_sign_in_until_the_network_is_back(
    live_server, new_page
):
    """On the floor with no network, a tap on Switch person would leave the tablet with nobody
    able to sign in, her included: she is asked first, and may stay signed in."""
    _, link = live_server.invite("Odette Offline")
    page = new_page(viewport=VIEWPORTS["tablet"])
    enrol(page, link)
    page.get_by_role("link", name="Account").click()
    page.get_by_label("This device is shared: lock it when nobody uses it").check()
    wait_for_service_worker(page)
    page.context.set_offline(True)
    header_switch = page.get_by_test_id("header-switch-person")
    header_switch.click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Switch person while offline?")
    expect(dialog).to_contain_text("nobody can sign in on it, you included")
    assert accessibility_problems(page) == []
    dialog.get_by_role("button", name="Stay signed in").click()
    expect(page.get_by_test_id("device-bar")).to_contain_text("Odette Offline")
    expect(header_switch).to_have_text("Switch person")

    header_switch.click()
    page.get_by_role("dialog").get_by_role("button", name="Switch anyway").click()
    expect(page.get_by_role("button", name="Sign in with passkey")).to_be_visible()
    expect(  # the people of this device, for when the network is back
        page.get_by_test_id("device-people").get_by_role("button", name="Sign in as Odette Offline")
    ).to_be_visible()
