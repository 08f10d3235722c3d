"""Export and search (issue 13 points 3 and 4, docs/decisions.md §96-§98), on a phone and a
tablet: a coach exports her team as CSV and JSON with no network and reads the files (her notes
in, a learner's private note out), prints a storyboard; an admin downloads the audit log; a
coach searches "fourche", finds the note written "Fourché" offline and opens it."""

import csv
import io
import json
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .axe_steps import accessibility_problems, small_targets
from .coaching_steps import challenge_args, open_path, queue, sync_now
from .user_steps import wait_for_service_worker

pytestmark = pytest.mark.browser

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "tablet": {"width": 1024, "height": 768}}
NOTE = "Fourché la palette au lieu de la poser: le chariot heurte le rack"


def note(person_id, text, visibility="shared"):
    return {
        "note": text,
        "kind": "misconception",
        "personId": person_id,
        "observedAt": "2026-11-30T08:00:00Z",
        "visibility": visibility,
    }


def a_coach_and_her_team(live_server, new_page, signed_in, device):
    """Carla coaches Léa; Léa keeps a private note of her own on her phone; Carla wrote a shared
    note about Léa, a private one, a challenge and a check-in, all synced."""
    tag = uuid.uuid4().hex[:6]
    carla, _ = live_server.invite(f"Carla {tag}")
    lea, _ = live_server.invite(f"Léa Lefèvre {tag}", manager_id=carla)
    learner = new_page(viewport=VIEWPORTS[device])
    signed_in(learner, lea)
    queue(learner, "observation", **note(lea, "LEA PRIVATE: I dread the audit", "private"))
    sync_now(learner)

    page = new_page(viewport=VIEWPORTS[device])
    signed_in(page, carla)
    shared = queue(page, "observation", **note(lea, NOTE))
    queue(
        page, "observation", **note(lea, "Carla private: ask HR about the night shift", "private")
    )
    challenge = queue(page, "challenge", **challenge_args(lea, title="=1+1 pallets an hour"))
    queue(
        page,
        "checkin",
        challengeId=challenge,
        at="2026-11-30T10:00:00Z",
        engagement=3,
        approach=2,
        resilience=4,
        notes="Tried two forks",
    )
    sync_now(page)
    return page, {"carla": carla, "lea": lea, "tag": tag, "note": shared}


def read(download):
    return Path(download.path()).read_bytes().decode("utf-8")


# The words of each choice of a drop-down, against the room its box gives them (less the
# native arrow): a choice cut on a phone ("My team and me: everything on th") is not read.
CUT_CHOICES = """(select) => {
  const style = getComputedStyle(select);
  const pen = document.createElement('canvas').getContext('2d');
  pen.font = style.font;
  const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 24;
  return [...select.options].map((o) => o.text).filter((text) => pen.measureText(text).width > room);
}"""


def cut_choices(page, test_id):
    return page.get_by_test_id(test_id).evaluate(CUT_CHOICES)


