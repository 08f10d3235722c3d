"""Accessibility checks for the browser tests: axe-core (from npm, pinned in package.json,
installed by `npm ci`; never fetched at test time) on the whole page, and the size of every
control a thumb must hit (issue 12 point 9; docs/decisions.md §83)."""

from pathlib import Path

import pytest

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# Off by default in axe: both are what a new user on a phone notices.
EXTRA_RULES = {"label-content-name-mismatch": {"enabled": True}, "target-size": {"enabled": True}}
MIN_TARGET = 44  # CSS px, WCAG 2.5.5 (AAA) and Apple's and Google's guidance

TARGETS = """(min) => {
  const controls = document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], [role=radio], [role=checkbox], [role=tab], [tabindex]:not([tabindex="-1"])');
  const small = [];
  for (const el of controls) {
    if (el.closest('[hidden], .is-hidden, [inert]') || el.classList.contains('skip-link')) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none') continue;
    // A checkbox, radio or file input is hit through its <label> (the input may be hidden).
    const target = (el.matches('input[type=checkbox], input[type=radio], input[type=file]') && ((el.labels && el.labels[0]) || el.closest('label'))) || el;
    const box = target.getBoundingClientRect();
    if (!box.width && !box.height) continue;
    if (box.width < min - 0.5 || box.height < min - 0.5) {
      const name = (el.getAttribute('aria-label') || el.textContent || el.name || el.type || '').trim().slice(0, 40);
      small.push(`${el.tagName.toLowerCase()} "${name}" ${Math.round(box.width)}x${Math.round(box.height)}`);
    }
  }
  return small;
}"""


def accessibility_problems(page, include=None):
    """axe-core's serious and critical violations on the current page (or inside the CSS
    selector `include`), as (rule, count, first target) tuples."""
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `npm ci` (it is pinned in package.json)")
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text())  # evaluated by the debugger: the app's CSP is not involved
    context = f"{{include: [[{include!r}]]}}" if include else "document"
    result = page.evaluate(
        f"axe.run({context}, {{resultTypes: ['violations'], rules: {EXTRA_RULES!r}}})".replace(
            "True", "true"
        )
    )
    return [
        (v["id"], len(v["nodes"]), v["nodes"][0]["target"])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def small_targets(page, minimum=MIN_TARGET):
    """Every visible control whose box is under `minimum` px wide or tall."""
    return page.evaluate(TARGETS, minimum)
