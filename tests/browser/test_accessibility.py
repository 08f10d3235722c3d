"""Issue 12 point 9: every main screen passes axe-core with no serious or critical violation
(label-content-name-mismatch and target-size switched on), every control a thumb must hit is
at least 44×44 px on a 390×844 phone, and the storyboard prints without the app around it
(docs/decisions.md §83)."""

import json

import pytest
from playwright.sync_api import expect

from .axe_steps import accessibility_problems, small_targets
from .coaching_steps import challenge_args, open_path, queue, sync_now, today
from .user_steps import capture, png_image

pytestmark = pytest.mark.browser

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "tablet": {"width": 1024, "height": 768}}


def screen_is_accessible(page, path, ready):
    """Open `path` as a tapped link does, wait for `ready` (a locator), then check it."""
    open_path(page, path)
    expect(ready).to_be_visible()
    page.wait_for_timeout(150)  # the section's redraw after its first paint
    return {"axe": accessibility_problems(page), "small": small_targets(page)}


@pytest.mark.parametrize("device", VIEWPORTS)
def test_every_main_screen_passes_axe_and_has_thumb_sized_targets_on_a_phone_and_a_tablet(
    live_server, new_page, signed_in, device
):
    admin_id, _ = live_server.invite(f"Alma Admin {device}", is_admin=True)
    lee_id, _ = live_server.invite(f"Lee Learner {device}", manager_id=admin_id)
    page = new_page(viewport=VIEWPORTS[device])
    signed_in(page, admin_id)

    # The scene: a note with a photo about Lee, a goal, a challenge with a check-in.
    capture(page, "Thinks the andon cord is only for breakdowns")
    goal = queue(
        page,
        "goal",
        learnerId=lee_id,
        action="Pull the andon at every abnormality",
        reason="Problems seen early are small",
    )
    challenge = queue(page, "challenge", **challenge_args(lee_id, goalId=goal))
    queue(
        page,
        "checkin",
        challengeId=challenge,
        at=f"{today(page)}T09:00:00Z",
        engagement=3,
        approach=2,
        resilience=3,
        notes="Measured three changeovers",
    )
    sync_now(page)
    photo = page.locator("input[type=file]")

    main = page.locator("#main")
    screens = {
        "/": main.get_by_test_id("today-challenges").or_(main.locator("h1")).first,
        "/observations": page.get_by_test_id("observations"),
        "/observe": page.get_by_label("Note"),
        "/team": main.locator("h1").first,
        "/triage": main.locator("h1").first,
        f"/people/{lee_id}": main.locator("h1").first,
        f"/goals/{goal}": main.locator("h1").first,
        f"/challenges/{challenge}": page.get_by_test_id("challenge-title"),
        f"/challenges/{challenge}/checkin": page.get_by_test_id("rate-engagement"),
        f"/history/challenge/{challenge}": main.locator("h1").first,
        "/account": main.locator("h1").first,
        "/organisation": main.locator("h1").first,
        "/audit": main.locator("h1").first,
        "/review": main.locator("h1").first,
        "/workshops": main.locator("h1").first,
        "/workshops/new": main.locator("h1").first,
    }
    found = {}
    for path, ready in screens.items():
        if path == "/observe":
            open_path(page, path)
            expect(ready).to_be_visible()
            photo.set_input_files(
                files=[{"name": "andon.png", "mimeType": "image/png", "buffer": png_image(64, 48)}]
            )
            expect(page.get_by_role("button", name="Remove photo").first).to_be_visible()
            found[path] = {"axe": accessibility_problems(page), "small": small_targets(page)}
            continue
        found[path] = screen_is_accessible(page, path, ready)
    problems = {path: result for path, result in found.items() if result["axe"] or result["small"]}
    assert problems == {}, json.dumps(problems, indent=1)


def test_the_sign_in_and_enrol_screens_pass_axe_with_thumb_sized_targets(live_server, new_page):
    _, invite_url = live_server.invite("Nora New")
    page = new_page()
    page.goto("/")
    expect(page.get_by_role("button", name="Sign in with passkey")).to_be_visible()
    signin = {"axe": accessibility_problems(page), "small": small_targets(page)}
    page.goto(invite_url)
    expect(page.locator("#main h1")).to_be_visible()
    enrol = {"axe": accessibility_problems(page), "small": small_targets(page)}
    assert {"signin": signin, "enrol": enrol} == {
        "signin": {"axe": [], "small": []},
        "enrol": {"axe": [], "small": []},
    }


def test_the_storyboard_prints_without_buttons_navigation_or_header(
    live_server, new_page, signed_in
):
    coach_id, _ = live_server.invite("Carla Coach")
    lee_id, _ = live_server.invite("Lee Learner", manager_id=coach_id)
    page = new_page()
    signed_in(page, coach_id)
    challenge = queue(page, "challenge", **challenge_args(lee_id, mode="kaizen"))
    open_path(page, f"/challenges/{challenge}")
    expect(page.get_by_test_id("challenge-title")).to_be_visible()
    page.emulate_media(media="print")
    shown = page.evaluate("""() => [...document.querySelectorAll(
        'button, nav, #header, .appbar, .syncbar, .tabbar, .banners > *, a.btn, .toast__box')]
      .filter((el) => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden')
      .map((el) => el.outerHTML.slice(0, 80))""")
    assert shown == []
    expect(page.get_by_test_id("challenge-title")).to_be_visible()
