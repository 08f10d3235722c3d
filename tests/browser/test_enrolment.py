"""Enrolling with passkeys: the first admin's setup link, invites made in the UI, used links."""

import re
import time

import pytest
from playwright.sync_api import expect

from .user_steps import add_authenticator, enrol

pytestmark = pytest.mark.browser


@pytest.mark.console_errors(r"^http 410 /api/invites/")  # the used link, opened again
def test_first_admin_enrols_from_setup_link_signs_out_and_back_in_with_passkey(live_server, page):
    setup_url = live_server.setup_link()
    assert "/setup/" in setup_url

    page.goto(setup_url)
    expect(page.get_by_test_id("invitee")).to_have_text("Welcome, Admin")
    expect(page.get_by_text("first administrator")).to_be_visible()
    # `flask setup` made her "Admin": she gives her own name as she enrols.
    expect(page.get_by_label("Your name")).to_have_value("Admin")
    page.get_by_label("Your name").fill("Alma Admin")
    page.screenshot(path="/tmp/gk-setup.png")

    # On a slow network the profile's answers arrive late: one read before the new name was
    # saved must not bring "Admin" back after it (a fresh-clone CI run caught that race).
    def late_profile(route):
        if route.request.method != "GET":
            return route.continue_()
        answer = route.fetch()  # the server answers now...
        time.sleep(1)  # ...and the answer arrives a second later
        route.fulfill(response=answer)

    page.route("**/api/me", late_profile)
    page.get_by_role("button", name="Create passkey").click()

    expect(page.get_by_role("link", name="Observe")).to_be_visible()
    expect(page.get_by_text("No observations yet")).to_be_visible()
    expect(page.get_by_test_id("pending")).to_have_text("All changes synced")
    page.screenshot(path="/tmp/gk-home-empty.png")

    page.wait_for_timeout(1500)  # every late answer has arrived
    page.get_by_role("link", name="Account").click()
    expect(page.get_by_test_id("account-name")).to_have_text("Alma Admin")
    page.unroute("**/api/me")
    expect(page.get_by_test_id("passkeys").get_by_role("listitem")).to_have_count(1)
    page.screenshot(path="/tmp/gk-account.png", full_page=True)
    page.get_by_role("button", name="Sign out").click()

    expect(page.get_by_role("button", name="Sign in with passkey")).to_be_visible()
    assert page.url.endswith("/signin")
    assert page.context.request.get("/api/me").status == 401

    page.get_by_role("button", name="Sign in with passkey").click()
    expect(page.get_by_role("link", name="Observe")).to_be_visible()
    page.get_by_role("link", name="Account").click()
    expect(page.get_by_test_id("account-name")).to_have_text("Alma Admin")

    # The setup link was used: opening it again says what to do.
    page.goto(setup_url)
    expect(page.get_by_test_id("invite-error")).to_contain_text(
        "Ask your manager for a new invite link"
    )


