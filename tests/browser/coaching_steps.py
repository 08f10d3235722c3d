"""What a coach and a learner do in the coaching loop, as reusable steps for the browser tests."""

import uuid

from playwright.sync_api import expect

from .user_steps import evaluate_within, the_apps_modules

# Queue a record through the app's own outbox (the same module instance the app uses, so
# the app notices and syncs): for setting the scene quickly where the test is about
# something else than typing it in.
QUEUE = the_apps_modules("""async ({ type, args }) => {
  const { getCurrentPersonId, openPersonStore } = await import('/js/data/store.js');
  const { createRecord, emptyDetails } = await import('/js/data/outbox.js');
  const store = await openPersonStore(await getCurrentPersonId());
  if (type === 'challenge' && !args.details) args.details = emptyDetails(args.mode);
  const mutation = await createRecord(store, type, args);
  return mutation.args.id;
}""")

UPDATE = the_apps_modules("""async ({ type, id, fields }) => {
  const { getCurrentPersonId, openPersonStore } = await import('/js/data/store.js');
  const { updateRecord } = await import('/js/data/outbox.js');
  const store = await openPersonStore(await getCurrentPersonId());
  await updateRecord(store, type, id, fields);
}""")

LOCAL = """async (type) => {
  const { getCurrentPersonId, openPersonStore } = await import('/js/data/store.js');
  const store = await openPersonStore(await getCurrentPersonId());
  return (await store.snapshot([type]))[type];
}"""


def queue(page, type_, **args):
    """Create a record on this device as the app would; returns its id."""
    return evaluate_within(page, QUEUE, {"type": type_, "args": args})


def update(page, type_, id_, **fields):
    evaluate_within(page, UPDATE, {"type": type_, "id": id_, "fields": fields})


def local_records(page, type_):
    """What this device holds of `type_` (visible records' data)."""
    return evaluate_within(page, LOCAL, type_)


def today(page):
    return page.evaluate("import('/js/domain/coaching.js').then((m) => m.localDate())")


def challenge_args(learner_id, **fields):
    return {
        "learnerId": learner_id,
        "mode": "problem",
        "title": "Cut changeover on press 4",
        "problem": "Changeover takes 47 minutes",
        "dueOn": "2027-01-29",
        "target": {"metric": "changeover time", "baseline": 47, "value": 20, "unit": "min"},
    } | fields


def server_records(page, type_):
    """What the server holds of `type_` for the signed-in person: a pull from a fresh client id."""
    answer = page.context.request.get(f"/api/sync/pull?clientId={uuid.uuid4()}&limit=1000")
    assert answer.ok, answer.text()
    return {
        c["id"]: c["data"]
        for c in answer.json()["changes"]
        if c["type"] == type_ and not c["deleted"]
    }


def sync_now(page):
    """Tap "Sync now" and wait until nothing waits and the run is over."""
    page.get_by_role("button", name="Sync now").click()
    expect(page.get_by_test_id("pending")).to_have_text("All changes synced")
    expect(page.get_by_test_id("last-sync")).not_to_have_text("Syncing…")
    expect(page.get_by_role("button", name="Sync now")).to_be_enabled()


def go(page, tab):
    """Tap a tab of the bottom bar (Today, Team, Notes, Mentor)."""
    page.get_by_role("navigation", name="Main").get_by_role("link", name=tab).click()


def rate(page, ratings):
    """Tap the 1–4 buttons of a check-in: ratings = {"engagement": 3, ...}."""
    for key, value in ratings.items():
        page.get_by_test_id(f"rate-{key}").locator(f'[data-value="{value}"]').click()


def check_in(page, ratings, notes="", next_on=None, learned=""):
    """From a challenge: Check in → three ratings → notes → (date) → Save."""
    page.get_by_role("link", name="Check in").click()
    rate(page, ratings)
    if notes:
        page.get_by_label("Notes").fill(notes)
    if learned:
        page.get_by_label("Learned").fill(learned)
    if next_on:
        page.get_by_label("Next check-in").fill(next_on)
    page.screenshot(path="/tmp/gkc-checkin.png")  # looked at by people, not asserted
    page.get_by_role("button", name="Save check-in").click()
    expect(page.get_by_test_id("challenge-title")).to_be_visible()


def open_path(page, path):
    """Go to an in-app path without reloading (as a tapped link does)."""
    page.evaluate(
        "(path) => { history.pushState(null, '', path); dispatchEvent(new PopStateEvent('popstate')); }",
        path,
    )
