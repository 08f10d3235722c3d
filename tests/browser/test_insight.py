"""Issue 13 points 1 and 2: a coach reads her team's coaching as charts counted on her device
(offline too), with the same figures in tables; her mentor reads how she coaches — numbers
and names, never a note's text (docs/decisions.md §93–§95), on a phone and on a tablet."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from .axe_steps import accessibility_problems, small_targets
from .coaching_steps import challenge_args, open_path, queue, sync_now, update
from .user_steps import wait_for_service_worker

pytestmark = pytest.mark.browser

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "tablet": {"width": 1024, "height": 768}}
SECRET_NOTE = "Lee froze at the SMED board and blamed the night shift"


def days_ago(n):
    return (date.today() - timedelta(days=n)).isoformat()


def checkin(challenge_id, on, next_on, ratings, notes=""):
    engagement, approach, resilience = ratings
    return {
        "challengeId": challenge_id,
        "at": f"{on}T10:00:00.000Z",
        "engagement": engagement,
        "approach": approach,
        "resilience": resilience,
        "notes": notes,
        "nextCheckinOn": next_on,
    }


def coaching_scene(page, lee_id, ana_id):
    """Maya's coaching: Lee on a problem (two check-ins, low, the next one 4 days overdue) and a
    kaizen met; Ana on a kaizen dropped and a standard with one check-in, next in 4 days."""
    press = queue(page, "challenge", **challenge_args(lee_id, dueOn="2027-03-01"))
    queue(page, "checkin", **checkin(press, days_ago(20), days_ago(13), (2, 2, 2), SECRET_NOTE))
    queue(page, "checkin", **checkin(press, days_ago(11), days_ago(4), (2, 1, 2), SECRET_NOTE))
    met = queue(page, "challenge", **challenge_args(lee_id, mode="kaizen", title="Tools at hand"))
    dropped = queue(page, "challenge", **challenge_args(ana_id, mode="kaizen", title="Kanban"))
    standard = queue(
        page, "challenge", **challenge_args(ana_id, mode="standard", title="Torque the bolts")
    )
    queue(page, "checkin", **checkin(standard, days_ago(3), days_ago(-4), (3, 3, 4)))
    sync_now(page)
    update(page, "challenge", met, status="done", actual=18)
    update(page, "challenge", dropped, status="dropped")
    sync_now(page)
    return {"press": press, "met": met, "dropped": dropped, "standard": standard}


def tables_too_wide(page):
    """The tables a phone would have to scroll sideways to read."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.chart-table')]
          .filter((t) => t.scrollWidth > t.clientWidth + 1).map((t) => t.querySelector('table').dataset.testid)"""
    )


def table_rows(page, testid):
    return page.get_by_test_id(testid).evaluate(
        "(t) => [...t.tBodies[0].rows].map((r) => [...r.cells].map((c) => c.innerText.trim()))"
    )


@pytest.mark.parametrize("device", VIEWPORTS)
def test_a_coach_reads_her_teams_mode_mix_cadence_and_targets_as_charts_even_offline(
    live_server, new_page, signed_in, device
):
    maya_id, _ = live_server.invite(f"Maya Coach {device}")
    lee_id, _ = live_server.invite(f"Lee Learner {device}", manager_id=maya_id)
    ana_id, _ = live_server.invite(f"Ana Learner {device}", manager_id=maya_id)
    page = new_page(viewport=VIEWPORTS[device])
    signed_in(page, maya_id)

    # Before any coaching: clear empty states, no chart drawn from nothing.
    open_path(page, "/team")
    page.get_by_test_id("team-insight").click()
    expect(page.locator("#main h1")).to_have_text("Team insight")
    expect(page.get_by_test_id("insight-cadence")).to_contain_text("No check-ins yet")
    expect(page.get_by_test_id("insight-modes")).to_contain_text("No challenges yet")
    expect(page.locator("svg[role=img]")).to_have_count(0)

    coaching_scene(page, lee_id, ana_id)
    summary = page.get_by_test_id("insight-summary")
    expect(summary).to_have_text("2 learners · 4 challenges · 3 check-ins")

    # The mode mix: the chart's words and the table say the same.
    modes = page.get_by_test_id("chart-modes")
    expect(modes.locator("title")).to_have_text("Challenges by coaching mode: 4 challenges")
    expect(modes.locator("desc")).to_have_text(
        "Standard: 1 challenge, Problem: 1 challenge, Kaizen: 2 challenges, Teamwork: 0 challenges"
    )
    assert table_rows(page, "table-modes") == [
        ["Standard", "1", "1"],
        ["Problem", "1", "1"],
        ["Kaizen", "2", "0"],
        ["Teamwork", "0", "0"],
    ]

    # Cadence: Lee's check-ins came 9 days apart where 7 were planned; his next is 4 days late.
    lee, ana = f"Lee Learner {device}", f"Ana Learner {device}"
    cadence = table_rows(page, "table-cadence")
    assert cadence[1] == [f"{lee}\n2 check-ins", "9", "7", "0/1", "4 days late"]
    assert cadence[0][:4] == [f"{ana}\n1 check-in", "–", "–", "–"]
    expect(page.get_by_test_id("chart-cadence").locator("desc")).to_contain_text(
        f"{lee}: 2 check-ins, 9 days between check-ins, 7 days planned, next: 4 days late."
    )

    # Targets: the kaizen met (18 ≤ 20 from 47), the dropped one missed, two still open.
    expect(page.get_by_test_id("targets-line")).to_have_text("Targets met: 1 of 2 (50%)")
    assert table_rows(page, "table-targets") == [
        ["Met", "1"],
        ["Missed", "1"],
        ["Not measured", "0"],
        ["Still open", "2"],
    ]
    # Met and missed are told apart by colour too, not only by their labels.
    bars = page.get_by_test_id("chart-targets").locator("rect.chart__bar")
    fills = bars.evaluate_all("(bars) => bars.map((bar) => getComputedStyle(bar).fill)")
    assert len(fills) == 3 and len(set(fills)) == 3  # met, missed, open (none not measured)
    # Ratings: per person, the latest and the move since the first; the team's weeks.
    people = dict((row[0], row[1:]) for row in table_rows(page, "table-people-ratings"))
    assert people[lee] == ["2 (±0)", "1 (−1)", "2 (±0)"]
    expect(page.get_by_test_id("chart-team-ratings")).to_be_visible()
    # Her own coaching by mode: kaizen 1 of 2 met; all modes 1 met, 1 missed.
    assert table_rows(page, "table-self")[-1] == ["All modes", "4", "1 / 1", "50%", "−0.33"]
    # ...and what her mentor reads about her: load, cadence, overdue, stuck learners.
    own = page.get_by_test_id("insight-self").get_by_test_id("coach-facts")
    expect(own).to_contain_text("Overdue check-ins1, 4 days late")
    expect(own).to_contain_text(f"Stuck learners{lee}")
    # Under those facts, the chart says what its percentages are before she reads them.
    expect(page.get_by_test_id("chart-self-caption")).to_have_text(
        "Share of your judged challenges that met their target, per mode"
    )
    expect(page.get_by_test_id("chart-self-caption")).to_be_visible()

    if device == "tablet":  # charts side by side
        modes_box = page.get_by_test_id("insight-modes").bounding_box()
        cadence_box = page.get_by_test_id("insight-cadence").bounding_box()
        assert abs(modes_box["y"] - cadence_box["y"]) < 2 and cadence_box["x"] > modes_box["x"]
    else:  # one column, nothing wider than the phone, no table to scroll sideways
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert tables_too_wide(page) == []
    page.screenshot(path=f"/tmp/gkc-insight-{device}.png", full_page=True)
    assert accessibility_problems(page) == []
    assert small_targets(page) == []

    # Offline after the first load: the same figures from the device (its app is installed:
    # the service worker holds the shell it reopens from).
    wait_for_service_worker(page)
    page.context.set_offline(True)
    page.reload()
    expect(page.get_by_test_id("insight-summary")).to_have_text(
        "2 learners · 4 challenges · 3 check-ins"
    )
    assert table_rows(page, "table-modes")[2] == ["Kaizen", "2", "0"]


@pytest.mark.parametrize("device", VIEWPORTS)
def test_a_mentor_sees_how_her_coach_coaches_without_a_word_of_their_notes(
    live_server, new_page, signed_in, device
):
    rui_id, _ = live_server.invite(f"Rui Mentor {device}")
    maya_id, _ = live_server.invite(f"Maya Coach {device}", manager_id=rui_id)
    lee_id, _ = live_server.invite(f"Lee Learner {device}", manager_id=maya_id)
    ana_id, _ = live_server.invite(f"Ana Learner {device}", manager_id=maya_id)
    coach = new_page(viewport=VIEWPORTS[device])
    signed_in(coach, maya_id)
    scene = coaching_scene(coach, lee_id, ana_id)

    mentor = new_page(viewport=VIEWPORTS[device])
    signed_in(mentor, rui_id)
    open_path(mentor, "/mentor")
    mentor.get_by_test_id("mentor-coaches-link").click()
    expect(mentor.locator("#main h1")).to_have_text("Your coaches")
    maya = f"Maya Coach {device}"
    card = mentor.get_by_test_id("coach-card")
    expect(card).to_have_count(1)
    expect(card.locator("h2")).to_have_text(maya)
    facts = dict(
        card.locator("dl > div").evaluate_all(
            "(rows) => rows.map((r) => [r.querySelector('dt').innerText, r.querySelector('dd').innerText])"
        )
    )
    assert facts == {
        "People they manage": "2",
        "Load": "2 learners, 2 active challenges",
        "Days between": "9 days (planned 7 days)",
        "On time": "0/1 (0%)",
        "Overdue check-ins": "1, 4 days late",
        "Stuck learners": f"Lee Learner {device}",
    }
    assert table_rows(mentor, "table-coaches") == [[maya, "2", "9", "1", "1", "50%"]]
    modes = {row[0]: row[1:] for row in table_rows(mentor, "table-coach-modes")}
    assert modes["Kaizen"] == ["2", "1 / 1", "50%", "–"]
    expect(mentor.get_by_test_id("chart-coaches").locator("desc")).to_have_text(
        f"{maya}: load 2, overdue check-ins 1, stuck learners 1, targets met 50%."
    )
    # Numbers and names only: no note, no problem statement, no challenge title.
    page_text = mentor.locator("body").inner_text()
    for words in (SECRET_NOTE, "Changeover takes 47 minutes", "Torque the bolts"):
        assert words not in page_text
    assert SECRET_NOTE not in mentor.content()
    mentor.screenshot(path=f"/tmp/gkc-insight-coaches-{device}.png", full_page=True)
    assert tables_too_wide(mentor) == []
    assert accessibility_problems(mentor) == []
    assert small_targets(mentor) == []
    # Opened from Mentor, it goes back to Mentor (not to Team insight, which she did not open).
    expect(mentor.locator(".backlink")).to_have_text("‹ Mentor")
    expect(mentor.locator(".backlink")).to_have_attribute("href", "/mentor")

    # Offline, the mentor's device still counts it.
    wait_for_service_worker(mentor)
    mentor.context.set_offline(True)
    mentor.reload()
    expect(mentor.get_by_test_id("coach-card").locator("h2")).to_have_text(maya)

    # Maya sees the same about herself on her own Insight, by mode.
    open_path(coach, "/insight")
    assert table_rows(coach, "table-self")[-1][:3] == ["All modes", "4", "1 / 1"]

    # Maya closes Ana's standard: one learner, one active challenge, said in the singular.
    update(coach, "challenge", scene["standard"], status="done", actual=20)
    sync_now(coach)
    mentor.context.set_offline(False)
    sync_now(mentor)
    facts = mentor.get_by_test_id("coach-card").get_by_test_id("coach-facts")
    expect(facts).to_contain_text("Load1 learner, 1 active challenge")
    expect(facts).not_to_contain_text("challenges")
    # The same card in French: singular words, and no table wider than the phone.
    mentor.evaluate("localStorage.setItem('gembakit.language', 'fr')")
    mentor.reload()
    expect(mentor.locator("#main h1")).to_have_text("Vos coachs")
    facts = mentor.get_by_test_id("coach-card").get_by_test_id("coach-facts")
    expect(facts).to_contain_text("Charge1 apprenant, 1 défi en cours")
    expect(facts).to_contain_text("Points d’étape en retard1, 4 jours de retard")
    expect(facts).to_contain_text("Écart entre points d’étape")
    assert tables_too_wide(mentor) == []
    assert mentor.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[device]["width"]


def test_a_french_coach_reads_the_same_figures_in_french_words_and_numbers(
    live_server, new_page, signed_in
):
    camille_id, _ = live_server.invite("Camille Coach")
    lee_id, _ = live_server.invite("Lee Learner", manager_id=camille_id)
    ana_id, _ = live_server.invite("Ana Learner", manager_id=camille_id)
    page = new_page(viewport=VIEWPORTS["phone"])
    signed_in(page, camille_id)
    coaching_scene(page, lee_id, ana_id)
    # She chooses French on this phone (Account › Language keeps it here).
    page.evaluate("localStorage.setItem('gembakit.language', 'fr')")
    page.goto("/insight")
    expect(page.locator("#main h1")).to_have_text("Tableau de l’équipe")
    expect(page.get_by_test_id("insight-summary")).to_have_text(
        "2 apprenants · 4 défis · 3 points d’étape"
    )
    expect(page.get_by_test_id("targets-line")).to_have_text(
        "Cibles atteintes : 1 sur 2 (50\u202f%)"
    )
    assert table_rows(page, "table-cadence")[1][1:] == ["9", "7", "0/1", "4 jours de retard"]
    # Read aloud, the plan agrees with any number of days ("prévu : 1 jour", never "1 jour prévus").
    expect(page.get_by_test_id("chart-cadence").locator("desc")).to_contain_text(
        "Lee Learner : 2 points d’étape, 9 jours entre points d’étape, prévu : 7 jours, prochain : 4 jours de retard."
    )
    expect(page.get_by_test_id("insight-self")).to_contain_text("9 jours (prévu : 7 jours)")
    # French numbers: a decimal comma, a (narrow) no-break space before %.
    cells = [" ".join(cell.split()) for cell in table_rows(page, "table-self")[-1]]
    assert cells == ["Tous les modes", "4", "1 / 1", "50 %", "−0,33"]
    # French words are longer: still no table that hides its last column (how late) off screen.
    assert tables_too_wide(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
