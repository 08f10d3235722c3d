"""Browser test fixtures: a live Gembakit server in a thread and Debian's Chromium.

One server per test module (each with its own SQLite file), one browser per
session, a fresh browser context per test. Each page gets a virtual WebAuthn
authenticator over CDP, so passkeys work without hardware. Pages always use
http://localhost:<port> (never 127.0.0.1): WebAuthn needs a domain as RP ID.
"""
import threading

import pytest
from werkzeug.serving import make_server
from playwright.sync_api import Page, expect, sync_playwright

from server import create_app
from server.db import database
from .user_steps import add_authenticator

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

expect.set_options(timeout=10_000)


class LiveServer:
    def __init__(self, app, url):
        self.app = app
        self.url = url

    def _in_app(self, fn):
        with self.app.app_context(), database.connection_context():
            return fn()

    def setup_link(self):
        from server.people.invites import setup_link

        return self._in_app(lambda: setup_link(self.url))

    def invite(self, name, is_admin=False, manager_id=None):
        """Create a person and return (person_id, invite_url)."""
        from server.people.invites import create_person, issue_invite

        def make():
            person = create_person(name, is_admin=is_admin, manager_id=manager_id)
            return person.id, issue_invite(person, self.url)

        return self._in_app(make)

    def query(self, fn):
        """Run fn() against the server's database (e.g. count rows through its models)."""
        return self._in_app(fn)


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("server")
    app = create_app({
        "DATABASE_URL": f"sqlite:///{tmp}/app.db",
        "SECRET_KEY": "test",
        "RP_ID": "localhost",
        "ORIGIN": "http://localhost:0",
        "TESTING": True,
        "AUTO_MIGRATE": True,
        # The server thread outlives each test's output capture: keep its access log quiet.
        "LOG_LEVEL": "WARNING",
        "ENV_NAME": "development",
        "ATTACHMENTS_DIR": str(tmp / "attachments"),
    })
    server = make_server("localhost", 0, app, threaded=True)
    url = f"http://localhost:{server.server_port}"
    app.config["ORIGIN"] = url
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield LiveServer(app, url)
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server):
    """new_page(**context_options) -> a phone-sized page with a passkey authenticator."""
    contexts = []

    def make(**options):
        options.setdefault("viewport", PHONE)
        options.setdefault("base_url", live_server.url)
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda err: print(f"[pageerror] {err}"))
        page.on("console", lambda msg: msg.type == "error" and print(f"[console.error] {msg.text}"))
        add_authenticator(context, page)
        return page

    yield make
    for context in contexts:
        # A route handler still in flight (a held pull) must not fail the next test.
        for open_page in context.pages:
            open_page.unroute_all(behavior="ignoreErrors")
        context.unroute_all(behavior="ignoreErrors")
        context.close()


@pytest.fixture
def page(new_page) -> Page:
    return new_page()
