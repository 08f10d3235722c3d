"""Photos: content-addressed uploads that precede the mutations referencing them.

`PUT /api/attachments/<sha256>` takes the raw image bytes. It is idempotent (the same bytes
again answer 200 and store nothing new), checks that the body hashes to the URL, and limits
the size and the type (JPEG, PNG or WebP, declared *and* recognised by their first bytes).
`GET /api/attachments/<sha256>` answers only to the person who uploaded it and to people who
may see a record whose `photos` list names it legitimately (`access.attachment_visible`); to
anyone else it does not exist (404, never 403, so nobody learns what others photographed).
A note may list a photo only if its author uploaded it or may see a live note of the
uploader's that shows it (`access.photos_not_listable`): knowing a hash opens nothing.

The bytes live in an attachment store: a folder by default (ATTACHMENTS_DIR), or any object
with `has`, `put` and `open` named by ATTACHMENTS_BACKEND as "package.module:factory", the
factory taking the app's config. The `attachment` table records who uploaded what.
"""

import hashlib
import importlib
import os
import re
import tempfile
from pathlib import Path

from flask import Blueprint, current_app, jsonify, request, send_file
from werkzeug.exceptions import RequestEntityTooLarge

from . import access
from .auth.sessions import current_scope, login_required
from .errors import ApiError, Code
from .models import Attachment

bp = Blueprint("attachments", __name__, url_prefix="/api/attachments")

SHA256 = re.compile(r"^[0-9a-f]{64}$")

# Declared type -> a test of the first bytes: the body must really be what it claims.
SIGNATURES = {
    "image/jpeg": lambda head: head.startswith(b"\xff\xd8\xff"),
    "image/png": lambda head: head.startswith(b"\x89PNG\r\n\x1a\n"),
    "image/webp": lambda head: head[:4] == b"RIFF" and head[8:12] == b"WEBP",
}


class FolderStore:
    """Files named by their hash in one folder, fanned out by the hash's first two digits."""

    def __init__(self, root):
        self.root = Path(root)

    def _path(self, sha256):
        return self.root / sha256[:2] / sha256

    def has(self, sha256):
        return self._path(sha256).is_file()

    def put(self, sha256, data):
        """Atomic: a reader sees the whole file or none (temp file, fsync, rename)."""
        path = self._path(sha256)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temp, path)
        except BaseException:
            if os.path.exists(temp):
                os.unlink(temp)
            raise

    def open(self, sha256):
        """A binary file object, or None when the bytes are not here."""
        try:
            return open(self._path(sha256), "rb")
        except FileNotFoundError:
            return None


def folder_store(config):
    return FolderStore(config["ATTACHMENTS_DIR"])


def _load_store(config):
    name = config["ATTACHMENTS_BACKEND"]
    if name == "folder":
        return folder_store(config)
    module, _, factory = name.partition(":")
    return getattr(importlib.import_module(module), factory or "create_store")(config)


def store():
    return current_app.extensions["attachments"]


def init_app(app):
    app.extensions["attachments"] = _load_store(app.config)
    app.register_blueprint(bp)


def _check_hash_format(sha256):
    if not SHA256.match(sha256):
        raise ApiError(
            400,
            Code.BAD_HASH,
            "Attachments are named by the lowercase hex SHA-256 of their bytes.",
        )


def _too_large(limit):
    return ApiError(
        413,
        Code.ATTACHMENT_TOO_LARGE,
        f"A photo may be at most {limit // (1024 * 1024)} MiB; shrink it and try again.",
        {"maxBytes": limit},
    )


def _read_body(limit):
    """The whole body, refusing more than `limit` bytes before and while reading it."""
    if request.content_length is not None and request.content_length > limit:
        raise _too_large(limit)
    request.max_content_length = limit  # the app-wide limit (for JSON) is smaller
    try:
        data = request.get_data(cache=False)
    except RequestEntityTooLarge:
        raise _too_large(limit) from None
    if request.content_length is None and len(data) >= limit:
        raise _too_large(limit)  # chunked: werkzeug stops reading at the limit without a word
    return data


@bp.put("/<sha256>")
@login_required
def upload(sha256):
    _check_hash_format(sha256)
    content_type = request.mimetype
    if content_type not in SIGNATURES:
        raise ApiError(
            415,
            Code.UNSUPPORTED_MEDIA_TYPE,
            "Photos must be JPEG, PNG or WebP.",
            {"allowed": sorted(SIGNATURES)},
        )
    data = _read_body(current_app.config["ATTACHMENT_MAX_BYTES"])
    if not data:
        raise ApiError(400, Code.EMPTY_ATTACHMENT, "The photo is empty.")
    if hashlib.sha256(data).hexdigest() != sha256:
        raise ApiError(
            400,
            Code.HASH_MISMATCH,
            "The photo's bytes do not match its SHA-256; it "
            "was probably damaged on the way. Send it again.",
        )
    if not SIGNATURES[content_type](data[:16]):
        raise ApiError(
            415,
            Code.CONTENT_MISMATCH,
            f"The bytes are not a {content_type.split('/')[1].upper()} image.",
        )
    if not store().has(sha256):
        store().put(sha256, data)  # bytes first: a recorded upload always has its bytes
    known = Attachment.select().where(Attachment.sha256 == sha256).exists()
    if not known:
        # The first uploader is recorded; the same bytes again change nothing.
        Attachment.insert(
            sha256=sha256, size=len(data), content_type=content_type, uploaded_by=current_scope().id
        ).on_conflict_ignore().execute()
    return jsonify(
        {"sha256": sha256, "size": len(data), "contentType": content_type}
    ), 200 if known else 201


@bp.get("/<sha256>")
@login_required
def download(sha256):
    _check_hash_format(sha256)
    attachment = Attachment.get_or_none(Attachment.sha256 == sha256)
    stream = None
    if attachment is not None and access.attachment_visible(current_scope(), sha256):
        stream = store().open(sha256)
    if stream is None:
        raise ApiError(404, Code.NOT_FOUND, "There is no photo here that you may see.")
    response = send_file(
        stream, mimetype=attachment.content_type, etag=sha256, conditional=True, max_age=None
    )
    response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
