"""Today's list, computed by the app's own module (js/domain/today-list.js) in the browser from fixture records."""

import pytest

pytestmark = pytest.mark.browser

COMPUTE = """async (input) => {
  const { computeToday } = await import('/js/domain/today-list.js');
  const t = computeToday(input);
  const ids = (list) => list.map((x) => (x.challenge || x.checkin || x).id);
  return {
    due: ids(t.due), overdue: t.overdue.map((d) => [d.challenge.id, d.days]), stale: t.stale.map((s) => [s.challenge.id, s.days]),
    untriaged: ids(t.untriaged), goals: ids(t.goalsWithoutChallenge), toAccept: ids(t.toAccept), toAnswer: t.toAnswer.map((a) => a.checkin.id), empty: t.empty,
  };
}"""


def challenge(
    id_, learner, status="in_progress", author="me", created="2026-11-20T08:00:00.000Z", goal=None
):
    return {
        "id": id_,
        "learnerId": learner,
        "authorId": author,
        "status": status,
        "title": id_,
        "createdAt": created,
        "acceptedAt": None,
        "goalId": goal,
    }


def checkin(id_, challenge_id, at, next_on=None, author="me", answer=None):
    return {
        "id": id_,
        "challengeId": challenge_id,
        "at": at,
        "nextCheckinOn": next_on,
        "authorId": author,
        "engagement": 3,
        "approach": 3,
        "resilience": 3,
        "answer": answer,
    }


FIXTURE = {
    "me": "me",
    "coachees": ["lee", "sam", "ann"],
    "staleAfterDays": 7,
    "today": "2026-11-25",
    "challenges": [
        challenge("due", "lee", goal="g-has-challenge"),
        challenge("overdue", "sam"),
        challenge("planned", "ann"),
        challenge("stale", "ann"),
        challenge("never-checked", "lee", status="assigned", created="2026-11-01T08:00:00.000Z"),
        challenge("just-assigned", "lee", status="assigned", created="2026-11-24T08:00:00.000Z"),
        challenge(
            "closed", "lee", status="done", created="2026-10-01T08:00:00.000Z", goal="g-only-closed"
        ),
        challenge("not-my-team", "stranger", author="someone", created="2026-10-01T08:00:00.000Z"),
        challenge("from-my-coach", "me", status="assigned", author="boss"),
    ],
    "checkins": [
        checkin("c1", "due", "2026-11-18T10:00:00.000Z", next_on="2026-11-25"),
        checkin("c2", "overdue", "2026-11-13T10:00:00.000Z", next_on="2026-11-20"),
        checkin(
            "c3", "overdue", "2026-11-15T10:00:00.000Z", next_on="2026-11-22"
        ),  # the latest counts
        checkin("c4", "planned", "2026-11-24T10:00:00.000Z", next_on="2026-12-01"),
        checkin("c5", "stale", "2026-11-10T10:00:00.000Z"),
        checkin("c6", "from-my-coach", "2026-11-24T10:00:00.000Z", author="boss"),
    ],
    "goals": [
        {
            "id": "g-has-challenge",
            "learnerId": "lee",
            "authorId": "me",
            "status": "open",
            "observationIds": ["o-linked"],
            "createdAt": "2026-11-01",
        },
        {
            "id": "g-no-challenge",
            "learnerId": "sam",
            "authorId": "me",
            "status": "open",
            "observationIds": [],
            "createdAt": "2026-11-02",
        },
        {
            "id": "g-only-closed",
            "learnerId": "ann",
            "authorId": "me",
            "status": "open",
            "observationIds": [],
            "createdAt": "2026-11-03",
        },
        {
            "id": "g-achieved",
            "learnerId": "lee",
            "authorId": "me",
            "status": "achieved",
            "observationIds": [],
            "createdAt": "2026-11-04",
        },
    ],
    "observations": [
        {
            "id": "o-linked",
            "authorId": "me",
            "personId": "lee",
            "observedAt": "2026-11-01T09:00:00.000Z",
        },
        {
            "id": "o-waiting",
            "authorId": "me",
            "personId": "sam",
            "observedAt": "2026-11-24T09:00:00.000Z",
        },
        {
            "id": "o-nobody",
            "authorId": "me",
            "personId": None,
            "observedAt": "2026-11-25T09:00:00.000Z",
        },
        {
            "id": "o-from-my-coach",
            "authorId": "boss",
            "personId": "me",
            "observedAt": "2026-11-23T09:00:00.000Z",
        },
    ],
}


