"""History everywhere, in words (issue 12 point 5): a History link on the goal, the challenge,
the check-in and the note; labels, values as the screens show them, mode details as labelled
lines, people and records named, a conflict explained; the author sees which versions were
private. On a phone and a tablet."""

import uuid

import pytest
from playwright.sync_api import expect

from .coaching_steps import challenge_args, open_path, queue, sync_now, update
from .user_steps import push_from_another_device

pytestmark = pytest.mark.browser

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "tablet": {"width": 1024, "height": 768}}
NOTE = "Walks to the crib for every tool change"
GOAL = "Keep the tools at the point of use"


def challenge_version(page, challenge_id):
    answer = page.context.request.get(f"/api/sync/pull?clientId={uuid.uuid4()}&limit=1000")
    return next(c["version"] for c in answer.json()["changes"] if c["id"] == challenge_id)


@pytest.mark.parametrize("device", VIEWPORTS)
def test_every_record_has_a_history_in_words(live_server, new_page, signed_in, device):
    coach_id, _ = live_server.invite(f"Maya Coach {device}")
    lee_id, _ = live_server.invite(f"Lee Learner {device}", manager_id=coach_id)
    page = new_page(viewport=VIEWPORTS[device])
    signed_in(page, coach_id)

    note = queue(
        page,
        "observation",
        note=NOTE,
        kind="misconception",
        personId=lee_id,
        visibility="private",
        observedAt="2026-11-19T08:00:00.000Z",
        photos=[],
    )
    sync_now(page)
    update(page, "observation", note, visibility="shared")
    goal = queue(page, "goal", learnerId=lee_id, action=GOAL, reason="Flow", observationIds=[note])
    challenge = queue(
        page,
        "challenge",
        **challenge_args(
            lee_id,
            mode="kaizen",
            goalId=goal,
            title="Tools within reach",
            details={"currentMethod": "Walks 40 m to the crib", "experiments": []},
        ),
    )
    checkin = queue(
        page,
        "checkin",
        challengeId=challenge,
        at="2026-11-20T09:00:00.000Z",
        engagement=3,
        approach=2,
        resilience=4,
        notes="Tried a shadow board",
    )
    sync_now(page)

    # Another device of hers renames the challenge without having seen this rename: a conflict.
    version = challenge_version(page, challenge)
    update(page, "challenge", challenge, title="Tools within arm's reach")
    sync_now(page)
    push_from_another_device(
        page,
        str(uuid.uuid4()),
        [
            {
                "id": 1,
                "name": "challenge.update",
                "args": {
                    "id": challenge,
                    "baseVersion": version,
                    "title": "Tools on a shadow board",
                },
            }
        ],
    )
    sync_now(page)

    # The challenge: mode, goal, due date and the mode's details in words; the conflict in a sentence.
    open_path(page, f"/challenges/{challenge}")
    page.get_by_test_id("history-link").click()
    revisions = page.get_by_test_id("revisions")
    expect(page.get_by_test_id("revision")).to_have_count(3)
    created = page.get_by_test_id("revision").last
    expect(created).to_contain_text("Mode")
    expect(created).to_contain_text("Kaizen")
    expect(created).to_contain_text("Learning goal")
    expect(created).to_contain_text(GOAL)
    expect(created).to_contain_text("Current method")
    expect(created).to_contain_text("Walks 40 m to the crib")
    expect(created).to_contain_text(f"Lee Learner {device}")
    expect(created).to_contain_text("Jan")  # due 2027-01-29, as a date in words
    text = revisions.inner_text()
    for raw in ("{", "currentMethod", "2027-01-29", "someone else", lee_id, goal):
        assert raw not in text, raw
    conflict = page.get_by_test_id("revision-conflict")
    expect(conflict).to_contain_text(
        "changed title on a device that had not seen another change to the same field:"
    )
    expect(conflict).to_contain_text("Tools on a shadow board")
    page.screenshot(path=f"/tmp/gkc-history-challenge-{device}.png", full_page=True)

    # The goal: its learner and the note it came from, by name.
    open_path(page, f"/goals/{goal}")
    page.get_by_test_id("history-link").click()
    expect(page.get_by_test_id("revision").last).to_contain_text("Learner")
    expect(page.get_by_test_id("revision").last).to_contain_text(f"Lee Learner {device}")
    expect(page.get_by_test_id("revision").last).to_contain_text(f"“{NOTE}”")

    # The check-in: ratings as the check-in screen words them.
    open_path(page, f"/challenges/{challenge}/checkins/{checkin}")
    page.get_by_test_id("history-link").click()
    expect(page.get_by_test_id("revision")).to_contain_text("Engagement")
    expect(page.get_by_test_id("revision")).to_contain_text("3 of 4 — ")

    # The note: its author sees which versions were private.
    open_path(page, f"/observations/{note}")
    page.get_by_role("link", name="History").click()
    versions = page.get_by_test_id("revision")
    expect(versions).to_have_count(2)
    expect(versions.first.get_by_test_id("revision-private")).to_have_count(0)  # shared now
    expect(versions.last.get_by_test_id("revision-private")).to_have_text("Private")
    expect(versions.last).to_contain_text("Misconception")
    page.screenshot(path=f"/tmp/gkc-history-note-{device}.png", full_page=True)
