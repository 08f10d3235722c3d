"""Kaizen workshop on a shared tablet (and on a phone): open a workshop, capture each
participant's ideas offline with one tap on them, reconnect, turn an idea into a kaizen
challenge, and print the summary (docs/decisions.md §77-§80)."""

import re
import time
import uuid

import pytest
from playwright.sync_api import expect

from .axe_steps import accessibility_problems
from .user_steps import go_online, wait_for_service_worker

pytestmark = pytest.mark.browser

TABLET = {"width": 1024, "height": 768}
PHONE = {"width": 390, "height": 844}


def server_records(page, type_):
    """What the server holds of `type_` for the signed-in person: a pull from a fresh client."""
    answer = page.context.request.get(f"/api/sync/pull?clientId={uuid.uuid4()}&limit=1000")
    assert answer.ok, answer.text()
    return [c["data"] for c in answer.json()["changes"] if c["type"] == type_ and not c["deleted"]]


def server_records_when_synced(page, type_, count, seconds=20):
    """server_records once the server holds `count` of them: the pending line can still read
    "All changes synced" for a moment after a capture, before its change is queued."""
    deadline = time.monotonic() + seconds
    while len(found := server_records(page, type_)) < count and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    return found


def serious_accessibility_problems(page):
    """axe-core's serious or critical violations on the whole screen (tests/browser/axe_steps.py,
    shared by every browser test that checks accessibility)."""
    return [(rule, count) for rule, count, _ in accessibility_problems(page)]


def assert_clear_of_the_save_bar(page, locator):
    """The control is in sight whole: below the sticky header, above the sticky Save bar."""
    box = locator.bounding_box()
    header = page.locator("#header").bounding_box()
    bar = page.locator("form .form__actions").bounding_box()
    assert box["y"] >= header["y"] + header["height"] - 1, (box, header)
    assert box["y"] + box["height"] <= bar["y"] + 1, (box, bar)


def capture_idea(page, who, note, kind="Idea"):
    page.get_by_test_id("participant").filter(has_text=who).click()
    capture = page.get_by_test_id("capture")
    expect(capture).to_contain_text(f"Capture for {who}")
    capture.get_by_role("radio", name=kind).click()
    capture.get_by_label("What they said, or what you saw").fill(note)
    capture.get_by_role("button", name="Save").click()
    expect(capture).to_be_hidden()