@pytest.mark.parametrize("device", VIEWPORTS)
def test_a_coach_exports_her_team_as_csv_and_json_offline(live_server, new_page, signed_in, device):
    page, who = a_coach_and_her_team(live_server, new_page, signed_in, device)
    wait_for_service_worker(page)
    page.context.set_offline(True)
    expect(page.get_by_test_id("offline")).to_be_visible()

    open_path(page, "/team")
    page.get_by_test_id("team-export").click()
    expect(page.get_by_role("heading", name="Export", exact=True)).to_be_visible()
    expect(page.get_by_test_id("export-counts")).to_have_text(
        "2 notes · 0 learning goals · 1 challenge · 1 check-in"
    )
    assert cut_choices(page, "export-whose") == [] and cut_choices(page, "export-kind") == []

    # No learning goals yet: no empty spreadsheet to download, and the screen says why.
    page.get_by_label("Which records").select_option("goal")
    expect(page.get_by_test_id("export-csv")).to_be_disabled()
    expect(page.get_by_test_id("export-csv-none")).to_have_text(
        "Nothing to put in this file: 0 learning goals for this choice."
    )

    # Notes as CSV: a BOM for Excel, a header row, her notes with their accents, not Léa's.
    page.get_by_label("Which records").select_option("observation")
    expect(page.get_by_test_id("export-csv-none")).to_have_text("")
    with page.expect_download() as info:
        page.get_by_test_id("export-csv").click()
    download = info.value
    assert download.suggested_filename.endswith(".csv") and "notes" in download.suggested_filename
    text = read(download)
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    notes = {r["note"] for r in rows}
    assert NOTE in notes and "Carla private: ask HR about the night shift" in notes
    assert not any("LEA PRIVATE" in n for n in notes)
    assert next(r for r in rows if r["note"] == NOTE)["personName"] == f"Léa Lefèvre {who['tag']}"

    # Challenges as CSV: a title a spreadsheet would run is defused.
    page.get_by_label("Which records").select_option("challenge")
    with page.expect_download() as info:
        page.get_by_test_id("export-csv").click()
    challenge = next(csv.DictReader(io.StringIO(read(info.value)[1:])))
    assert challenge["title"] == "'=1+1 pallets an hour"

    # Everything as JSON, for Léa alone.
    page.get_by_label("Whose records").select_option(who["lea"])
    expect(page.get_by_test_id("export-counts")).to_have_text(
        "2 notes · 0 learning goals · 1 challenge · 1 check-in"
    )
    with page.expect_download() as info:
        page.get_by_test_id("export-json").click()
    assert info.value.suggested_filename.startswith(f"gembakit-lea-lefevre-{who['tag']}-")
    doc = json.loads(read(info.value))
    assert doc["person"]["id"] == who["lea"]
    assert {o["id"] for o in doc["observations"]} >= {who["note"]}
    assert "LEA PRIVATE" not in json.dumps(doc)
    assert doc["checkins"][0]["notes"] == "Tried two forks"
    assert doc["challenges"][0]["title"] == "=1+1 pallets an hour"  # JSON keeps it as typed

    assert accessibility_problems(page) == []
    assert small_targets(page) == []
    page.screenshot(path=f"/tmp/gk-export-{device}.png", full_page=True)  # looked at, not asserted

    # From Léa's storyboard, Export is preset to her and leads back to her.
    open_path(page, f"/people/{who['lea']}")
    page.get_by_test_id("person-export").click()
    expect(page.get_by_label("Whose records").locator("option:checked")).to_have_text(
        f"Léa Lefèvre {who['tag']}"
    )
    page.get_by_role("link", name=f"Léa Lefèvre {who['tag']}").click()
    expect(page.get_by_test_id("person-export")).to_be_visible()
    page.get_by_test_id("person-export").click()

    # Print: her storyboard, without the app around it.
    page.get_by_test_id("export-print").click()
    storyboard = page.get_by_text(NOTE).first
    expect(storyboard).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator("#header")).to_be_hidden()
    expect(page.get_by_test_id("person-print")).to_be_hidden()
    expect(storyboard).to_be_visible()
    page.screenshot(path=f"/tmp/gk-storyboard-print-{device}.png", full_page=True)
    page.emulate_media(media="screen")


