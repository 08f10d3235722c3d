"""Serves the PWA's static files at the site root; app routes fall back to index.html."""
from pathlib import Path

from flask import Blueprint, abort, send_from_directory
from werkzeug.routing import PathConverter

PWA_DIR = Path(__file__).resolve().parent.parent / "pwa"

bp = Blueprint("pwa", __name__)


class AppPath(PathConverter):
    """Any path outside /api, so API routes keep their own 404 and 405 answers."""
    regex = r"(?!api(?:/|$))[^/].*?"


@bp.record_once
def _register_converter(state):
    state.app.url_map.converters["app_path"] = AppPath

NO_CACHE = {"sw.js", "index.html", "manifest.webmanifest"}


def _send(path):
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


@bp.get("/<app_path:path>")
def static_or_app_route(path):
    if (PWA_DIR / path).is_file() and path != "icons/make_icons.py":
        return _send(path)
    if "." in path.rsplit("/", 1)[-1]:
        abort(404)  # a missing asset, not an app route
    return _send("index.html")