@pytest.mark.parametrize("viewport", [TABLET, PHONE], ids=["tablet", "phone"])
def test_a_workshop_captured_offline_becomes_a_challenge_and_a_printed_summary(
    live_server, new_page, signed_in, viewport
):
    wanda, _ = live_server.invite("Wanda Facilitator")
    lee, _ = live_server.invite("Lee Line", manager_id=wanda)
    live_server.invite("Sam Setter", manager_id=wanda)
    page = new_page(viewport=viewport)
    signed_in(page, wanda)
    wait_for_service_worker(page)

    # Notes → Workshops → New workshop: title, who is in the room, a guest by name.
    page.get_by_role("link", name="Notes").click()
    page.get_by_test_id("workshops-link").click()
    page.get_by_test_id("new-workshop").click()
    page.get_by_label("Title").fill("Kaizen: changeover on press 4")
    page.get_by_label("Lee Line").check()
    page.get_by_label("Sam Setter").check()
    page.get_by_label("Guest’s name").fill("Jo Visitor")
    page.get_by_role("button", name="Add guest").click()
    # The same guest twice could not be told apart on the tiles: said, and not added.
    page.get_by_label("Guest’s name").fill("jo visitor ")
    page.get_by_role("button", name="Add guest").click()
    expect(page.get_by_test_id("guest-twice")).to_have_text(
        "jo visitor is already a guest: add an initial or a surname to tell them apart."
    )
    page.get_by_label("Guest’s name").fill("")
    page.get_by_role("button", name="Open workshop").click()
    grid = page.get_by_test_id("participant-grid")
    expect(page.get_by_test_id("participant")).to_have_count(3)

    # The grid uses the screen: several columns on a tablet, two on a phone; big targets.
    columns = page.evaluate(
        "getComputedStyle(document.querySelector('.workshop-grid'))"
        ".gridTemplateColumns.split(' ').length"
    )
    assert columns == (4 if viewport == TABLET else 2)
    sizes = page.evaluate(
        "[...document.querySelectorAll('[data-testid=participant]')]"
        ".map((b) => [b.offsetWidth, b.offsetHeight])"
    )
    assert len(sizes) == 3 and all(w >= 44 and h >= 44 for w, h in sizes), sizes
    expect(grid).to_be_visible()
    assert serious_accessibility_problems(page) == []

    # Offline, as on the shop floor: one tap on a participant, the note, Save.
    page.context.set_offline(True)
    expect(page.get_by_test_id("offline")).to_be_visible()
    capture_idea(page, "Lee Line", "Mark the die positions on the bolster")
    capture_idea(page, "Sam Setter", "Clamps take six minutes to reach", kind="Observation")
    capture_idea(page, "Lee Line", "Pre-stage the dies on a cart")
    expect(page.get_by_test_id("participant").filter(has_text="Lee Line")).to_contain_text(
        "2 ideas"
    )
    # What she saw of Sam is an observation, not counted as his idea.
    expect(page.get_by_test_id("participant").filter(has_text="Sam Setter")).to_contain_text(
        "0 ideas · 1 observation"
    )
    expect(page.get_by_test_id("idea")).to_have_count(3)
    expect(page.get_by_test_id("pending")).to_contain_text("waiting to sync")
    # The screen as the facilitator sees it, the capture box open (docs/pwa.md shows it).
    page.get_by_test_id("participant").filter(has_text="Jo Visitor").click()
    page.get_by_label("What they said, or what you saw").fill("Heat the dies before they")
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=f"/tmp/gk-workshop-{'tablet' if viewport == TABLET else 'phone'}.png")
    page.get_by_test_id("capture").get_by_role("button", name="Cancel").click()
    expect(page.get_by_test_id("capture")).to_be_hidden()

    go_online(page)
    ideas = server_records(page, "idea")
    assert sorted(i["note"] for i in ideas) == [
        "Clamps take six minutes to reach",
        "Mark the die positions on the bolster",
        "Pre-stage the dies on a cart",
    ]
    assert {i["personId"] for i in ideas if "die" in i["note"]} == {lee}

    # After the workshop: Lee's idea becomes a kaizen challenge for Lee.
    card = page.get_by_test_id("idea").filter(has_text="Mark the die positions")
    card.get_by_role("button", name="Kaizen challenge").click()
    card.get_by_label("What you measure").fill("changeover time")
    card.get_by_label("Target").fill("20")
    card.get_by_label("Unit").fill("min")
    card.get_by_role("button", name="Assign challenge").click()
    expect(card.get_by_test_id("idea-status")).to_have_text("Kaizen challenge")
    expect(page.get_by_test_id("pending")).to_have_text("All changes synced", timeout=20_000)
    challenges = server_records(page, "challenge")
    assert [(c["learnerId"], c["mode"], c["problem"]) for c in challenges] == [
        (lee, "kaizen", "Mark the die positions on the bolster")
    ]
    made = next(i for i in server_records(page, "idea") if i["note"].startswith("Mark"))
    assert (made["status"], made["challengeId"]) == ("challenge", challenges[0]["id"])

    # The printable summary: every idea, what became of it; no buttons on paper.
    page.get_by_role("link", name="Printable summary").click()
    summary = page.get_by_test_id("workshop-summary")
    expect(summary).to_contain_text("Kaizen: changeover on press 4")
    expect(summary).to_contain_text("Jo Visitor (guest)")
    expect(page.get_by_test_id("summary-idea")).to_have_count(3)
    expect(page.get_by_test_id("summary-idea").filter(has_text="Mark the die")).to_contain_text(
        "Kaizen challenge"
    )
    assert serious_accessibility_problems(page) == []
    page.emulate_media(media="print")
    assert page.locator("button:visible, .tabbar:visible, .header:visible").count() == 0
    expect(summary).to_be_visible()
    if viewport == TABLET:
        page.screenshot(path="/tmp/gk-workshop-summary-print.png", full_page=True)
    page.emulate_media(media="screen")
    expect(page.get_by_role("button", name="Print")).to_be_visible()


