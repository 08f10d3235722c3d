"""Serves the PWA's static files at the site root; app routes fall back to index.html."""
import hashlib
import re
from pathlib import Path

from flask import Blueprint, Response, abort, send_from_directory
from werkzeug.routing import PathConverter

# The shell is pwa/ beside a checkout; a built wheel carries it as server/webapp.
PWA_DIR = next(path for path in (Path(__file__).resolve().parent / "webapp",
                                 Path(__file__).resolve().parent.parent / "pwa")
               if path.is_dir())

bp = Blueprint("pwa", __name__)


class AppPath(PathConverter):
    """Any path outside /api, so API routes keep their own 404 and 405 answers."""
    regex = r"(?!api(?:/|$))[^/].*?"


@bp.record_once
def _register_converter(state):
    state.app.url_map.converters["app_path"] = AppPath

NO_CACHE = {"sw.js", "index.html", "manifest.webmanifest"}


def shell_fingerprint():
    """A digest of every shell file: part of the service worker's cache name, so that any
    change to the shell installs a new worker and nobody is kept on old files."""
    digest = hashlib.sha256()
    for path in sorted(p for p in PWA_DIR.rglob("*") if p.is_file()):
        digest.update(path.relative_to(PWA_DIR).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _service_worker():
    source = (PWA_DIR / "sw.js").read_text()
    stamped = re.sub(r"const VERSION = '([^']+)';",
                     lambda m: f"const VERSION = '{m.group(1)}-{shell_fingerprint()}';",
                     source, count=1)
    return Response(stamped, mimetype="text/javascript")


def _send(path):
    if path == "sw.js":
        response = _service_worker()
    else:
        response = send_from_directory(PWA_DIR, path, max_age=0)
    if path in NO_CACHE:
        # The service worker and the shell must be revalidated, so updates are never stuck.
        response.headers["Cache-Control"] = "no-cache"
    if path == "sw.js":
        response.headers["Service-Worker-Allowed"] = "/"
    if path.endswith(".webmanifest"):
        response.mimetype = "application/manifest+json"
    return response


@bp.get("/")
def index():
    return _send("index.html")


# No file or app route has a longer name: a longer one is a 404, never a question to the
# file system (which answers "name too long" with an error, once a 500).
MAX_SEGMENT, MAX_PATH = 200, 1024


@bp.get("/<app_path:path>")
def static_or_app_route(path):
    segments = path.split("/")
    if len(path) > MAX_PATH or any(len(s.encode()) > MAX_SEGMENT for s in segments):
        abort(404)
    if _is_shell_file(path) and path != "icons/make_icons.py":
        return _send(path)
    if "." in segments[-1]:
        abort(404)  # a missing asset, not an app route
    return _send("index.html")


def _is_shell_file(path):
    try:
        return (PWA_DIR / path).is_file()
    except (OSError, ValueError):  # a name the file system refuses is no file of ours
        return False
