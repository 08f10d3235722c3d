"""Each coaching mode keeps its own structure: the editors save it, the A3 prints, kaizen
check-ins ask the five coaching-kata questions, teamwork finds a helper."""

import re

import pytest
from playwright.sync_api import expect

from .coaching_steps import challenge_args, open_path, queue, server_records, sync_now, update

pytestmark = pytest.mark.browser


@pytest.fixture
def coach_with_two_reports(live_server, page, signed_in):
    maya_id, _ = live_server.invite("Mo Modes")
    lee_id, _ = live_server.invite("Lena Learner", manager_id=maya_id)
    sam_id, _ = live_server.invite("Sami Helper", manager_id=maya_id)
    signed_in(page, maya_id)
    return page, lee_id, sam_id


def test_standard_kaizen_and_teamwork_editors_save_their_structure(
    coach_with_two_reports, live_server
):
    page, lee, sam = coach_with_two_reports
    # Sami once closed a challenge on line balancing and offered to help with it (on their
    # own device: tests/browser/test_helpers_by_consent.py): the helper search finds them.
    closed = queue(
        page, "challenge", **challenge_args(sam, mode="kaizen", title="Line balancing on line 2")
    )
    update(page, "challenge", closed, status="done")
    standard = queue(
        page,
        "challenge",
        **challenge_args(lee, mode="standard", title="Die change by the standard"),
    )
    kaizen = queue(
        page, "challenge", **challenge_args(lee, mode="kaizen", title="Fewer steps at the crib")
    )
    teamwork = queue(
        page, "challenge", **challenge_args(lee, mode="teamwork", title="Balance cell 3")
    )
    sync_now(page)
    from server.models import Challenge

    live_server.query(
        lambda: Challenge.update(help_offer="Line balancing")
        .where(Challenge.id == closed)
        .execute()
    )

    # standard: the job breakdown, then a practice-log entry.
    open_path(page, f"/challenges/{standard}")
    editor = page.get_by_test_id("editor-standard")
    editor.get_by_role("button", name="Add step").click()
    page.get_by_label("Important step 1").fill("Clamp the die")
    page.get_by_label("Key points of step 1").fill("Both clamps\nTorque 40 Nm")
    page.get_by_label("Reasons of step 1").fill("A loose die breaks\nThe bolt stretches above 40")
    editor.get_by_test_id("save-details").click()
    expect(page.get_by_text("Saved on this device")).to_be_visible()
    editor.get_by_role("radio", name="Try").click()
    page.get_by_label("Practice note").fill("Clamped it with help")
    editor.get_by_role("button", name="Add to log").click()
    expect(page.get_by_test_id("practice-log")).to_contain_text("Clamped it with help")
    page.screenshot(path="/tmp/gkc-standard.png", full_page=True)

    # kaizen: current method and an experiment; the check-in asks the five questions.
    open_path(page, f"/challenges/{kaizen}")
    editor = page.get_by_test_id("editor-kaizen")
    page.get_by_label("Current method").fill("Walks to the crib for every tool")
    editor.get_by_role("button", name="Add experiment").click()
    page.get_by_label("Expected (experiment 1)").fill("Shadow board saves 5 min")
    page.get_by_label("Actual (experiment 1)").fill("3 min saved")
    page.get_by_label("Learned (experiment 1)").fill("Tool order matters more than distance")
    editor.get_by_test_id("save-details").click()
    expect(page.get_by_text("Saved on this device")).to_be_visible()
    page.get_by_role("link", name="Check in").click()
    questions = page.get_by_test_id("kata-questions").locator("li")
    expect(questions).to_have_count(5)
    expect(questions.first).to_have_text("What is the target condition?")
    expect(questions.nth(4)).to_contain_text("go and see what we have learned")
    page.screenshot(path="/tmp/gkc-kaizen-checkin.png", full_page=True)
    page.get_by_role("link", name="Cancel").click()

    # teamwork: the question, a helper found online, the introduction, the outcome.
    open_path(page, f"/challenges/{teamwork}")
    editor = page.get_by_test_id("editor-teamwork")
    page.get_by_label("Question").fill("How do I balance a cell with one operator short?")
    page.get_by_label("Find a helper").fill("balancing")
    editor.get_by_role("button", name="Find").click()
    result = page.get_by_test_id("helper-result").filter(has_text="Sami Helper")
    expect(result).to_contain_text("Offers help with: Line balancing")
    result.get_by_role("button", name="Pick").click()
    expect(page.get_by_test_id("helper")).to_have_text("Helper: Sami Helper")
    page.get_by_label("Introduction").fill("Introduced at the line meeting")
    page.get_by_label("Introduced on").fill("2026-11-26")
    page.get_by_label("Outcome").fill("Rebalanced with a U-shape")
    editor.get_by_test_id("save-details").click()
    expect(page.get_by_text("Saved on this device")).to_be_visible()
    page.screenshot(path="/tmp/gkc-teamwork.png", full_page=True)

    sync_now(page)
    on_server = server_records(page, "challenge")
    steps = on_server[standard]["details"]
    assert steps["steps"] == [
        {
            "step": "Clamp the die",
            "keyPoints": ["Both clamps", "Torque 40 Nm"],
            "reasons": ["A loose die breaks", "The bolt stretches above 40"],
        }
    ]
    assert [(e["kind"], e["note"]) for e in steps["practiceLog"]] == [
        ("try", "Clamped it with help")
    ]
    assert on_server[kaizen]["details"]["currentMethod"] == "Walks to the crib for every tool"
    (experiment,) = on_server[kaizen]["details"]["experiments"]
    assert (experiment["expected"], experiment["actual"], experiment["learned"]) == (
        "Shadow board saves 5 min",
        "3 min saved",
        "Tool order matters more than distance",
    )
    assert on_server[teamwork]["details"] == {
        "question": "How do I balance a cell with one operator short?",
        "helperId": sam,
        "introduction": "Introduced at the line meeting",
        "introducedOn": "2026-11-26",
        "outcome": "Rebalanced with a U-shape",
    }


