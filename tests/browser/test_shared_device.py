"""One device, several people: each person's notes and outbox stay theirs."""

import pytest
from playwright.sync_api import expect

from .user_steps import (
    capture,
    enrol,
    go_online,
    observation_cards,
    server_observations,
    sign_out,
    swap_authenticator,
    wait_for_service_worker,
    wait_until_synced,
)

pytestmark = pytest.mark.browser


def observations_by_author(live_server):
    from server.models import Observation, Person

    def count():
        rows = (
            Observation.select(Observation, Person)
            .join(Person, on=Observation.author)
            .where(~Observation.deleted)
        )
        return sorted((o.author.name, o.note) for o in rows)

    return live_server.query(count)


def end_sessions_of(live_server, person_id):
    from server.models import Person

    live_server.query(
        lambda: Person.update(session_epoch=Person.session_epoch + 1)
        .where(Person.id == person_id)
        .execute()
    )


def test_shared_tablet_never_sends_one_persons_changes_under_anothers_session(live_server, page):
    _, ana_url = live_server.invite("Ana Tablet")
    _, bo_url = live_server.invite("Bo Tablet")

    enrol(page, ana_url)
    capture(page, "Ana: online note")
    wait_until_synced(page)
    wait_for_service_worker(page)

    page.context.set_offline(True)
    capture(page, "Ana: captured offline, not sent yet")
    expect(page.get_by_test_id("pending")).to_have_text("1 waiting to sync")
    # Signing out with a change waiting asks first, and keeps it on the device.
    sign_out(page, confirm=True)
    page.context.set_offline(False)

    ana_passkey = swap_authenticator(page)
    enrol(page, bo_url)
    expect(page.get_by_text("No observations yet")).to_be_visible()
    capture(page, "Bo: his own note")
    wait_until_synced(page)
    assert [o["data"]["note"] for o in server_observations(page).values()] == ["Bo: his own note"]
    assert observations_by_author(live_server) == [
        ("Ana Tablet", "Ana: online note"),
        ("Bo Tablet", "Bo: his own note"),
    ]

    sign_out(page)  # nothing waiting: no question asked
    swap_authenticator(page, ana_passkey)
    page.get_by_role("button", name="Sign in with passkey").click()
    expect(observation_cards(page)).to_have_count(2)
    wait_until_synced(page)
    expect(page.get_by_text("Bo: his own note")).to_have_count(0)
    assert observations_by_author(live_server) == [
        ("Ana Tablet", "Ana: captured offline, not sent yet"),
        ("Ana Tablet", "Ana: online note"),
        ("Bo Tablet", "Bo: his own note"),
    ]


@pytest.mark.console_errors(
    r"^http 401 /api/(me|sync/pull|sync/push)$"
)  # the ended session, whichever call meets it first
def test_expired_session_keeps_changes_and_sends_them_after_signing_in_again(live_server, page):
    kai_id, url = live_server.invite("Kai Expired")
    enrol(page, url)
    end_sessions_of(live_server, kai_id)  # e.g. signed out everywhere from another device

    capture(page, "Captured after the session ended")
    expect(page.get_by_text("Your session has ended")).to_be_visible()
    expect(page.get_by_test_id("pending")).to_have_text("1 waiting to sync")
    page.screenshot(path="/tmp/gk-expired.png")

    page.get_by_role("alert").filter(has_text="Your session has ended").get_by_role(
        "button", name="Sign in"
    ).click()
    wait_until_synced(page)
    expect(page.get_by_text("Your session has ended")).to_be_hidden()
    assert [o["data"]["note"] for o in server_observations(page).values()] == [
        "Captured after the session ended"
    ]


def test_offline_start_opens_the_last_persons_notes_without_signing_in(live_server, page):
    _, url = live_server.invite("Lou Offline")
    enrol(page, url)
    capture(page, "Seen before the network dropped")
    wait_until_synced(page)
    wait_for_service_worker(page)

    page.context.set_offline(True)
    page.goto("/")  # e.g. the app reopened from the home screen on the shop floor
    expect(observation_cards(page)).to_have_count(1)
    expect(page.get_by_test_id("offline")).to_be_visible()
    capture(page, "Seen while offline")
    expect(page.get_by_test_id("pending")).to_have_text("1 waiting to sync")
    go_online(page)
    assert len(server_observations(page)) == 2


def test_a_second_person_on_the_same_browser_profile_sees_none_of_the_firsts_data(
    live_server, page
):
    from pathlib import Path

    from .user_steps import device_photos, png_image

    attachments = Path(live_server.app.config["ATTACHMENTS_DIR"])

    def uploaded():
        return [p for p in attachments.rglob("*") if p.is_file() and not p.name.startswith(".")]

    already = len(uploaded())
    _, ana_url = live_server.invite("Ana Photos")
    _, bo_url = live_server.invite("Bo Nextshift")
    enrol(page, ana_url)
    wait_for_service_worker(page)

    page.context.set_offline(True)
    page.get_by_role("link", name="Observe").click()
    page.get_by_label("Note").fill("Ana: oil leak under press 3")
    page.get_by_label("Add photos").set_input_files(
        files=[{"name": "leak.png", "mimeType": "image/png", "buffer": png_image(800, 600)}]
    )
    expect(page.get_by_test_id("photo-thumbs").get_by_role("img")).to_have_count(1)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("photos-waiting")).to_have_text("1 photo waiting to upload")
    ana_note_id = observation_cards(page).first.get_attribute("data-id")
    (ana_photo,) = device_photos(page)

    # Signing out with the note and its photo waiting: a clear warning, and nothing is thrown away.
    page.get_by_role("link", name="Account").click()
    page.get_by_role("button", name="Sign out").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("1 change has not been synced (with 1 photo)")
    page.screenshot(path="/tmp/gk-signout-warning.png")
    dialog.get_by_role("button", name="Sign out anyway").click()
    expect(page.get_by_role("button", name="Sign in with passkey")).to_be_visible()
    page.context.set_offline(False)

    ana_passkey = swap_authenticator(page)
    enrol(page, bo_url)
    expect(page.get_by_text("No observations yet")).to_be_visible()
    expect(page.get_by_test_id("photos-waiting")).to_have_count(0)
    assert device_photos(page) == []  # Bo's store on this device holds none of Ana's photos
    page.goto(f"/observations/{ana_note_id}")
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()
    page.goto("/")
    capture(page, "Bo: his own note")
    wait_until_synced(page)
    assert [o["data"]["note"] for o in server_observations(page).values()] == ["Bo: his own note"]
    assert len(uploaded()) == already  # Ana's photo was never sent under Bo's session
    assert page.context.request.get(f"/api/attachments/{ana_photo['sha256']}").status == 404

    sign_out(page)
    swap_authenticator(page, ana_passkey)
    page.get_by_role("button", name="Sign in with passkey").click()
    expect(observation_cards(page)).to_have_count(1)
    wait_until_synced(page)
    expect(observation_cards(page).first).to_contain_text("Ana: oil leak under press 3")
    expect(observation_cards(page).first).to_contain_text("1 photo")
    (ana_note,) = server_observations(page).values()
    assert ana_note["data"]["photos"] == [ana_photo["sha256"]]
    assert len(uploaded()) == already + 1
