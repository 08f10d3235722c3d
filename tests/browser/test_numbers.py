"""A target, a baseline or an actual is read as the person meant it: a French decimal comma on
an English phone is 1.8, not 18; a number that reads two ways, or none, is said and never
saved; an emptied actual goes back to "not reported" (docs/decisions.md §117)."""

import pytest
from playwright.sync_api import expect

from .coaching_steps import open_path, server_records, sync_now

pytestmark = pytest.mark.browser


def test_a_coach_and_her_learner_type_numbers_with_a_comma_or_a_point(
    live_server, new_page, signed_in
):
    maya, _ = live_server.invite("Mara Measure")
    lee, _ = live_server.invite("Loic Learner", manager_id=maya)
    coach = new_page()  # an English phone
    signed_in(coach, maya)

    open_path(coach, f"/challenges/new?person={lee}")
    coach.get_by_label("Title").fill("Fewer rejects on line 3")
    coach.get_by_role("textbox", name="Problem").fill("Rejects run at 4,2 %")
    coach.get_by_label("What you measure").fill("reject rate")
    coach.get_by_label("Unit").fill("%")
    coach.get_by_role("radio", name="Problem").click()
    baseline, target = coach.get_by_label("Baseline"), coach.get_by_label("Target", exact=True)
    expect(target).to_have_attribute("inputmode", "decimal")

    # Reads two ways: asked again, the field marked, nothing saved.
    baseline.fill("4,2")
    target.fill("1,250")
    coach.get_by_role("button", name="Assign challenge").click()
    problem = coach.get_by_role("alert").filter(has_text="reads two ways")
    expect(problem).to_have_text(
        "Target: “1,250” reads two ways. Write it without a thousands separator (1250, or 1.25)."
    )
    expect(target).to_be_focused()
    expect(target).to_have_attribute("aria-invalid", "true")
    target.fill("1e999")
    coach.get_by_role("button", name="Assign challenge").click()
    expect(coach.get_by_role("alert").filter(has_text="Target")).to_have_text(
        "Target: write a number, like 2.5."
    )
    target.fill("1,5")
    coach.get_by_role("button", name="Assign challenge").click()
    expect(coach.get_by_test_id("challenge-title")).to_have_text("Fewer rejects on line 3")
    sync_now(coach)
    [challenge] = server_records(coach, "challenge").values()
    assert (challenge["target"]["baseline"], challenge["target"]["value"]) == (4.2, 1.5)

    # The learner, on her phone: a comma is a decimal, a huge typo is refused, empty clears.
    learner = new_page()
    signed_in(learner, lee)
    open_path(learner, f"/challenges/{challenge['id']}")
    learner.get_by_test_id("accept").click()
    actual = learner.get_by_label("Actual reject rate now (%)")
    actual.fill("1,8")
    learner.get_by_role("button", name="Save reflection").click()
    expect(learner.get_by_test_id("actual")).to_have_text("1.8 %")
    actual.fill("1" + "0" * 20)
    learner.get_by_role("button", name="Save reflection").click()
    expect(learner.get_by_role("alert").filter(has_text="Actual")).to_have_text(
        "Actual: this number is too large."
    )
    expect(learner.get_by_test_id("actual")).to_have_text("1.8 %")
    assert learner.evaluate("document.documentElement.scrollWidth") <= 390
    actual.fill("")
    learner.get_by_role("button", name="Save reflection").click()
    expect(learner.get_by_test_id("actual")).to_have_text("not reported")
    sync_now(learner)
    [mine] = server_records(learner, "challenge").values()
    assert mine["actual"] is None
