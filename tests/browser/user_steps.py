"""What a person does in the app, as reusable steps for the browser tests."""

import json
import re
import struct
import uuid
import zlib

from playwright.sync_api import expect


APP_MODULE_IMPORT = re.compile(r"import\('(/js/[^'?]+\.js)'\)")


def the_apps_modules(script):
    """Make a page script import the very module instances the app runs. The server names
    every module of a version with the shell's fingerprint (/js/data/outbox.js?v=…, decisions §56);
    a plain /js/data/outbox.js would be a second copy, whose events the app never hears."""
    return APP_MODULE_IMPORT.sub(
        lambda m: f"import('{m.group(1)}' + new URL(document.querySelector('script[type=\"module\"]').src).search)",
        script,
    )


def add_authenticator(context, page):
    """Give `page` a virtual platform authenticator with user verification."""
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    answer = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "ctap2Version": "ctap2_1",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    page._gembakit_cdp = cdp  # keep the session alive with the page
    page._gembakit_authenticator = answer["authenticatorId"]
    return answer["authenticatorId"]


def enrol(page, invite_url, nickname=None):
    """Open an invite or setup link and create a passkey; ends on Home."""
    page.goto(invite_url)
    expect(page.get_by_test_id("invitee")).to_be_visible()
    if nickname:
        page.get_by_label("Name this device (optional)").fill(nickname)
    page.get_by_role("button", name="Create passkey").click()
    expect(page.get_by_role("link", name="Observe")).to_be_visible()
    expect(page.get_by_test_id("pending")).to_have_text("All changes synced")


def evaluate_within(page, script, arg=None, seconds=30):
    """page.evaluate of an async `script` (a function taking `arg`), failing after `seconds`:
    Playwright gives evaluate no timeout, so a promise that never settles (an IndexedDB open
    left blocked, a service worker that never takes control) would hang the whole run. The
    wrapper is composed here, not eval()ed in the page, whose CSP forbids eval."""
    first = json.dumps(script.strip().splitlines()[0][:60])
    wrapped = f"""(arg) => Promise.race([
      ({script})(arg),
      new Promise((_, fail) => setTimeout(() => fail(new Error('no answer in {seconds} s: ' + {first})), {seconds * 1000})),
    ])"""
    return page.evaluate(wrapped, arg)


def wait_for_service_worker(page):
    """Wait until the service worker controls the page (the shell is precached by then)."""
    # page.evaluate, not wait_for_function: the app's CSP forbids the eval() that polling uses.
    evaluate_within(
        page,
        """async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) {
        await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
      }
    }""",
    )


def choose_person(page, name=None):
    """The capture form's person: a chip ("No one" when `name` is None), found by search
    when it is not among the first chips."""
    chips = page.get_by_test_id("person-chips")
    expect(chips.get_by_role("radio").first).to_be_visible()  # the form is drawn
    if name and not chips.get_by_role("radio", name=name, exact=True).count():
        page.get_by_label("Find a person").fill(name)
    chips.get_by_role("radio", name=name or "No one", exact=True).click()


def capture(page, note, kind="Misconception", person=None, shared=False):
    """Home → Observe → person → note → kind → visibility → Save, back on Home. The form
    remembers the last person and kind: this always chooses both."""
    page.get_by_role("link", name="Observe").click()
    choose_person(page, person)
    page.get_by_label("Note").fill(note)
    page.get_by_role("radio", name=kind).click()
    if shared:
        page.get_by_role("radio", name="Shared").click()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("link", name="Observe")).to_be_visible()


def observation_cards(page):
    return page.get_by_test_id("observation")


def server_observations(page):
    """What the server holds for the signed-in person: a pull from a fresh client id."""
    answer = page.context.request.get(f"/api/sync/pull?clientId={uuid.uuid4()}&limit=1000")
    assert answer.ok, answer.text()
    body = answer.json()
    return {c["id"]: c for c in body["changes"] if c["type"] == "observation" and not c["deleted"]}


