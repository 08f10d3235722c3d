"""The app installs (manifest, icons) and its service worker serves the shell offline."""

import shutil
import struct

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from .user_steps import observation_cards, capture, wait_for_service_worker

pytestmark = pytest.mark.browser


def png_size(body):
    assert body[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", body[16:24])


def test_app_installs_manifest_and_icons_are_served(live_server, page):
    page.goto("/")
    href = page.locator("link[rel=manifest]").get_attribute("href")
    assert href == "/manifest.webmanifest"
    answer = page.request.get(href)
    assert answer.ok
    assert answer.headers["content-type"].startswith("application/manifest+json")
    manifest = answer.json()
    assert manifest["name"] == "Gembakit"
    assert manifest["short_name"]
    assert manifest["start_url"] == "/"
    assert manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"].startswith("#") and manifest["background_color"].startswith("#")
    theme = page.locator("meta[name=theme-color]").get_attribute("content")
    assert theme == manifest["theme_color"]

    icons = {(i["sizes"], i.get("purpose", "any")): i for i in manifest["icons"]}
    assert (
        ("192x192", "any") in icons
        and ("512x512", "any") in icons
        and ("512x512", "maskable") in icons
    )
    for icon in manifest["icons"]:
        answer = page.request.get(icon["src"])
        assert answer.status == 200, icon["src"]
        assert answer.headers["content-type"] == "image/png"
        width, height = png_size(answer.body())
        assert f"{width}x{height}" == icon["sizes"]

    # Served under the strict CSP, the app still runs: no inline script or style.
    assert "script-src 'self'" in page.request.get("/").headers["content-security-policy"]
    expect(page.get_by_role("button", name="Sign in with passkey")).to_be_visible()
    # A service worker with a fetch handler is part of installability.
    wait_for_service_worker(page)
    assert (
        page.evaluate("navigator.serviceWorker.controller.scriptURL") == f"{live_server.url}/sw.js"
    )


def test_a_french_browser_installs_from_the_french_manifest_and_reads_noscript_in_french(
    live_server, new_page
):
    """§104: the page links the manifest of the language it chose; without script, both."""
    page = new_page(locale="fr-FR")
    page.goto("/")
    expect(page.get_by_role("button", name="Se connecter avec une clé d’accès")).to_be_visible()
    manifest = page.locator("link[rel=manifest]")
    expect(manifest).to_have_attribute("href", "/manifest.fr.webmanifest")
    answer = page.request.get("/manifest.fr.webmanifest")
    assert answer.ok and answer.headers["content-type"].startswith("application/manifest+json")
    assert answer.json()["lang"] == "fr" and answer.json()["id"] == "/"

    # Without script the page speaks both languages (Playwright's java_script_enabled=False
    # leaves <noscript> unparsed, so its words are read here; test_pwa_serving.py has the rest).
    words = page.locator("noscript").inner_html()
    assert "Gembakit a besoin de JavaScript pour fonctionner." in words
    assert "Gembakit needs JavaScript to run." in words


def test_service_worker_serves_shell_offline(live_server, new_page, signed_in):
    person_id, _ = live_server.invite("Olga Offline")
    page = new_page()
    signed_in(page, person_id)
    capture(page, "Counts scrap only at the end of the shift")
    wait_for_service_worker(page)

    page.context.set_offline(True)
    page.reload()
    expect(page.get_by_test_id("offline")).to_be_visible()
    expect(observation_cards(page)).to_have_count(1)
    # A deep link opens offline too (navigation falls back to the cached shell).
    page.goto("/account")
    expect(page.get_by_test_id("account-name")).to_have_text("Olga Offline")
    expect(
        page.get_by_text("Connect to the network to see and manage your passkeys.")
    ).to_be_visible()
    page.goto("/observe")
    expect(page.get_by_label("Note")).to_be_focused()

    # Control: the same app without a service worker cannot reload offline.
    control = new_page(service_workers="block")
    control.goto("/")
    expect(control.get_by_role("button", name="Sign in with passkey")).to_be_visible()
    control.context.set_offline(True)
    with pytest.raises(PlaywrightError):
        control.reload()


def test_new_version_offers_reload_instead_of_trapping_users(
    live_server, page, tmp_path, monkeypatch
):
    import server.pwa

    # Serve a copy of the shell, so this test can "deploy" a new version of it.
    shell = tmp_path / "pwa"
    shutil.copytree(server.pwa.PWA_DIR, shell)
    monkeypatch.setattr(server.pwa, "PWA_DIR", shell)

    page.goto("/")
    wait_for_service_worker(page)
    expect(page.get_by_role("button", name="Sign in with passkey")).to_be_visible()
    expect(page.get_by_text("A new version is ready")).to_have_count(0)

    old_caches = page.evaluate("caches.keys()")
    # Deploy a change to one shell file only: nobody bumps a version by hand.
    css = shell / "css" / "app.css"
    css.write_text(css.read_text() + "\n/* next release */\n")
    page.evaluate("navigator.serviceWorker.getRegistration().then((r) => r.update())")
    expect(page.get_by_text("A new version is ready")).to_be_visible()
    page.get_by_role("button", name="Reload").click()
    expect(page.get_by_role("button", name="Sign in with passkey")).to_be_visible()
    expect(page.get_by_text("A new version is ready")).to_have_count(0)
    caches = page.evaluate("caches.keys()")
    assert len(caches) == 1 and caches != old_caches  # the old shell cache was deleted
    assert caches[0].startswith("gembakit-shell-")