@pytest.mark.parametrize("device", VIEWPORTS)
def test_a_french_coach_reads_her_export_in_french_and_gets_french_file_names(
    live_server, new_page, signed_in, device
):
    page, who = a_coach_and_her_team(live_server, new_page, signed_in, device)
    page.get_by_role("link", name="Account").click()
    page.get_by_test_id("language").get_by_role("radio", name="Français").click()
    open_path(page, "/export")
    expect(page.get_by_role("heading", name="Exporter", exact=True)).to_be_visible()
    whose = page.get_by_label("Fiches de", exact=True)
    expect(whose.locator("option:checked")).to_have_text("Mon équipe et moi")
    expect(page.get_by_test_id("export-counts")).to_have_text(
        "2 notes · 0 objectif d’apprentissage · 1 défi · 1 point d’étape"
    )
    assert cut_choices(page, "export-whose") == [] and cut_choices(page, "export-kind") == []

    page.get_by_label("Quelles fiches").select_option("checkin")
    with page.expect_download() as info:
        page.get_by_test_id("export-csv").click()
    assert info.value.suggested_filename.startswith("gembakit-equipe-points-etape-")
    (row,) = csv.DictReader(io.StringIO(read(info.value)[1:]))
    assert row["notes"] == "Tried two forks" and row["learnerName"] == f"Léa Lefèvre {who['tag']}"
    assert accessibility_problems(page) == [] and small_targets(page) == []
    page.screenshot(path=f"/tmp/gk-export-fr-{device}.png", full_page=True)

    # Search, in French words a French coach would write.
    page.get_by_test_id("header-search").click()
    expect(page.get_by_text("Les accents et les majuscules ne comptent pas")).to_be_visible()
    page.get_by_label("Rechercher dans les notes, objectifs, défis et points d’étape").fill("zzz")
    expect(page.get_by_test_id("search-none")).to_contain_text(
        "La recherche porte seulement sur ce que cet appareil garde pour vous"
    )
    page.get_by_role("button", name="Effacer la recherche").click()
    expect(page.get_by_text("Cherchez dans ce que cet appareil garde pour vous")).to_be_visible()
    expect(page.get_by_test_id("search-none")).to_have_count(0)


@pytest.mark.parametrize("device", VIEWPORTS)
def test_an_admin_downloads_the_audit_log(live_server, new_page, signed_in, device):
    root, _ = live_server.invite(f"Root {device}", is_admin=True)
    live_server.invite(f"Zoé {device}")  # an invite issued: an event with an accent
    page = new_page(viewport=VIEWPORTS[device])
    signed_in(page, root)
    open_path(page, "/audit")
    expect(page.get_by_test_id("audit-event").first).to_be_visible()

    with page.expect_download() as info:
        page.get_by_role("link", name="Download CSV").click()
    assert info.value.suggested_filename.endswith(".csv")
    text = read(info.value)
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert any(
        r["action"] == "invite_issued" and r["subject_name"] == f"Zoé {device}" for r in rows
    )

    with page.expect_download() as info:
        page.get_by_role("link", name="Download JSON").click()
    events = json.loads(read(info.value))["events"]
    assert events[0]["action"] == "audit_exported"  # the CSV download, in the log
    assert events[0]["details"]["format"] == "csv"

    page.get_by_role("button", name="Show").click()
    expect(page.get_by_test_id("audit-event").first).to_contain_text("Audit log downloaded")
    assert accessibility_problems(page) == []

    # She picks Zoé and downloads straight away, without Show: the file is Zoé's events.
    page.get_by_test_id("audit-person").select_option(label=f"Zoé {device}")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download CSV").click()
    rows = list(csv.DictReader(io.StringIO(read(info.value)[1:])))
    assert rows and {r["subject_name"] for r in rows} == {f"Zoé {device}"}, rows

    # Dates backwards, or no network: the screen says why, instead of a failed download.
    downloads = []
    page.on("download", lambda download: downloads.append(download))
    page.get_by_label("From").fill("2026-12-05")
    page.get_by_label("To").fill("2026-12-01")
    page.get_by_role("link", name="Download CSV").click()
    problem = page.get_by_test_id("audit-download-problem")
    expect(problem).to_have_text("The end date is before the start date.")
    page.get_by_label("To").fill("")
    expect(problem).to_have_text("")
    page.context.set_offline(True)
    page.get_by_role("link", name="Download JSON").click()
    expect(problem).to_have_text("You are offline: downloading the audit log needs the network.")
    page.wait_for_timeout(300)
    assert downloads == []
    page.context.set_offline(False)


