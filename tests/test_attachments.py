"""Photos: uploaded before the mutation that names them, content-addressed, idempotent, and
seen only by those who may see a record that shows them."""

import hashlib
import struct
import zlib

import pytest

from server import create_app
from server.models import Attachment

from .conftest import ORIGIN, make_config, new_observation


@pytest.fixture
def attachments_dir(tmp_path):
    return tmp_path / "attachments"


@pytest.fixture
def app(database_url, attachments_dir):
    app = create_app(make_config(database_url, ATTACHMENTS_DIR=str(attachments_dir)))
    yield app
    from server.db import database

    if not database.is_closed():
        database.close()


def png_photo(shade=0):
    """A real (tiny) PNG: a 2x2 grey picture."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + bytes([shade, shade]) for _ in range(2))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def jpeg_like(size, seed=b"andon"):
    """Bytes that start and end like a JPEG, padded to `size`."""
    head = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    filler = hashlib.sha256(seed).digest() * (size // 32 + 1)
    return (head + filler)[: size - 2] + b"\xff\xd9"


def sha(data):
    return hashlib.sha256(data).hexdigest()


def upload(api, data, content_type="image/png", name=None, headers=None):
    return api.client.put(
        f"/api/attachments/{name or sha(data)}",
        data=data,
        headers={"Origin": ORIGIN, "Content-Type": content_type} | (headers or {}),
    )


def fetch(api, name):
    return api.client.get(f"/api/attachments/{name}")


def stored_files(folder):
    return sorted(p.name for p in folder.rglob("*") if p.is_file())


def attachment_rows(app):
    with app.app_context():
        return list(Attachment.select())


def test_a_photo_uploads_once_and_a_repeated_upload_stores_nothing_new(
    app, new_person, attachments_dir
):
    maya = new_person("Maya")
    photo = png_photo()
    first = upload(maya, photo)
    assert first.status_code == 201
    assert first.json == {"sha256": sha(photo), "size": len(photo), "contentType": "image/png"}
    # The answer was lost; the device sends the photo again.
    again = upload(maya, photo)
    assert again.status_code == 200 and again.json == first.json
    assert stored_files(attachments_dir) == [sha(photo)]  # no temp file left behind
    (row,) = attachment_rows(app)
    assert (row.size, row.content_type, row.uploaded_by_id) == (
        len(photo),
        "image/png",
        maya.person.id,
    )
    back = fetch(maya, sha(photo))
    assert back.status_code == 200
    assert back.data == photo and back.mimetype == "image/png"


def test_a_photo_damaged_on_the_way_is_refused_and_nothing_is_stored(
    app, new_person, attachments_dir
):
    maya = new_person("Maya")
    photo = png_photo()
    damaged = photo[:-1] + b"\x00"
    response = upload(maya, damaged, name=sha(photo))
    assert response.status_code == 400
    assert response.json["error"]["code"] == "hash_mismatch"
    assert stored_files(attachments_dir) == [] and attachment_rows(app) == []
    assert fetch(maya, sha(photo)).status_code == 404
    not_a_hash = upload(maya, photo, name="photo.png")
    assert not_a_hash.status_code == 400 and not_a_hash.json["error"]["code"] == "bad_hash"


def test_a_photo_over_8_mib_is_413_but_one_over_the_4_mib_json_limit_is_fine(
    app, new_person, attachments_dir
):
    maya = new_person("Maya")
    big = jpeg_like(5 * 1024 * 1024)
    assert upload(maya, big, "image/jpeg").status_code == 201
    too_big = jpeg_like(8 * 1024 * 1024 + 1, seed=b"poka-yoke")
    response = upload(maya, too_big, "image/jpeg")
    assert response.status_code == 413
    assert response.json["error"]["code"] == "attachment_too_large"
    assert response.json["error"]["details"] == {"maxBytes": 8 * 1024 * 1024}
    assert stored_files(attachments_dir) == [sha(big)]


def test_only_jpeg_png_and_webp_pictures_are_accepted(app, new_person, attachments_dir):
    maya = new_person("Maya")
    text = b"not a picture at all"
    response = upload(maya, text, "text/plain")
    assert response.status_code == 415
    assert response.json["error"]["code"] == "unsupported_media_type"
    # A JPEG that claims to be a PNG is caught by its first bytes.
    disguised = jpeg_like(2048)
    response = upload(maya, disguised, "image/png")
    assert response.status_code == 415
    assert response.json["error"]["code"] == "content_mismatch"
    assert stored_files(attachments_dir) == [] and attachment_rows(app) == []
    webp = b"RIFF\x24\x00\x00\x00WEBPVP8 " + bytes(28)
    assert upload(maya, webp, "image/webp").status_code == 201
    assert upload(maya, disguised, "image/jpeg").status_code == 201


def test_uploading_needs_a_signed_in_person_in_the_app(app, new_person, attachments_dir):
    maya = new_person("Maya")
    photo = png_photo()
    foreign = upload(maya, photo, headers={"Origin": "https://evil.example"})
    assert foreign.status_code == 403 and foreign.json["error"]["code"] == "bad_origin"
    maya.post("/api/auth/logout", {})
    assert upload(maya, photo).status_code == 401
    assert stored_files(attachments_dir) == []


def test_a_photo_is_seen_only_by_those_who_may_see_an_observation_showing_it(app, team):
    maya, lee, rui, sam, ada = (team[k] for k in ("maya", "lee", "rui", "sam", "ada"))
    photo = png_photo(shade=90)
    name = sha(photo)
    assert upload(maya, photo).status_code == 201
    note = new_observation(
        note="Lee's kanban card has no due date", personId=lee.person.id, photos=[name]
    )
    created = maya.push(maya.mutation("observation.create", **note))
    assert created.json["results"][0]["status"] == "applied"
    # Private: only its author sees the note, so only she sees the photo.
    for outsider in (lee, rui, sam, ada):
        assert fetch(outsider, name).status_code == 404
    (pulled,) = maya.pull_all()
    shared = maya.push(
        maya.mutation(
            "observation.update", id=note["id"], baseVersion=pulled["version"], visibility="shared"
        )
    )
    assert shared.json["results"][0]["status"] == "applied"
    # Shared: the learner and their managers up the chain see it; a peer and another team not.
    changes = lee.pull_all()
    assert [c["data"]["photos"] for c in changes] == [[name]]
    for reader in (lee, rui):
        response = fetch(reader, name)
        assert response.status_code == 200 and response.data == photo
    for outsider in (sam, ada):
        assert fetch(outsider, name).status_code == 404
    # Deleted: the record is gone for the learner and so is the photo; its uploader keeps it.
    (latest,) = maya.pull_all()
    maya.push(maya.mutation("observation.delete", id=note["id"], baseVersion=latest["version"]))
    assert fetch(lee, name).status_code == 404
    assert fetch(maya, name).status_code == 200


def test_the_same_photo_uploaded_by_a_second_person_keeps_the_first_uploader(app, team):
    maya, ada = team["maya"], team["ada"]
    photo = png_photo(shade=7)
    assert upload(maya, photo).status_code == 201
    assert upload(ada, photo).status_code == 200  # she has the bytes; nothing new is stored
    (row,) = attachment_rows(app)
    assert row.uploaded_by_id == maya.person.id
    assert fetch(ada, sha(photo)).status_code == 404  # until a record she may see shows it


class MemoryStore:
    """Another attachment store, to show the backend is chosen by configuration."""

    instances = []

    def __init__(self, config):
        self.files = {}
        MemoryStore.instances.append(self)

    def has(self, name):
        return name in self.files

    def put(self, name, data):
        self.files[name] = data

    def open(self, name):
        import io

        return io.BytesIO(self.files[name]) if name in self.files else None


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_attachment_store_is_chosen_by_configuration(database_url, tmp_path, enrol_on):
    app = create_app(
        make_config(
            database_url,
            ATTACHMENTS_DIR=str(tmp_path / "unused"),
            ATTACHMENTS_BACKEND="tests.test_attachments:MemoryStore",
        )
    )
    maya = enrol_on(app, "Maya")
    photo = png_photo()
    assert upload(maya, photo).status_code == 201
    assert MemoryStore.instances[-1].files == {sha(photo): photo}
    assert fetch(maya, sha(photo)).data == photo
    assert not (tmp_path / "unused").exists()


@pytest.fixture
def enrol_on():
    """enrol_on(app, name) -> an Api signed in as a new person on that app."""
    from server.people.invites import create_person, issue_invite

    from .conftest import Api

    def _enrol(app, name):
        with app.app_context():
            url = issue_invite(create_person(name), ORIGIN)
        api = Api(app)
        assert api.enrol(url).status_code == 200
        return api

    return _enrol


def test_a_photo_added_to_an_existing_observation_travels_with_it(app, team):
    maya, lee = team["maya"], team["lee"]
    note = new_observation(personId=lee.person.id, visibility="shared")
    maya.push(maya.mutation("observation.create", **note))
    (created,) = maya.pull_all()
    photo = png_photo(shade=200)
    assert upload(maya, photo).status_code == 201
    added = maya.push(
        maya.mutation(
            "observation.update", id=note["id"], baseVersion=created["version"], photos=[sha(photo)]
        )
    )
    assert added.json["results"][0]["status"] == "applied", added.json
    assert [c["data"]["photos"] for c in lee.pull_all()] == [[sha(photo)]]
    assert fetch(lee, sha(photo)).data == photo


def test_a_hash_learned_elsewhere_cannot_be_listed_on_ones_own_note_nor_read(app, team):
    """Issue 7: knowing a photo's SHA-256 must not open it."""
    maya, lee, sam, ada = team["maya"], team["lee"], team["sam"], team["ada"]
    photo = png_photo(shade=33)
    assert upload(maya, photo).status_code == 201
    maya.push(
        maya.mutation(
            "observation.create",
            **new_observation(
                note="Lee's workstation, before", personId=lee.person.id, photos=[sha(photo)]
            ),
        )
    )
    for snoop in (ada, sam):  # another team, and a peer of the learner
        listed = snoop.push(
            snoop.mutation("observation.create", **new_observation(photos=[sha(photo)]))
        )
        (result,) = listed.json["results"]
        assert result["status"] == "rejected", result
        assert result["error"]["code"] == "unknown_photo"
        assert result["error"]["details"] == {"photos": [sha(photo)]}
        assert fetch(snoop, sha(photo)).status_code == 404
    # Added later to a note of one's own: refused the same way, and the note keeps its photos.
    own = new_observation(note="My own note")
    ada.push(ada.mutation("observation.create", **own))
    added = ada.push(
        ada.mutation(
            "observation.update",
            id=own["id"],
            baseVersion=ada.version_of(own["id"]),
            photos=[sha(photo)],
        )
    )
    assert added.json["results"][0]["error"]["code"] == "unknown_photo"
    assert fetch(ada, sha(photo)).status_code == 404