@pytest.mark.console_errors(r"^http 410 /api/invites/")  # the used link, opened again
def test_invitee_enrols_from_invite_link(live_server, new_page):
    admin = new_page(permissions=["clipboard-read", "clipboard-write"])
    _, admin_url = live_server.invite("Ada Admin", is_admin=True)
    enrol(admin, admin_url)
    admin.get_by_role("link", name="Account").click()
    admin.get_by_label("Name", exact=True).fill("Ines Invitee")
    admin.get_by_label("Reports to").select_option(label="Ada Admin (you)")
    admin.get_by_role("button", name="Create invite link").click()
    link = admin.get_by_test_id("invite-url")
    expect(link).to_have_value(re.compile(re.escape(f"{live_server.url}/invite/") + ".+"))
    invite_url = link.input_value()
    assert invite_url.startswith(f"{live_server.url}/invite/")
    admin.get_by_role("button", name="Copy").click()
    expect(admin.get_by_role("button", name="Copied")).to_be_visible()
    assert admin.evaluate("navigator.clipboard.readText()") == invite_url
    expect(admin.get_by_text("Waiting for their passkey")).to_be_visible()
    admin.screenshot(path="/tmp/gk-invite.png", full_page=True)

    # Opened on the admin's own phone (a tap on the link she just sent): said before anything
    # happens that it would sign her out here, and what becomes of what she has waiting.
    admin.goto(invite_url)
    expect(admin.get_by_test_id("invitee")).to_have_text("Welcome, Ines Invitee")
    expect(admin.get_by_test_id("invite-signed-in")).to_have_text(
        "Ada Admin is signed in on this device. Creating a passkey for Ines Invitee signs Ada "
        "Admin out here; what Ada Admin has waiting stays on this device and is sent at their "
        "next sign-in."
    )

    invitee = new_page()
    invitee.goto(invite_url)
    expect(invitee.get_by_test_id("invitee")).to_have_text("Welcome, Ines Invitee")
    expect(invitee.get_by_test_id("invite-signed-in")).to_have_count(0)
    invitee.get_by_label("Name this device (optional)").fill("Ines's phone")
    invitee.get_by_role("button", name="Create passkey").click()
    expect(invitee.get_by_role("link", name="Observe")).to_be_visible()
    invitee.get_by_role("link", name="Account").click()
    expect(invitee.get_by_test_id("account-name")).to_have_text("Ines Invitee")
    expect(invitee.get_by_test_id("passkeys")).to_contain_text("Ines's phone")
    expect(invitee.get_by_text("Coach: Ada Admin")).to_be_visible()

    # The link is single-use.
    again = new_page()
    again.goto(invite_url)
    expect(again.get_by_test_id("invite-error")).to_contain_text(
        "Ask your manager for a new invite link"
    )


def test_passkeys_can_be_added_renamed_and_removed_but_not_the_last(live_server, page):
    _, url = live_server.invite("Paula Passkeys")
    enrol(page, url, nickname="Work phone")
    page.get_by_role("link", name="Account").click()
    passkeys = page.get_by_test_id("passkeys").get_by_role("listitem")
    expect(passkeys).to_have_count(1)
    expect(passkeys.get_by_role("button", name="Remove")).to_be_disabled()

    # The second passkey comes from another authenticator (as if on a new device).
    page._gembakit_cdp.send(
        "WebAuthn.removeVirtualAuthenticator", {"authenticatorId": page._gembakit_authenticator}
    )
    add_authenticator(page.context, page)
    page.get_by_label("New passkey name (optional)").fill("Tablet")
    page.get_by_role("button", name="Add a passkey on this device").click()
    expect(passkeys).to_have_count(2)

    passkeys.filter(has_text="Tablet").get_by_role("button", name="Rename").click()
    page.get_by_label("Passkey name", exact=True).fill("Workshop tablet")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_test_id("passkeys")).to_contain_text("Workshop tablet")

    passkeys.filter(has_text="Workshop tablet").get_by_role("button", name="Remove").click()
    page.get_by_role("dialog").get_by_role("button", name="Remove").click()
    expect(passkeys).to_have_count(1)
    expect(page.get_by_test_id("passkeys")).to_contain_text("Work phone")


def test_passkeys_work_in_browsers_without_the_webauthn_json_helpers(live_server, page):
    """Older Safari lacks parse*OptionsFromJSON and toJSON(): the base64url fallback must do."""
    page.add_init_script("""
      delete PublicKeyCredential.parseCreationOptionsFromJSON;
      delete PublicKeyCredential.parseRequestOptionsFromJSON;
      delete PublicKeyCredential.prototype.toJSON;
    """)
    _, url = live_server.invite("Sid Safari")
    enrol(page, url)
    assert page.evaluate("typeof PublicKeyCredential.parseRequestOptionsFromJSON") == "undefined"
    page.get_by_role("link", name="Account").click()
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("button", name="Sign in with passkey").click()
    expect(page.get_by_role("link", name="Observe")).to_be_visible()
    page.get_by_role("link", name="Account").click()
    expect(page.get_by_test_id("account-name")).to_have_text("Sid Safari")