def test_today_lists_due_overdue_stale_untriaged_and_goals_without_a_challenge(page):
    page.goto("/signin")  # any page of the app: the module is loaded from the same origin
    t = page.evaluate(COMPUTE, FIXTURE)
    assert t["due"] == ["due"]
    assert t["overdue"] == [["overdue", 3]]
    # No check-in for 7 days or more (or, with none, since assigned); a planned date does not hide it.
    assert t["stale"] == [["never-checked", 24], ["stale", 15]]
    assert t["untriaged"] == [
        "o-nobody",
        "o-waiting",
    ]  # newest first; linked and others' notes are not mine to triage
    assert t["goals"] == [
        "g-no-challenge",
        "g-only-closed",
    ]  # a closed challenge leaves the goal waiting
    assert t["toAccept"] == ["from-my-coach"]
    assert t["toAnswer"] == ["c6"]
    assert t["empty"] is False

    nothing = page.evaluate(COMPUTE, {"me": "me", "coachees": [], "today": "2026-11-25"})
    assert nothing == {
        "due": [],
        "overdue": [],
        "stale": [],
        "untriaged": [],
        "goals": [],
        "toAccept": [],
        "toAnswer": [],
        "empty": True,
    }

    # The same records a week later: the planned check-in is now overdue, the fresh one stale.
    later = page.evaluate(COMPUTE, FIXTURE | {"today": "2026-12-02"})
    assert ["planned", 1] in later["overdue"]
    assert ["just-assigned", 8] in later["stale"]


def test_a_coachs_today_lists_the_challenge_past_due_and_the_learner_who_is_stuck(
    live_server, new_page, signed_in
):
    """The line under Today's title counts a challenge past its due date: the list shows
    which one. A learner who says they are stuck is on it too, at the top, with what to do."""
    from datetime import date, timedelta

    from playwright.sync_api import expect

    from .coaching_steps import challenge_args, queue, update

    maya, _ = live_server.invite("Moira Today")
    lee, _ = live_server.invite("Lenny Stuck", manager_id=maya)
    page = new_page()
    signed_in(page, maya)
    late = (date.today() - timedelta(days=4)).isoformat()
    past = queue(page, "challenge", **challenge_args(lee, title="Label the racks", dueOn=late))
    stuck = queue(page, "challenge", **challenge_args(lee, title="Halve the setup"))
    update(page, "challenge", stuck, status="stuck")
    page.goto("/")
    expect(page.get_by_test_id("today-reminders")).to_contain_text("1 challenge overdue")
    item = page.get_by_test_id("today-past-due-item")
    expect(item).to_have_count(1)
    expect(item).to_contain_text("Label the racks")
    expect(item).to_contain_text("(4 days ago)")
    expect(page.get_by_test_id("today-past-due")).to_contain_text("Past their due date")
    stuck_item = page.get_by_test_id("today-stuck-item")
    expect(stuck_item).to_contain_text("Halve the setup")
    expect(stuck_item).to_contain_text("connect them with someone who can help")
    blocks = page.locator(".today__block").evaluate_all("(bs) => bs.map((b) => b.dataset.testid)")
    assert blocks.index("today-stuck") < blocks.index("today-past-due"), blocks
    page.screenshot(path="/tmp/gk-today-stuck-past-due.png", full_page=True)  # looked at
    item.click()
    expect(page.get_by_test_id("challenge-title")).to_have_text("Label the racks")
    assert past