def test_a_photo_nobody_uploaded_is_refused_like_someone_elses(app, team):
    ada = team["ada"]
    never = sha(png_photo(shade=99))
    result = ada.push(ada.mutation("observation.create", **new_observation(photos=[never])))
    error = result.json["results"][0]["error"]
    assert error["code"] == "unknown_photo" and error["details"] == {"photos": [never]}


def test_a_learner_may_show_a_photo_from_a_note_shared_with_them_while_that_note_lives(app, team):
    maya, lee, rui, sam = team["maya"], team["lee"], team["rui"], team["sam"]
    photo = png_photo(shade=120)
    assert upload(maya, photo).status_code == 201
    coach_note = new_observation(personId=lee.person.id, visibility="shared", photos=[sha(photo)])
    maya.push(maya.mutation("observation.create", **coach_note))
    own = new_observation(
        note="What I changed since",
        personId=lee.person.id,
        visibility="shared",
        photos=[sha(photo)],
    )
    assert (
        lee.push(lee.mutation("observation.create", **own)).json["results"][0]["status"]
        == "applied"
    )
    assert fetch(rui, sha(photo)).status_code == 200  # through either note
    assert fetch(sam, sha(photo)).status_code == 404
    # The coach deletes her note: the photo stays with her only.
    maya.push(
        maya.mutation(
            "observation.delete", id=coach_note["id"], baseVersion=maya.version_of(coach_note["id"])
        )
    )
    for reader in (lee, rui):
        assert fetch(reader, sha(photo)).status_code == 404
    assert fetch(maya, sha(photo)).status_code == 200


def test_a_note_that_named_someone_elses_photo_before_this_rule_shows_nothing(app, team):
    """Rows written before photos were checked on write: reading checks the rule again."""
    from server.models import Observation

    maya, sam, rui = team["maya"], team["sam"], team["rui"]
    photo = png_photo(shade=77)
    assert upload(maya, photo).status_code == 201
    maya.push(maya.mutation("observation.create", **new_observation(photos=[sha(photo)])))
    with app.app_context():  # Sam's shared self-note naming Maya's private photo
        Observation.create(
            id=new_observation()["id"],
            version=10_000,
            author=sam.person.id,
            person=sam.person.id,
            note="old row",
            kind="idea",
            observed_at="2026-11-25 09:00:00",
            visibility="shared",
            photos=[sha(photo)],
        )
    for reader in (sam, rui):
        assert fetch(reader, sha(photo)).status_code == 404
