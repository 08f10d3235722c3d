"""Serves the PWA's static files at the site root; app routes fall back to index.html.

Files are served as server/assets.py built them: minified, compressed once, and, under a
`?v=<fingerprint>` URL, cacheable for a year (decisions §55-§57)."""

import threading
from pathlib import Path

from flask import Blueprint, Response, abort, g, jsonify, request
from flask.sessions import SecureCookieSessionInterface
from flask_login import current_user
from werkzeug.routing import PathConverter

from .assets import MANIFESTS, Shell

# The shell is pwa/ beside a checkout; a built wheel carries it as server/webapp.
PWA_DIR = next(
    path
    for path in (
        Path(__file__).resolve().parent / "webapp",
        Path(__file__).resolve().parent.parent / "pwa",
    )
    if path.is_dir()
)

bp = Blueprint("pwa", __name__)


class AppPath(PathConverter):
    """Any path outside /api, so API routes keep their own 404 and 405 answers."""

    regex = r"(?!api(?:/|$))[^/].*?"


class ShellSessionInterface(SecureCookieSessionInterface):
    """Shell files never renew the session cookie nor vary on it: renewing is the API's job,
    and a Set-Cookie on each of a first load's files costs more than the files themselves."""

    def save_session(self, app, session, response):
        if g.get("shell_file"):
            return
        super().save_session(app, session, response)


@bp.record_once
def _register_converter(state):
    state.app.url_map.converters["app_path"] = AppPath
    if type(state.app.session_interface) is SecureCookieSessionInterface:
        state.app.session_interface = ShellSessionInterface()
    _warm_in_background()


# The shell's entry points: revalidated on every load, so updates are never stuck, and
# asking for one checks whether the shell changed on disk.
ENTRY_POINTS = {"sw.js", "index.html"}
NO_CACHE = ENTRY_POINTS | MANIFESTS
IMMUTABLE = "public, max-age=31536000, immutable"
_shells: dict[Path, Shell] = {}


def _warm_in_background():
    """Minify and compress the shell once per process, at start-up, off the request path."""
    shell = current_shell()
    if not shell.warming:
        shell.warming = True
        threading.Thread(target=shell.warm, name="warm-shell", daemon=True).start()


def current_shell():
    """The built shell of PWA_DIR (a test may point PWA_DIR at a copy)."""
    shell = _shells.get(PWA_DIR)
    if shell is None:
        shell = _shells.setdefault(PWA_DIR, Shell(PWA_DIR))
    return shell


def shell_fingerprint():
    """A digest of every shell file: part of the service worker's cache name and of every
    asset URL, so that any change to the shell installs a new worker and new files."""
    shell = current_shell()
    shell.refresh()
    return shell.fingerprint


def _send(path):
    shell = current_shell()
    if path in ENTRY_POINTS:
        shell.refresh()
    asset = shell.get(path)
    if asset is None:
        abort(404)
    g.shell_file = True
    encoding, body = _negotiate(asset)
    response = Response(body, mimetype=asset.mimetype)
    headers = response.headers
    headers["ETag"] = f'"{asset.etag}-{encoding}"' if encoding else f'"{asset.etag}"'
    if asset.br or asset.gzip:
        headers["Vary"] = "Accept-Encoding"
    fingerprinted = request.args.get("v") == shell.fingerprint and path not in NO_CACHE
    # An old version's URL gets today's file, but must not keep it: only a current
    # fingerprint is a promise that the content never changes.
    headers["Cache-Control"] = IMMUTABLE if fingerprinted else "no-cache"
    if path == "sw.js":
        headers["Service-Worker-Allowed"] = "/"
    if _not_modified(asset.etag):
        response.status_code = 304
        response.set_data(b"")
        return response
    if encoding:
        headers["Content-Encoding"] = encoding
    return response


def _negotiate(asset):
    accepted = request.accept_encodings
    if asset.br and accepted["br"]:
        return "br", asset.br
    if asset.gzip and accepted["gzip"]:
        return "gzip", asset.gzip
    return None, asset.body


def _not_modified(etag):
    """If-None-Match names this content, in any of its encodings."""
    for tag in request.headers.get("If-None-Match", "").split(","):
        tag = tag.strip().removeprefix("W/").strip('"')
        if tag == "*" or tag.split("-")[0] == etag:
            return True
    return False


@bp.get("/")
def index():
    return _send("index.html")


@bp.get("/api/session")
def session_state():
    """Whether this browser is signed in, as a 200 either way: the shell asks at every start,
    and a signed-out visitor is no error (a 401 would be logged in the browser's console).
    Signed in, it carries the same profile as GET /api/me, saving the app a round trip."""
    if not current_user.is_authenticated:
        return jsonify({"signedIn": False})
    from .people import me

    return jsonify({"signedIn": True, "me": me().get_json()})


def _describe_session():
    from typing import Optional

    from .openapi import Op, describe
    from .responses import Answer, Me

    class SessionState(Answer):
        """Whether this browser is signed in; signed in, the same profile as GET /api/me."""

        signedIn: bool
        me: Optional[Me] = None

    describe(
        "GET",
        "/api/session",
        Op(
            "Whether this browser is signed in (200 either way, with my profile when signed in)",
            answer=SessionState,
            public=True,
        ),
    )


_describe_session()


# No file or app route has a longer name: a longer one is a 404, never a question to the
# file system (which answers "name too long" with an error, once a 500).
MAX_SEGMENT, MAX_PATH = 200, 1024


@bp.get("/<app_path:path>")
def static_or_app_route(path):
    segments = path.split("/")
    if len(path) > MAX_PATH or any(len(s.encode()) > MAX_SEGMENT for s in segments):
        abort(404)
    if path in current_shell():
        return _send(path)
    if "." in segments[-1]:
        abort(404)  # a missing asset, not an app route
    return _send("index.html")