def test_a_participant_sees_only_the_ideas_attributed_to_them(live_server, new_page, signed_in):
    wanda, _ = live_server.invite("Wendy Host")
    lee, _ = live_server.invite("Leo Learner", manager_id=wanda)
    live_server.invite("Sol Other", manager_id=wanda)
    host = new_page(viewport=TABLET)
    signed_in(host, wanda)
    host.goto("/workshops/new")
    host.get_by_label("Title").fill("5S on line 2")
    host.get_by_label("Leo Learner").check()
    host.get_by_label("Sol Other").check()
    host.get_by_role("button", name="Open workshop").click()
    capture_idea(host, "Leo Learner", "Shadow board for the torque wrenches")
    capture_idea(host, "Sol Other", "Move the bins closer")
    expect(host.get_by_test_id("pending")).to_have_text("All changes synced", timeout=20_000)

    learner = new_page(viewport=PHONE)
    signed_in(learner, lee)
    learner.get_by_test_id("workshops-link").click()  # on a learner's Home too
    learner.get_by_test_id("workshop-item").filter(has_text="5S on line 2").click()
    expect(learner.get_by_test_id("idea")).to_have_count(1)
    expect(learner.get_by_test_id("idea")).to_contain_text("Shadow board")
    expect(learner.locator("body")).not_to_contain_text("Move the bins closer")
    expect(learner.get_by_test_id("participant-grid")).to_have_count(0)  # not the facilitator
    assert not re.search("Move the bins", learner.content())


