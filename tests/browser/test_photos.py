"""Photos taken on the floor without a network reach the server, shrunk, once, and only the
people who may see the observation can open them."""

import hashlib
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .user_steps import (
    choose_person,
    device_photos,
    go_online,
    observation_cards,
    png_image,
    server_observations,
    wait_for_service_worker,
    wait_until_synced,
)

pytestmark = pytest.mark.browser


def stored_attachments(live_server):
    folder = Path(live_server.app.config["ATTACHMENTS_DIR"])
    return (
        [p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")]
        if folder.exists()
        else []
    )


def test_a_photo_captured_offline_reaches_the_server_after_reconnect(
    live_server, new_page, signed_in
):
    coach_id, _ = live_server.invite("Pia Photographer")
    learner_id, _ = live_server.invite("Lenny Learner", manager_id=coach_id)
    stranger_id, _ = live_server.invite("Stan Stranger")
    coach = new_page()
    signed_in(coach, coach_id)
    wait_for_service_worker(coach)

    coach.context.set_offline(True)
    coach.get_by_role("link", name="Observe").click()
    coach.get_by_label("Note").fill("Kanban cards pile up at the paint booth")
    # A 3000 x 2000 picture from the camera, and a second one taken by mistake.
    coach.get_by_label("Add photos").set_input_files(
        files=[
            {"name": "booth.png", "mimeType": "image/png", "buffer": png_image(3000, 2000)},
            {"name": "thumb.png", "mimeType": "image/png", "buffer": png_image(64, 48, seed=99)},
        ]
    )
    expect(coach.get_by_role("img", name="Photo 2")).to_be_visible()
    coach.get_by_role("button", name="Remove photo 2").click()
    expect(coach.get_by_test_id("photo-thumbs").get_by_role("img")).to_have_count(1)
    coach.screenshot(path="/tmp/gk-photo-capture.png")
    choose_person(coach, "Lenny Learner")
    coach.get_by_role("radio", name="Shared").click()
    coach.get_by_role("button", name="Save").click()

    expect(observation_cards(coach)).to_have_count(1)
    expect(observation_cards(coach).first).to_contain_text("1 photo")
    expect(coach.get_by_test_id("pending")).to_have_text("1 waiting to sync")
    expect(coach.get_by_test_id("photos-waiting")).to_have_text("1 photo waiting to upload")
    (photo,) = device_photos(coach)  # the removed one was never stored
    assert (photo["width"], photo["height"]) == (1600, 1067)  # shrunk to 1600 px on the long side
    assert photo["type"] == "image/jpeg" and photo["uploaded"] is False
    coach.screenshot(path="/tmp/gk-photo-home-offline.png")

    coach.reload()  # still offline: the note and its photo come from the device
    observation_cards(coach).first.click()
    thumbnail = coach.get_by_test_id("photo-thumbs").get_by_role("img", name="Photo 1")
    expect(thumbnail).to_be_visible()
    assert thumbnail.evaluate("(img) => img.complete && img.naturalWidth") == 1600
    coach.screenshot(path="/tmp/gk-photo-edit-offline.png")
    coach.get_by_role("link", name="Cancel").click()

    go_online(coach)
    expect(coach.get_by_test_id("photos-waiting")).to_have_count(0)
    (stored,) = stored_attachments(live_server)  # exactly one file: uploaded once
    assert hashlib.sha256(stored.read_bytes()).hexdigest() == stored.name == photo["sha256"]
    (observation,) = server_observations(coach).values()
    assert observation["data"]["photos"] == [photo["sha256"]]
    assert device_photos(coach)[0]["uploaded"] is True

    # Later, a second photo is added to the same note: uploaded before the update that names it.
    observation_cards(coach).first.click()
    coach.get_by_label("Add photos").set_input_files(
        files=[
            {"name": "after.png", "mimeType": "image/png", "buffer": png_image(1200, 900, seed=5)}
        ]
    )
    expect(coach.get_by_test_id("photo-thumbs").get_by_role("img")).to_have_count(2)
    coach.get_by_role("button", name="Save changes").click()
    wait_until_synced(coach)
    (observation,) = server_observations(coach).values()
    assert (
        len(observation["data"]["photos"]) == 2
        and observation["data"]["photos"][0] == photo["sha256"]
    )
    assert sorted(p.name for p in stored_attachments(live_server)) == sorted(
        observation["data"]["photos"]
    )

    # The learner the note is shared with sees the photo (fetched from the server); a stranger cannot.
    learner = new_page()
    signed_in(learner, learner_id)
    answer = learner.context.request.get(f"/api/attachments/{photo['sha256']}")
    assert answer.status == 200 and hashlib.sha256(answer.body()).hexdigest() == photo["sha256"]
    observation_cards(learner).first.click()
    expect(learner.get_by_test_id("photos").get_by_role("img", name="Photo 1")).to_be_visible()
    learner.screenshot(path="/tmp/gk-photo-learner.png")

    stranger = new_page()
    signed_in(stranger, stranger_id)
    assert stranger.context.request.get(f"/api/attachments/{photo['sha256']}").status == 404
