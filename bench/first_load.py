"""`python -m bench.first_load`: what the app's first load transfers, measured in Chromium.

Two first loads of `/`, each with an empty HTTP cache and no service worker:
  (a) signed out: a new visitor, ends on the sign-in screen;
  (b) signed in: a coach (one report) whose device was enrolled, ends on Today, synced.
The figure is the sum of Chromium's encoded bytes (headers and compressed bodies, as on the
wire) of the page's own requests, from the DevTools protocol's Network.loadingFinished. The
service worker's precache of the rest of the shell starts after the first paint and is
counted apart (it runs in the worker, not in the page). Issue 10 asks for ≤ 60 KB each.
"""

import argparse
import json
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

BUDGET_BYTES = 60 * 1024
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}


class Transfer:
    """Every request a page makes, with the bytes Chromium received for it."""

    def __init__(self, context, page):
        self.requests = {}
        self.cdp = context.new_cdp_session(page)
        self.cdp.on("Network.requestWillBeSent", self._sent)
        self.cdp.on("Network.responseReceived", self._received)
        self.cdp.on("Network.loadingFinished", self._finished)
        self.cdp.on("Network.loadingFailed", self._finished)
        self.cdp.send("Network.enable")
        self.last_event = time.monotonic()

    def _entry(self, event):
        self.last_event = time.monotonic()
        return self.requests.setdefault(event["requestId"], {"bytes": 0, "done": False})

    def _sent(self, event):
        entry = self._entry(event)
        entry["url"] = event["request"]["url"]
        entry["sent"] = time.monotonic()

    def _received(self, event):
        response = event["response"]
        headers = {k.lower(): v for k, v in response["headers"].items()}
        self._entry(event).update(
            status=response["status"],
            encoding=headers.get("content-encoding"),
            fromServiceWorker=response.get("fromServiceWorker", False),
        )

    def _finished(self, event):
        entry = self._entry(event)
        entry["bytes"] = int(event.get("encodedDataLength", 0))
        entry["done"] = True

    def settle(self, quiet=1.0, timeout=20.0):
        """Wait until every request finished and nothing new started for `quiet` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            idle = time.monotonic() - self.last_event
            # Chromium may never finish a request it answers itself (the page's icon from
            # its memory cache): wait for the answered ones.
            if idle >= quiet and all(r["done"] for r in self.requests.values() if "status" in r):
                return
            time.sleep(0.1)
        raise TimeoutError(f"requests still open: {self.open()}")

    def open(self):
        return [r.get("url") for r in self.requests.values() if not r["done"]]

    @property
    def total(self):
        return sum(r["bytes"] for r in self.requests.values())

    def summary(self):
        rows = sorted(self.requests.values(), key=lambda r: -r["bytes"])
        return {
            "bytes": self.total,
            "requests": len(rows),
            "items": [
                {
                    "url": r.get("url", "?").split("/", 3)[-1],
                    "bytes": r["bytes"],
                    "status": r.get("status"),
                    "encoding": r.get("encoding"),
                }
                for r in rows
            ],
        }


def first_load_signed_out(browser, base_url):
    """A new visitor opens `/` and sees the sign-in screen."""
    from playwright.sync_api import expect

    context = browser.new_context(viewport=PHONE, base_url=base_url)
    try:
        page = context.new_page()
        transfer = Transfer(context, page)
        page.goto("/")
        expect(page.get_by_role("button", name="Sign in with passkey")).to_be_visible()
        transfer.settle()
        return transfer
    finally:
        context.close()


def first_load_signed_in(browser, base_url, invite_url):
    """A coach enrolled on this device opens `/` again with nothing cached, and sees Today."""
    from playwright.sync_api import expect
    from tests.browser.user_steps import add_authenticator, enrol

    context = browser.new_context(viewport=PHONE, base_url=base_url)
    try:
        enrolling = context.new_page()
        add_authenticator(context, enrolling)
        enrol(enrolling, invite_url)
        _forget_the_shell(context, enrolling)
        enrolling.close()
        page = context.new_page()
        transfer = Transfer(context, page)
        page.goto("/")
        expect(page.get_by_role("heading", name="Today")).to_be_visible()
        expect(page.get_by_test_id("pending")).to_have_text("All changes synced")
        transfer.settle()
        return transfer
    finally:
        context.close()


def _forget_the_shell(context, page):
    """No service worker, no shell cache, no HTTP cache: the next load is a first load
    (the session cookie and the device's own data stay)."""
    page.evaluate("""async () => {
      for (const r of await navigator.serviceWorker.getRegistrations()) await r.unregister();
      for (const name of await caches.keys()) await caches.delete(name);
    }""")
    cdp = context.new_cdp_session(page)
    cdp.send("Network.clearBrowserCache")
    cdp.detach()


@contextmanager
def coach_on_a_fresh_server():
    """The app as production runs it (gunicorn, a fresh migrated SQLite database) with a coach
    and one report invited: yields (origin, the coach's invite link). Shared by the browser
    benchmarks (first load, capture)."""
    from .live import LiveServer
    from .run import SECRET, invite, local_app

    with tempfile.TemporaryDirectory() as tmp:
        database_url = f"sqlite:///{tmp}/bench.db"
        local_app(database_url, "http://localhost")  # migrates the new database
        with LiveServer(database_url, tmp, SECRET, app="bench.app:create_app()") as server:
            app = local_app(database_url, server.origin)
            coach_id, link = invite(app, "Carla Coach", server.origin)
            invite(app, "Rui Report", server.origin, manager_id=coach_id)
            yield server.origin, link


@contextmanager
def chromium():
    """Debian's Chromium, headless, as the browser tests drive it."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


def run(base_url, invite_url):
    with chromium() as browser:
        return {
            "signed_out": first_load_signed_out(browser, base_url).summary(),
            "signed_in_today": first_load_signed_in(browser, base_url, invite_url).summary(),
        }


def main():
    from .run import machine

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    with coach_on_a_fresh_server() as (origin, link):
        figures = run(origin, link)
    figures["machine"] = machine()
    for name in ("signed_out", "signed_in_today"):
        load = figures[name]
        verdict = "ok" if load["bytes"] <= BUDGET_BYTES else "OVER BUDGET"
        print(
            f"first load, {name}: {load['bytes'] / 1024:.1f} KB in {load['requests']} "
            f"requests ({verdict}, budget {BUDGET_BYTES // 1024} KB)"
        )
        for item in load["items"]:
            print(
                f"  {item['bytes']:>7} B  {item['status']}  {item['encoding'] or '-':<5} "
                f"{item['url']}"
            )
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2))
    return figures


if __name__ == "__main__":
    main()
