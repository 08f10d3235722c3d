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
        rows = Observation.select(Observation, Person).join(Person, on=Observation.author).where(~Observation.deleted)
        return sorted((o.author.name, o.note) for o in rows)

    return live_server.query(count)


def end_sessions_of(live_server, person_id):
    from server.models import Person

    live_server.query(lambda: Person.update(session_epoch=Person.session_epoch + 1)
                      .where(Person.id == person_id).execute())


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
    assert observations_by_author(live_server) == [("Ana Tablet", "Ana: online note"), ("Bo Tablet", "Bo: his own note")]

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


def test_expired_session_keeps_changes_and_sends_them_after_signing_in_again(live_server, page):
    kai_id, url = live_server.invite("Kai Expired")
    enrol(page, url)
    end_sessions_of(live_server, kai_id)  # e.g. signed out everywhere from another device

    capture(page, "Captured after the session ended")
    expect(page.get_by_text("Your session has ended")).to_be_visible()
    expect(page.get_by_test_id("pending")).to_have_text("1 waiting to sync")
    page.screenshot(path="/tmp/gk-expired.png")

    page.get_by_role("alert").filter(has_text="Your session has ended").get_by_role("button", name="Sign in").click()
    wait_until_synced(page)
    expect(page.get_by_text("Your session has ended")).to_be_hidden()
    assert [o["data"]["note"] for o in server_observations(page).values()] == ["Captured after the session ended"]


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
