"""The service worker precaches every file of the app shell, so none is missing offline."""

import re
from pathlib import Path

PWA = Path(__file__).resolve().parents[2] / "pwa"
NOT_SHELL = {"icons/make_icons.py"}


def precache_list():
    source = (PWA / "sw.js").read_text()
    block = re.search(r"const SHELL = \[(.*?)\];", source, re.S)
    assert block, "sw.js must declare its precache list as `const SHELL = [...]`"
    return re.findall(r"'([^']+)'", block.group(1))


def shell_files():
    files = set()
    for path in PWA.rglob("*"):
        rel = path.relative_to(PWA).as_posix()
        if path.is_file() and rel not in NOT_SHELL and rel != "sw.js" and "__pycache__" not in rel:
            files.add("/" + rel)
    return files


def test_every_pwa_file_is_precached_by_the_service_worker():
    listed = precache_list()
    assert len(listed) == len(set(listed)), "duplicates in the precache list"
    assert set(listed) == shell_files()


def test_cache_is_versioned_and_cleaned_by_prefix():
    source = (PWA / "sw.js").read_text()
    assert re.search(r"const VERSION = '[^']+';", source)
    assert "CACHE_PREFIX" in source and "caches.delete" in source
    assert "await cache.addAll(" in source and "waitUntil" in source


def test_shell_has_no_inline_script_or_style():
    """The CSP forbids inline code: no <script> bodies, style attributes or on* handlers."""
    html = (PWA / "index.html").read_text()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert "<style" not in html and " style=" not in html
    assert not re.search(r"\son[a-z]+=", html)
    for js in PWA.rglob("*.js"):
        code = js.read_text()
        assert not re.search(
            r"\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write", code
        ), f"{js.name}: build DOM with createElement/textContent, not HTML strings"