def test_problem_challenge_prints_as_a_one_page_a3(coach_with_two_reports):
    page, lee, _ = coach_with_two_reports
    problem = queue(
        page,
        "challenge",
        **challenge_args(
            lee,
            details={
                "whys": ["Dies are fetched after the stop", "No kit cart"],
                "rootCause": "Internal preparation",
                "countermeasure": "Kit cart ready before the stop",
                "check": "22 min on three changeovers",
            },
        ),
    )
    open_path(page, f"/challenges/{problem}")
    expect(page.get_by_test_id("print-a3")).to_be_visible()
    expect(page.get_by_test_id("a3")).to_be_hidden()  # on screen, the editors show it

    page.emulate_media(media="print")
    a3 = page.get_by_test_id("a3")
    expect(a3).to_be_visible()
    expect(a3).to_contain_text("Cut changeover on press 4")
    expect(a3).to_contain_text("Root cause: Internal preparation")
    expect(a3).to_contain_text("changeover time: 47 → 20 min")
    expect(a3.locator("ol li")).to_have_count(2)
    expect(page.get_by_test_id("print-a3")).to_be_hidden()
    expect(page.get_by_role("button", name="Sync now")).to_be_hidden()
    pdf = page.pdf(prefer_css_page_size=True)  # the @page size: A3 landscape
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1, "the A3 must fit on one page"
    page.set_viewport_size({"width": 1587, "height": 1123})  # A3 landscape at 96 dpi
    page.screenshot(path="/tmp/gkc-a3.png")
    page.set_viewport_size({"width": 390, "height": 844})
    page.emulate_media(media="screen")
    expect(page.get_by_test_id("a3")).to_be_hidden()