@pytest.mark.console_errors(
    r"^http 503 /api/people/lookup", r"^console\.error: Failed to load resource"
)
@pytest.mark.parametrize("viewport", [TABLET, PHONE], ids=["tablet", "phone"])
def test_a_facilitator_adds_someone_from_another_area_found_by_name_and_they_see_their_idea(
    live_server, new_page, signed_in, viewport
):
    """Issue 12.3: participants from the organisation, not only the facilitator's team (§103)."""
    from server.models import Area, Person

    wanda, _ = live_server.invite("Wanda Facilitator")
    live_server.invite("Lee Line", manager_id=wanda)
    # Another team, another area; a name of her own per run (the server lives for the module).
    name = "Olga Press" if viewport == TABLET else "Oona Press"
    olga, _ = live_server.invite(name)

    def put_olga_in_the_press_shop():
        press = Area.create(name="Press shop", kind="site")
        Person.update(area=press).where(Person.id == olga).execute()

    live_server.query(put_olga_in_the_press_shop)
    page = new_page(viewport=viewport)
    signed_in(page, wanda)
    wait_for_service_worker(page)
    page.goto("/workshops/new")
    page.get_by_label("Title").fill("Kaizen: die storage")
    find = page.get_by_label("Find someone in the organisation")
    status = page.get_by_test_id("find-status")
    # Tapped (focused), the field comes clear of the sticky Open workshop bar, not under it.
    find.focus()
    assert_clear_of_the_save_bar(page, find)

    # Offline: her team is still offered; the organisation search says it needs the network.
    page.context.set_offline(True)
    expect(page.get_by_label("Lee Line")).to_be_visible()
    find.fill("olg")
    expect(status).to_contain_text("You are offline")
    page.screenshot(
        path=f"/tmp/gk-workshop-find-offline-{'tablet' if viewport == TABLET else 'phone'}.png"
    )
    expect(page.get_by_test_id("found-person")).to_have_count(0)
    page.context.set_offline(False)
    expect(page.get_by_test_id("offline")).to_be_hidden()
    # The network works but the server does not answer: it says so, not "offline".
    page.route("**/api/people/lookup*", lambda route: route.fulfill(status=503, body="{}"))
    find.fill("olga")
    expect(status).to_contain_text("The server is not answering")
    page.unroute("**/api/people/lookup*")

    # Typed a letter at a time, the server is asked once: the rest is narrowed on the device
    # (the lookup allows 30 a minute; six names typed slowly must not reach it).
    found = page.get_by_test_id("found-person")
    lookups = []
    page.on("request", lambda r: "/api/people/lookup" in r.url and lookups.append(r.url))
    for typed in [name[:2], name[:3], name[:4], name[:6], name[:8]]:
        find.fill(typed.lower())
        page.wait_for_timeout(400)
        expect(found.filter(has_text=name)).to_have_count(1)
    assert len(lookups) == 1, lookups

    # Online: found by name, with her area only; one tap adds her to the room.
    find.fill(name[:3].lower() + " pr")
    expect(found).to_have_count(1)
    expect(found).to_have_text(f"Add {name} · Press shop")
    device = "tablet" if viewport == TABLET else "phone"
    find.scroll_into_view_if_needed()
    page.screenshot(path=f"/tmp/gk-workshop-find-{device}.png")
    assert found.bounding_box()["height"] >= 44
    assert serious_accessibility_problems(page) == []
    found.click()
    expect(page.get_by_label(name)).to_be_checked()
    expect(status).to_have_text("Added to the room.")
    # Looked up again, she is not offered twice: the answer says she is in the room already.
    find.fill(name[:3].lower() + " pr")
    expect(found).to_have_text(f"{name} · Press shop: already in the room")
    expect(found).to_be_disabled()
    page.get_by_label("Lee Line").check()
    page.get_by_role("button", name="Open workshop").click()
    expect(page.get_by_test_id("participant")).to_have_count(2)
    capture_idea(page, name, "A rack by press 4 for the dies in use")
    expect(page.get_by_test_id("pending")).to_have_text("All changes synced", timeout=20_000)
    (idea,) = server_records_when_synced(page, "idea", 1)
    assert idea["personId"] == olga

    # The next workshop offers her from this device, even offline (a recent participant).
    page.context.set_offline(True)
    page.goto("/workshops/new")
    expect(page.get_by_label(name)).not_to_be_checked()
    page.context.set_offline(False)

    # Olga, on her own device, sees the idea attributed to her.
    olga_page = new_page(viewport=viewport)
    signed_in(olga_page, olga)
    olga_page.get_by_test_id("workshops-link").click()
    olga_page.get_by_test_id("workshop-item").filter(has_text="Kaizen: die storage").click()
    expect(olga_page.get_by_test_id("idea")).to_have_count(1)
    expect(olga_page.get_by_test_id("idea")).to_contain_text("A rack by press 4")


