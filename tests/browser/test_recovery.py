"""Recovery without takeover, in the browser: an admin recovers a report's lost phone; the report
enrols on a new phone and sees the notice; their other browser is signed out; the audit log shows
both steps; the manager's own attempt only asks the admins."""

import re

import pytest
from playwright.sync_api import expect

from .user_steps import enrol, sign_in_on_a_second_device

pytestmark = pytest.mark.browser


def open_people(page):
    page.get_by_role("link", name="Account").click()
    page.get_by_role("link", name="Manage people & areas").click()
    expect(page.get_by_role("heading", name="People", exact=True)).to_be_visible()


def person_card(page, name):
    return page.get_by_test_id("org-person").filter(
        has=page.get_by_role("heading", name=re.compile(f"^{name}"))
    )


@pytest.mark.console_errors(r"^http 401 /api/me$")  # the old phone, signed out
def test_an_admin_recovers_a_reports_lost_phone_and_every_step_is_seen(live_server, new_page):
    admin_id, admin_url = live_server.invite("Rita Root", is_admin=True)
    mina_id, mina_url = live_server.invite("Mina Manager")
    leo_id, leo_url = live_server.invite("Leo Lost", manager_id=mina_id)
    admin, manager, old_phone = new_page(), new_page(), new_page()
    enrol(admin, admin_url)
    enrol(manager, mina_url)
    enrol(old_phone, leo_url, nickname="Old phone")
    laptop = sign_in_on_a_second_device(old_phone, new_page)  # Leo's other browser, signed in

    # The manager tries to get Leo back in: it only asks the admins, no link reaches her.
    open_people(manager)
    leo_card = person_card(manager, "Leo Lost")
    leo_card.get_by_role("button", name="Ask an admin for a recovery link").click()
    expect(leo_card.get_by_test_id("recovery-requested")).to_contain_text("Asked the admins")
    expect(manager.get_by_test_id("link-url")).to_have_count(0)

    # The admin sees the request and makes the recovery link.
    open_people(admin)
    request = admin.get_by_test_id("recovery-request")
    expect(request).to_contain_text("Leo Lost")
    expect(request).to_contain_text("Asked by Mina Manager")
    admin.screenshot(path="/tmp/gke-people-admin.png", full_page=True)
    request.get_by_role("button", name="Make recovery link").click()
    admin.get_by_role("dialog").get_by_role("button", name="Make recovery link").click()
    link = request.get_by_test_id("link-url")
    expect(link).to_have_value(re.compile(re.escape(f"{live_server.url}/recovery/") + ".+"))
    recovery_url = link.input_value()

    # Leo, on a new phone (its own authenticator), uses it and is told what happened.
    new_phone = new_page()
    new_phone.goto(recovery_url)
    expect(new_phone.get_by_test_id("invitee")).to_have_text("Welcome back, Leo Lost")
    expect(new_phone.get_by_text("signs you out on every other device")).to_be_visible()
    new_phone.get_by_label("Name this device (optional)").fill("New phone")
    new_phone.get_by_role("button", name="Create passkey").click()
    notice = new_phone.get_by_test_id("recovery-notice")
    expect(notice).to_contain_text("You recovered your account")
    expect(notice).to_contain_text("recovery link from Rita Root")
    expect(notice).to_contain_text("this device's new passkey “New phone”")
    expect(notice).not_to_contain_text("If you did not ask for this")
    new_phone.screenshot(path="/tmp/gke-recovery-notice.png")
    new_phone.get_by_role("link", name="Account").click()
    passkeys = new_phone.get_by_test_id("passkeys")
    expect(passkeys.get_by_role("listitem").filter(has_text="New phone")).to_contain_text(
        "with a recovery link from Rita Root"
    )
    expect(passkeys.get_by_role("listitem").filter(has_text="Old phone")).to_contain_text(
        "with an invite link"
    )
    expect(new_phone.get_by_test_id("my-audit")).to_contain_text("Recovery link used")
    expect(new_phone.get_by_test_id("person-id")).to_contain_text(leo_id)
    new_phone.screenshot(path="/tmp/gke-account.png", full_page=True)
    notice.get_by_role("button", name="Got it").click()
    expect(notice).to_have_count(0)
    new_phone.reload()  # this device remembers that it told Leo
    expect(new_phone.get_by_test_id("account-name")).to_have_text("Leo Lost")
    expect(new_phone.get_by_test_id("recovery-notice")).to_have_count(0)

    # Leo's other browser is signed out at its next request, and told at its next sign-in.
    laptop.get_by_role("button", name="Sync now").click()
    expect(laptop.get_by_text("Your session has ended")).to_be_visible()
    laptop.get_by_role("alert").filter(has_text="Your session has ended").get_by_role(
        "button", name="Sign in"
    ).click()
    expect(laptop.get_by_test_id("recovery-notice")).to_contain_text(
        "Rita Root issued a recovery link"
    )

    # The audit log shows the request, the link issued and the link used, and who did each.
    admin.get_by_role("link", name="Audit log").click()
    admin.get_by_test_id("audit-person").select_option(label="Leo Lost")
    admin.get_by_role("button", name="Show").click()
    events = admin.get_by_test_id("audit-event")
    expect(events.filter(has_text="Recovery link used")).to_contain_text("by Leo Lost")
    expect(events.filter(has_text="Recovery link issued")).to_contain_text(
        "by Rita Root · about Leo Lost"
    )
    expect(events.filter(has_text="Recovery link requested")).to_contain_text("by Mina Manager")
    expect(admin.get_by_role("link", name="Download CSV")).to_have_attribute(
        "href", re.compile(f"personId={leo_id}")
    )
    admin.screenshot(path="/tmp/gke-audit.png", full_page=True)