def go_online(page):
    """Reconnect and wait, without touching anything, until the app has sent everything.

    After a reload while offline, Chromium's emulation may leave navigator.onLine
    true, so no `online` event comes: the app's own retry (at most ~15 s apart
    while the server is unreachable) must notice the network is back.
    """
    page.context.set_offline(False)
    expect(page.get_by_test_id("pending")).to_have_text("All changes synced", timeout=25_000)
    expect(page.get_by_test_id("offline")).to_be_hidden()


def wait_until_synced(page):
    """On Home: no card is marked "waiting to sync" and the header agrees.

    The cards are drawn from the device's store after each save, so a fresh
    change shows its badge until the push that covers it has been answered.
    """
    expect(
        page.get_by_role("link", name="Observe")
    ).to_be_visible()  # on Home, not still on the form
    expect(page.get_by_test_id("badge-pending")).to_have_count(0)
    expect(page.get_by_test_id("pending")).to_have_text("All changes synced")


def swap_authenticator(page, credentials=()):
    """Replace the page's authenticator by a new one holding `credentials`.

    Returns the credentials the old one held. Lets two people use one device
    in a test, each with their own passkey, as on a shared tablet.
    """
    cdp, old = page._gembakit_cdp, page._gembakit_authenticator
    held = cdp.send("WebAuthn.getCredentials", {"authenticatorId": old})["credentials"]
    cdp.send("WebAuthn.removeVirtualAuthenticator", {"authenticatorId": old})
    new = add_authenticator(page.context, page)
    for credential in credentials:
        page._gembakit_cdp.send(
            "WebAuthn.addCredential", {"authenticatorId": new, "credential": credential}
        )
    return held


def sign_out(page, confirm=False):
    page.get_by_role("link", name="Account").click()
    page.get_by_role("button", name="Sign out").click()
    if confirm:
        dialog = page.get_by_role("dialog")
        expect(dialog).to_contain_text("not been synced")
        dialog.get_by_role("button", name="Sign out anyway").click()
    expect(page.get_by_role("button", name="Sign in with passkey")).to_be_visible()


def sign_in_on_a_second_device(device, new_page, **options):
    """The same person on another device, with the same passkey (synced by her password manager)."""
    other = new_page(**options)
    held = device._gembakit_cdp.send(
        "WebAuthn.getCredentials", {"authenticatorId": device._gembakit_authenticator}
    )
    for credential in held["credentials"]:
        other._gembakit_cdp.send(
            "WebAuthn.addCredential",
            {"authenticatorId": other._gembakit_authenticator, "credential": credential},
        )
    other.goto("/signin")
    other.get_by_role("button", name="Sign in with passkey").click()
    expect(other.get_by_role("link", name="Observe")).to_be_visible()
    return other


def push_from_another_device(page, client_id, mutations):
    """What another device of the signed-in person sends: a real push with its own client id."""
    origin = "/".join(page.url.split("/", 3)[:3])
    answer = page.context.request.post(
        "/api/sync/push",
        data={"clientId": client_id, "mutations": mutations},
        headers={"Origin": origin},
    )
    assert answer.ok, answer.text()
    return answer.json()


def png_image(width, height, seed=0):
    """A real PNG of width x height: two bands of vertical stripes (compresses to a few KB)."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    def row(shift):
        return b"\x00" + bytes(
            ((x // 40 * 53 + shift + seed) % 256, (x // 40 * 29 + seed) % 256, (shift * 3) % 256)[c]
            for x in range(width)
            for c in range(3)
        )

    top, bottom = row(17), row(140)
    raw = top * (height // 2) + bottom * (height - height // 2)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 6))
        + chunk(b"IEND", b"")
    )


def device_photos(page):
    """The photos the signed-in person's store holds on this device, decoded: sha256, type, size."""
    return evaluate_within(
        page,
        """async () => {
      const { getCurrentPersonId, openPersonStore, transact, req } = await import('/js/data/store.js');
      const store = await openPersonStore(await getCurrentPersonId());
      const photos = await transact(store.db, ['photos'], 'readonly', (tx) => req(tx.objectStore('photos').getAll()));
      return Promise.all(photos.map(async (p) => {
        const bitmap = await createImageBitmap(p.blob);
        return { sha256: p.sha256, type: p.blob.type, width: bitmap.width, height: bitmap.height, uploaded: p.uploaded };
      }));
    }""",
    )