@pytest.mark.parametrize("viewport", [TABLET, PHONE], ids=["tablet", "phone"])
def test_two_people_with_the_same_name_and_area_are_told_apart_by_the_start_of_their_id(
    live_server, new_page, signed_in, viewport
):
    """Two Jo Martins in the same shop: the lookup shows the start of each one's id (what Jo
    reads under Your account) and says to ask; a name of its own shows no id (§111)."""
    from server.models import Area, Person

    device = "tablet" if viewport == TABLET else "phone"
    wanda, _ = live_server.invite(f"Wendy Twins {device}")
    first, _ = live_server.invite(f"Jo Twin {device}")
    second, _ = live_server.invite(f"Jo Twin {device}")
    other, _ = live_server.invite(f"Jo Twinning {device}")

    def all_in_the_paint_shop():
        paint = Area.create(name=f"Paint shop {device}", kind="site")
        Person.update(area=paint).where(Person.id.in_([first, second, other])).execute()

    live_server.query(all_in_the_paint_shop)
    page = new_page(viewport=viewport)
    signed_in(page, wanda)
    page.goto("/workshops/new")
    page.get_by_label("Find someone in the organisation").fill(f"jo twin {device}")
    found = page.get_by_test_id("found-person")
    expect(found).to_have_count(3)
    expect(found.filter(has_text=f"id {first[:4]}…")).to_have_text(
        f"Add Jo Twin {device} · Paint shop {device} · id {first[:4]}…"
    )
    expect(found.filter(has_text=f"id {second[:4]}…")).to_have_count(1)
    expect(found.filter(has_text=f"Jo Twinning {device}")).to_have_text(
        f"Add Jo Twinning {device} · Paint shop {device}"
    )
    expect(page.get_by_test_id("find-status")).to_contain_text("ask yours how their id starts")
    # All three answers are in sight, above the Open workshop bar, with the field still seen.
    bar = page.locator("form .form__actions").bounding_box()
    last = found.last.bounding_box()
    assert last["y"] + last["height"] <= bar["y"] + 1, (last, bar)
    assert_clear_of_the_save_bar(page, page.get_by_label("Find someone in the organisation"))
    page.screenshot(path=f"/tmp/gk-workshop-twins-{device}.png")
    assert serious_accessibility_problems(page) == []
    found.filter(has_text=f"id {second[:4]}…").click()
    expect(page.get_by_test_id("find-status")).to_have_text("Added to the room.")
    page.get_by_label("Title").fill("Kaizen: paint booth")
    page.get_by_role("button", name="Open workshop").click()
    expect(page.get_by_test_id("participant")).to_have_count(1)
    capture_idea(page, f"Jo Twin {device}", "Hang the masks by the booth")
    expect(page.get_by_test_id("pending")).to_have_text("All changes synced", timeout=20_000)
    (idea,) = server_records_when_synced(page, "idea", 1)
    assert idea["personId"] == second  # the Jo she picked, not the other


def test_a_double_tap_on_save_or_assign_makes_one_idea_and_one_challenge(
    live_server, new_page, signed_in
):
    """A facilitator in a hurry taps Save twice, then Assign challenge twice: one idea, one
    challenge, on the device and on the server (a spare would show as a dropped challenge
    and a missed target in her mentor's Insight)."""
    wanda, _ = live_server.invite("Willa Hurry")
    lee, _ = live_server.invite("Lou Line", manager_id=wanda)
    page = new_page(viewport=TABLET)
    signed_in(page, wanda)
    page.goto("/workshops/new")
    page.get_by_label("Title").fill("SMED on press 2")
    page.get_by_label("Lou Line").check()
    page.get_by_role("button", name="Open workshop").click()

    page.get_by_test_id("participant").filter(has_text="Lou Line").click()
    capture = page.get_by_test_id("capture")
    capture.get_by_label("What they said, or what you saw").fill("Colour-code the clamps")
    capture.get_by_role("button", name="Save").dblclick()
    expect(capture).to_be_hidden()
    expect(page.get_by_test_id("idea")).to_have_count(1)

    card = page.get_by_test_id("idea").filter(has_text="Colour-code the clamps")
    card.get_by_role("button", name="Kaizen challenge").click()
    card.get_by_label("What you measure").fill("changeover time")
    card.get_by_label("Target").fill("15")
    card.get_by_role("button", name="Assign challenge").dblclick()
    expect(card.get_by_test_id("idea-status")).to_have_text("Kaizen challenge")
    expect(page.get_by_test_id("pending")).to_have_text("All changes synced", timeout=20_000)
    assert len(server_records_when_synced(page, "idea", 1)) == 1
    page.wait_for_timeout(500)  # a spare would be queued by now
    expect(page.get_by_test_id("pending")).to_have_text("All changes synced", timeout=20_000)
    assert len(server_records(page, "idea")) == 1
    assert [c["learnerId"] for c in server_records(page, "challenge")] == [lee]