@pytest.mark.parametrize("device", VIEWPORTS)
def test_a_coach_searches_fourche_and_finds_the_note_written_fourche_offline(
    live_server, new_page, signed_in, device
):
    page, who = a_coach_and_her_team(live_server, new_page, signed_in, device)
    wait_for_service_worker(page)
    page.context.set_offline(True)
    expect(page.get_by_test_id("offline")).to_be_visible()

    page.get_by_test_id("header-search").click()
    box = page.get_by_label("Search notes, goals, challenges and check-ins")
    expect(box).to_be_focused()
    expect(page.get_by_text("Search what this device holds for you")).to_be_visible()
    assert accessibility_problems(page) == []

    box.fill("fourche")
    results = page.get_by_test_id("search-result")
    expect(page.get_by_test_id("search-status")).to_have_text("1 result")
    box.press("Enter")  # the keyboard's Search key: it closes, the results stay
    expect(box).not_to_be_focused()
    expect(results).to_have_count(1)
    expect(results).to_have_count(1)
    expect(results.first.locator("mark")).to_have_text("Fourché")
    expect(results.first).to_have_attribute("data-type", "observation")
    assert accessibility_problems(page) == []
    assert small_targets(page) == []
    page.screenshot(path=f"/tmp/gk-search-{device}.png", full_page=True)  # looked at, not asserted

    # Two words: both must match. A learner's private note is not on this device at all.
    box.fill("palette RACK")
    expect(results).to_have_count(1)
    box.fill("dread audit")
    expect(page.get_by_test_id("search-none")).to_contain_text("No results for “dread audit”")
    expect(page.get_by_test_id("search-none")).to_contain_text("Try fewer words")
    box.fill("forks")
    expect(results.first).to_have_attribute("data-type", "checkin")
    # Her own private note is found, and marked private as on Today; the shared one is not.
    box.fill("night shift")
    expect(results).to_have_count(1)
    expect(results.first.get_by_test_id("search-private")).to_have_text("Private")
    box.fill("palette")
    expect(results.first.get_by_test_id("search-private")).to_have_count(0)

    # Open the note from its result; Back comes to the same search.
    box.fill("fourche")
    results.first.click()
    expect(page).to_have_url(f"{live_server.url}/observations/{who['note']}")
    expect(page.get_by_label("Note")).to_have_value(NOTE)
    page.go_back()
    expect(page.get_by_label("Search notes, goals, challenges and check-ins")).to_have_value(
        "fourche"
    )
    expect(results).to_have_count(1)


