"""Browser test fixtures: a live Gembakit server in a thread and Debian's Chromium.

One server per test module (each with its own SQLite file), one browser per
session, a fresh browser context per test. Each page gets a virtual WebAuthn
authenticator over CDP, so passkeys work without hardware. Pages always use
http://localhost:<port> (never 127.0.0.1): WebAuthn needs a domain as RP ID.

A test fails on any uncaught page error or console error of its pages, except the few
expected ones in ALLOWED; what a test provokes on purpose it allows itself, narrowly:
`@pytest.mark.console_errors(r"^http 410 /api/invites/")` or `page_errors.allow(...)`.
"""

import re
import threading
from urllib.parse import urlsplit

import pytest
from werkzeug.serving import make_server
from playwright.sync_api import Page, expect, sync_playwright

from server import create_app
from server.db import database
from ..conftest import passkey_without_ceremony
from ..softauthn import SoftAuthenticator
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

# Each problem a page reports is one line: "pageerror: …" (an uncaught exception),
# "http <status> <path>" (Chromium's console error for a resource answered 4xx/5xx, even one
# the app handles) or "console.error: <text> @ <url>". A test fails on any line not matched
# (re.search) by ALLOWED or by the test's own patterns. ALLOWED is for what every test may see.
ALLOWED = [
    # Emulated offline (context.set_offline): the app's fetches fail until it is back online.
    r"^console\.error: Failed to load resource: net::ERR_INTERNET_DISCONNECTED ",
]
RESOURCE_ERROR = re.compile(
    r"^Failed to load resource: the server responded with a status of (\d+)"
)


class PageErrors:
    """What the pages of one test reported: uncaught errors and console errors."""

    def __init__(self, allowed=()):
        self.allowed = [re.compile(p) for p in ALLOWED + list(allowed)]
        self.seen = []

    def allow(self, pattern):
        """Allow problems matching `pattern` (a regex, see ALLOWED) for the rest of this test."""
        self.allowed.append(re.compile(pattern))

    def watch(self, context):
        """Watch every page `context` opens from now on."""
        context.on("page", self._watch_page)

    def _watch_page(self, page):
        page.on("pageerror", lambda err: self.seen.append(f"pageerror: {err} @ {page.url}"))
        page.on("console", lambda msg: msg.type == "error" and self.seen.append(self._line(msg)))

    @staticmethod
    def _line(msg):
        url = msg.location.get("url", "")
        status = RESOURCE_ERROR.match(msg.text)
        if status and url:
            return f"http {status.group(1)} {urlsplit(url).path}"
        return f"console.error: {msg.text} @ {url}"

    def unexpected(self):
        return [line for line in self.seen if not any(p.search(line) for p in self.allowed)]


@pytest.fixture
def page_errors(request):
    """Collects the page and console errors of this test; the test fails on any not allowed."""
    return PageErrors(p for m in request.node.iter_markers("console_errors") for p in m.args)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    outcome = yield
    errors = getattr(item, "funcargs", {}).get("page_errors")
    unexpected = errors.unexpected() if errors else []
    if unexpected and outcome.excinfo is not None:  # failed already: still say what pages said
        print("Unexpected page/console errors:", *unexpected, sep="\n  ")
    elif unexpected:
        outcome.force_exception(
            AssertionError(
                f"{len(unexpected)} unexpected page/console error(s) in the browser:\n  "
                + "\n  ".join(unexpected)
                + "\n(One this test provokes on purpose: @pytest.mark.console_errors(regex).)"
            )
        )


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

    def passkey_and_session(self, person_id, authenticator):
        """What enrolling leaves on the server, made directly: a passkey row for
        `authenticator`'s key and a session made by the app's own sign_in(). Returns the
        session cookie's value, signed by the app."""
        from flask import session
        from server.auth.sessions import sign_in
        from server.models import Person

        credential = self._in_app(
            lambda: passkey_without_ceremony(Person.get_by_id(person_id), authenticator)
        )
        with self.app.test_request_context():  # its teardown closes the connection it opened
            sign_in(Person.get_by_id(person_id), credential)
            return self.app.session_interface.get_signing_serializer(self.app).dumps(dict(session))


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("server")
    app = create_app(
        {
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
        }
    )
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
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server, page_errors):
    """new_page(**context_options) -> a phone-sized page with a passkey authenticator."""
    contexts = []

    def make(**options):
        options.setdefault("viewport", PHONE)
        options.setdefault("base_url", live_server.url)
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page_errors.watch(context)
        page = context.new_page()
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


@pytest.fixture
def signed_in(live_server):
    """signed_in(page, person_id): `page` opens the app as that person, as if they had just
    enrolled on it (their passkey in the page's authenticator, a server session, Home, synced),
    without the WebAuthn ceremony. For tests that are not about enrolling or signing in; those
    use user_steps.enrol."""

    def sign_in(page, person_id):
        authenticator = SoftAuthenticator(live_server.url)
        cookie = live_server.passkey_and_session(person_id, authenticator)
        page._gembakit_cdp.send(
            "WebAuthn.addCredential",
            {
                "authenticatorId": page._gembakit_authenticator,
                "credential": authenticator.virtual_credential(),
            },
        )
        page.context.add_cookies(
            [
                {
                    "name": live_server.app.config["SESSION_COOKIE_NAME"],
                    "value": cookie,
                    "url": live_server.url,
                    "httpOnly": True,
                    "sameSite": "Lax",
                }
            ]
        )
        page.goto("/")
        expect(page.get_by_role("link", name="Observe")).to_be_visible()
        expect(page.get_by_test_id("pending")).to_have_text("All changes synced")

    return sign_in