@pytest.mark.parametrize("device", VIEWPORTS)
def test_a_coach_clears_her_search_with_one_tap_of_a_thumb_sized_named_button(
    live_server, new_page, signed_in, device
):
    """The browser's own × in a search field is a few pixels and unnamed: the field's Clear is
    a button of at least 44 px, named for a screen reader, shown only while there is text; a
    tap empties the field, keeps the keyboard in it and brings back the empty state."""
    page, _ = a_coach_and_her_team(live_server, new_page, signed_in, device)
    page.get_by_test_id("header-search").click()
    box = page.get_by_label("Search notes, goals, challenges and check-ins")
    clear = page.get_by_role("button", name="Clear search")
    expect(box).to_be_focused()
    expect(clear).to_be_hidden()  # nothing to clear yet

    box.press_sequentially("fourche")
    expect(page.get_by_test_id("search-result")).to_have_count(1)
    expect(clear).to_be_visible()
    size = clear.bounding_box()
    assert size["width"] >= 44 and size["height"] >= 44, size
    field = box.bounding_box()  # inside the field's right end, not beside it
    assert (
        field["x"] <= size["x"] and size["x"] + size["width"] <= field["x"] + field["width"] + 0.5
    )
    # A thumb at the field's right end (where the browser's own × was) lands on this button.
    hit = box.evaluate(
        """(el) => { const r = el.getBoundingClientRect();
          return document.elementFromPoint(r.right - 12, r.top + r.height / 2).closest('button')
            ?.getAttribute('aria-label') }"""
    )
    assert hit == "Clear search", hit
    assert small_targets(page) == [] and accessibility_problems(page) == []
    page.screenshot(path=f"/tmp/gk-search-clear-{device}.png")  # looked at, not asserted

    clear.click()
    expect(box).to_have_value("")
    expect(box).to_be_focused()  # the keyboard stays: she types the next word at once
    expect(page.get_by_text("Search what this device holds for you")).to_be_visible()
    expect(page.get_by_test_id("search-result")).to_have_count(0)
    expect(page.get_by_test_id("search-status")).to_have_text("")
    expect(clear).to_be_hidden()
    assert page.url == f"{live_server.url}/search"

    # From the keyboard: Tab reaches it, Enter clears; then the next word searches again.
    box.fill("palette")
    expect(page.get_by_test_id("search-result")).to_have_count(1)
    box.press("Tab")
    expect(clear).to_be_focused()
    page.keyboard.press("Enter")
    expect(box).to_have_value("")
    expect(box).to_be_focused()
    expect(page.get_by_text("Search what this device holds for you")).to_be_visible()
    box.press_sequentially("forks")
    expect(page.get_by_test_id("search-result").first).to_have_attribute("data-type", "checkin")


@pytest.mark.parametrize("device", VIEWPORTS)
def test_on_a_shared_device_search_and_export_hold_only_the_signed_in_persons_records(
    live_server, new_page, device
):
    from .user_steps import capture, enrol, sign_out, swap_authenticator

    _, ana_url = live_server.invite(f"Ana {device}")
    _, bo_url = live_server.invite(f"Bo {device}")
    page = new_page(viewport=VIEWPORTS[device])
    enrol(page, ana_url)
    capture(page, "Ana: fourché la palette du poste 3")
    ana = swap_authenticator(page)
    enrol(page, bo_url)
    capture(page, "Bo: his own note about the kanban")
    sign_out(page)

    # Ana signs in again on the same page (no reload) and searches: her index is built.
    bo = swap_authenticator(page, ana)
    page.get_by_role("button", name="Sign in with passkey").click()
    expect(page.get_by_test_id("header-search")).to_be_visible()
    page.get_by_test_id("header-search").click()
    page.get_by_test_id("search-input").fill("fourche")
    expect(page.get_by_test_id("search-result")).to_have_count(1)
    assert indexed_person(page) is not None
    sign_out(page)
    # Signed out, her words are gone from the page's memory too, not only from the screen.
    assert indexed_person(page) is None

    # Bo, on the same page: nothing of Ana's, in search or in his export.
    swap_authenticator(page, bo)
    page.get_by_role("button", name="Sign in with passkey").click()
    page.get_by_test_id("header-search").click()
    page.get_by_test_id("search-input").fill("fourche")
    expect(page.get_by_test_id("search-none")).to_be_visible()
    page.get_by_test_id("search-input").fill("kanban")
    expect(page.get_by_test_id("search-result")).to_have_count(1)
    open_path(page, "/export")
    expect(page.get_by_test_id("export-counts")).to_have_text(
        "1 note · 0 learning goals · 0 challenges · 0 check-ins"
    )
    with page.expect_download() as info:
        page.get_by_test_id("export-json").click()
    doc = json.loads(read(info.value))
    assert [o["note"] for o in doc["observations"]] == ["Bo: his own note about the kanban"]


def indexed_person(page):
    """Whose search index the page holds in memory: the search module as the page loaded it."""
    return page.evaluate(
        r"""async () => {
          const url = performance.getEntriesByType('resource').map((e) => e.name)
            .find((name) => /\/views\/search[.-]/.test(name) || name.endsWith('/views/search.js'));
          return (await import(url)).indexedPerson();
        }"""
    )
