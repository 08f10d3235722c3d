"""The sync contract: exactly-once push, rejected-but-kept mutations, commit-ordered pull."""

import hashlib
import uuid

import pytest

from server.models import Observation, RejectedMutation, Revision

from .conftest import ORIGIN, new_observation


def observations(app):
    with app.app_context():
        return list(Observation.select().order_by(Observation.created_at))


@pytest.fixture
def two_devices(new_person):
    """Maya's phone wrote a note; her phone and her tablet have both seen it.
    Returns (phone, tablet, note id, the version both devices saw)."""
    phone = new_person("Maya")
    note = new_observation(note="First")
    phone.push(phone.mutation("observation.create", **note))
    return phone, phone.another_device(), note["id"], phone.version_of(note["id"])


def test_captured_observations_reach_the_server_once(app, new_person):
    maya = new_person("Maya")
    batch = [
        maya.mutation("observation.create", **new_observation(note=f"note {i}")) for i in range(3)
    ]
    response = maya.push(*batch)
    assert response.status_code == 200
    assert response.json["lastMutationId"] == 3
    assert [r["status"] for r in response.json["results"]] == ["applied"] * 3
    assert len(observations(app)) == 3


def test_a_replayed_batch_changes_nothing(app, new_person):
    """The response to a push was lost; the device sends the same batch again."""
    maya = new_person("Maya")
    batch = [maya.mutation("observation.create", **new_observation()) for _ in range(2)]
    maya.push(*batch)
    with app.app_context():
        before = [(o.id, o.version) for o in Observation.select()]
        revisions = Revision.select().count()
    replay = maya.push(*batch)
    assert replay.status_code == 200
    assert [r["status"] for r in replay.json["results"]] == ["duplicate", "duplicate"]
    assert replay.json["lastMutationId"] == 2
    with app.app_context():
        assert [(o.id, o.version) for o in Observation.select()] == before
        assert Revision.select().count() == revisions


def test_an_overlapping_batch_applies_only_the_new_part(app, new_person):
    maya = new_person("Maya")
    first = [maya.mutation("observation.create", **new_observation()) for _ in range(2)]
    maya.push(*first)
    third = maya.mutation("observation.create", **new_observation())
    response = maya.push(*first, third)
    assert [r["status"] for r in response.json["results"]] == ["duplicate", "duplicate", "applied"]
    assert len(observations(app)) == 3


def test_a_gap_answers_409_with_the_expected_id_and_changes_nothing(app, new_person):
    maya = new_person("Maya")
    maya.push(maya.mutation("observation.create", **new_observation()))
    maya.next_mutation_id = 5
    response = maya.push(maya.mutation("observation.create", **new_observation()))
    assert response.status_code == 409
    assert response.json["error"]["code"] == "mutation_gap"
    assert response.json["error"]["details"]["expected"] == 2
    assert len(observations(app)) == 1


def test_a_bad_mutation_is_rejected_kept_and_the_next_one_applies(app, new_person):
    maya = new_person("Maya")
    bad = maya.mutation("observation.create", **new_observation(note="", kind="rumour"))
    good = maya.mutation("observation.create", **new_observation(note="Good one"))
    response = maya.push(bad, good)
    assert response.status_code == 200
    rejected, applied = response.json["results"]
    assert rejected["status"] == "rejected"
    assert rejected["error"]["code"] == "validation_error"
    assert {d["loc"] for d in rejected["error"]["details"]} == {"note", "kind"}
    assert applied["status"] == "applied"
    assert response.json["lastMutationId"] == 2
    assert [o.note for o in observations(app)] == ["Good one"]
    with app.app_context():
        kept = RejectedMutation.get()
        assert kept.mutation_id == 1 and kept.args["kind"] == "rumour"
        assert kept.code == "validation_error"
    # The rejected one is not retried as a gap either.
    again = maya.push(maya.mutation("observation.create", **new_observation()))
    assert again.json["results"][0]["status"] == "applied"


def test_unknown_mutation_name_is_rejected_not_dropped(app, new_person):
    maya = new_person("Maya")
    response = maya.push(maya.mutation("observation.explode", id=str(uuid.uuid4())))
    assert response.json["results"][0]["status"] == "rejected"
    assert response.json["results"][0]["error"]["code"] == "unknown_mutation"
    with app.app_context():
        assert RejectedMutation.select().count() == 1


def test_bad_json_is_a_400_json_error_and_changes_nothing(app, new_person):
    maya = new_person("Maya")
    response = maya.client.post(
        "/api/sync/push",
        data="{not json",
        headers={"Origin": "http://localhost:5000", "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json["error"]["code"] == "invalid_json"
    malformed = maya.post("/api/sync/push", {"clientId": "nope", "mutations": "x"})
    assert malformed.status_code == 400
    assert malformed.json["error"]["code"] == "validation_error"
    unordered = maya.post(
        "/api/sync/push",
        {
            "clientId": maya.client_id,
            "mutations": [
                {"id": 2, "name": "observation.create", "args": new_observation()},
                {"id": 1, "name": "observation.create", "args": new_observation()},
            ],
        },
    )
    assert unordered.status_code == 400
    assert observations(app) == []


def test_more_than_500_mutations_answer_413_so_the_client_halves_its_chunk(app, new_person):
    maya = new_person("Maya")
    batch = [maya.mutation("observation.create", **new_observation()) for _ in range(501)]
    response = maya.push(*batch)
    assert response.status_code == 413
    assert response.json["error"]["code"] == "too_many_mutations"
    assert observations(app) == []
    maya.next_mutation_id = 1
    assert maya.push(*batch[:250]).status_code == 200
    assert maya.push(*batch[250:500]).status_code == 200
    assert len(observations(app)) == 500


def test_a_request_body_over_the_size_limit_is_413(app, new_person):
    maya = new_person("Maya")
    huge = [
        maya.mutation("observation.create", **new_observation(note="x" * 4999)) for _ in range(1000)
    ]
    response = maya.post("/api/sync/push", {"clientId": maya.client_id, "mutations": huge})
    assert response.status_code == 413
    assert response.json["error"]["code"] == "payload_too_large"


def test_push_needs_a_signed_in_person(app, new_person):
    maya = new_person("Maya")
    maya.post("/api/auth/logout", {})
    response = maya.push(maya.mutation("observation.create", **new_observation()))
    assert response.status_code == 401
    assert "kept" in response.json["error"]["message"]


def test_one_persons_queue_is_never_accepted_under_another_persons_session(app, new_person):
    maya, lee = new_person("Maya"), new_person("Lee")
    maya.push(maya.mutation("observation.create", **new_observation()))
    lee.next_mutation_id = 2
    response = lee.push(
        lee.mutation("observation.create", **new_observation()), client_id=maya.client_id
    )
    assert response.status_code == 403
    assert response.json["error"]["code"] == "client_of_another_person"
    lee.client_id = maya.client_id
    assert lee.pull().status_code == 403


def test_pull_pages_in_commit_order_and_reports_last_mutation_id(app, new_person):
    maya = new_person("Maya")
    maya.push(
        *[maya.mutation("observation.create", **new_observation(note=f"n{i}")) for i in range(7)]
    )
    first = maya.pull(limit=3).json
    assert first["more"] is True and len(first["changes"]) == 3
    assert first["lastMutationId"] == 7
    versions = [c["version"] for c in first["changes"]]
    assert versions == sorted(versions)
    second = maya.pull(cursor=first["cursor"], limit=3).json
    third = maya.pull(cursor=second["cursor"], limit=3).json
    assert third["more"] is False
    notes = [c["data"]["note"] for page in (first, second, third) for c in page["changes"]]
    assert notes == [f"n{i}" for i in range(7)]
    assert maya.pull(cursor=third["cursor"]).json["changes"] == []


def test_another_device_of_the_same_person_receives_the_observation(app, new_person):
    phone = new_person("Maya")
    note = new_observation(note="Operator skips the torque check")
    phone.push(phone.mutation("observation.create", **note))
    tablet = phone.another_device()
    changes = tablet.pull_all()
    assert [(c["type"], c["id"], c["deleted"]) for c in changes] == [
        ("observation", note["id"], False)
    ]
    data = changes[0]["data"]
    assert data["note"] == "Operator skips the torque check"
    assert data["authorName"] == "Maya" and data["observedAt"] == "2026-11-25T08:30:00.000Z"


def test_update_and_delete_travel_as_versions_and_tombstones(app, new_person):
    maya = new_person("Maya")
    note = new_observation()
    maya.push(maya.mutation("observation.create", **note))
    (created,) = maya.pull_all()
    update = maya.mutation(
        "observation.update", id=note["id"], baseVersion=created["version"], note="Sharper wording"
    )
    assert maya.push(update).json["results"][0]["status"] == "applied"
    (updated,) = maya.pull_all()
    assert updated["data"]["note"] == "Sharper wording"
    assert updated["version"] > created["version"]
    delete = maya.mutation("observation.delete", id=note["id"], baseVersion=updated["version"])
    assert maya.push(delete).json["results"][0]["status"] == "applied"
    (gone,) = maya.pull_all()
    assert gone == {
        "type": "observation",
        "id": note["id"],
        "version": gone["version"],
        "deleted": True,
        "data": None,
    }
    # A fresh device never hears of deleted records.
    assert maya.pull(cursor="0").json["changes"] == []
    with app.app_context():
        ops = [r.op for r in Revision.select().order_by(Revision.version)]
    assert ops == ["create", "update", "delete"]


def test_queued_edits_of_an_unsynced_record_do_not_conflict_with_each_other(app, new_person):
    maya = new_person("Maya")
    note = new_observation()
    response = maya.push(
        maya.mutation("observation.create", **note),
        maya.mutation("observation.update", id=note["id"], baseVersion=0, note="Edit one"),
        maya.mutation("observation.update", id=note["id"], baseVersion=0, note="Edit two"),
    )
    assert [r["status"] for r in response.json["results"]] == ["applied"] * 3
    assert observations(app)[0].note == "Edit two"


def test_two_devices_edit_different_fields_and_both_changes_merge(app, two_devices):
    phone, tablet, note_id, base = two_devices
    phone.push(
        phone.mutation("observation.update", id=note_id, baseVersion=base, note="Phone wording")
    )
    result = tablet.push(
        tablet.mutation("observation.update", id=note_id, baseVersion=base, visibility="shared")
    )
    assert result.json["results"][0]["status"] == "merged"
    (obs,) = observations(app)
    assert (obs.note, obs.visibility, obs.flagged) == ("Phone wording", "shared", False)


def test_same_field_edited_on_two_devices_keeps_server_value_and_flags_it(app, two_devices):
    phone, tablet, note_id, base = two_devices
    phone.push(
        phone.mutation("observation.update", id=note_id, baseVersion=base, note="Phone wording")
    )
    result = tablet.push(
        tablet.mutation("observation.update", id=note_id, baseVersion=base, note="Tablet wording")
    )
    assert result.json["results"][0]["status"] == "conflict"
    (obs,) = observations(app)
    assert obs.note == "Phone wording" and obs.flagged
    with app.app_context():
        kept = Revision.select().where(Revision.conflicts.is_null(False)).get()
    assert kept.conflicts == {"note": "Tablet wording"}
    (pulled,) = phone.pull_all()
    assert pulled["data"]["flagged"] is True


def test_a_stale_delete_is_not_applied_and_is_flagged(app, two_devices):
    phone, tablet, note_id, base = two_devices
    phone.push(
        phone.mutation("observation.update", id=note_id, baseVersion=base, note="Still relevant")
    )
    result = tablet.push(tablet.mutation("observation.delete", id=note_id, baseVersion=base))
    assert result.json["results"][0]["status"] == "conflict"
    (obs,) = observations(app)
    assert not obs.deleted and obs.flagged and obs.note == "Still relevant"


def test_device_clock_is_recorded_never_trusted(app, new_person):
    maya = new_person("Maya")
    note = new_observation()
    create = maya.mutation("observation.create", **note)
    create["at"] = "1999-01-01T00:00:00Z"
    maya.push(create)
    with app.app_context():
        revision = Revision.get()
        obs = Observation.get()
    assert revision.device_at == "1999-01-01T00:00:00Z"
    assert obs.created_at.year == 2026


def test_a_cursor_from_the_future_asks_the_device_to_resync(app, new_person):
    maya = new_person("Maya")
    response = maya.pull(cursor="999999").json
    assert response["reset_required"] is True and response["cursor"] == ""


def test_bad_pull_query_is_a_400(app, new_person):
    maya = new_person("Maya")
    response = maya.get("/api/sync/pull", query_string={"clientId": "x", "cursor": "abc"})
    assert response.status_code == 400
    assert response.json["error"]["code"] == "validation_error"


def test_same_id_from_another_person_is_rejected_not_overwritten(app, new_person):
    maya, lee = new_person("Maya"), new_person("Lee")
    note = new_observation(note="Maya's")
    maya.push(maya.mutation("observation.create", **note))
    result = lee.push(lee.mutation("observation.create", **(note | {"note": "Lee's"})))
    assert result.json["results"][0]["error"]["code"] == "id_taken"
    assert [o.note for o in observations(app)] == ["Maya's"]


def test_purged_tombstones_make_old_devices_resync_without_losing_their_queue(app, new_person):
    maya = new_person("Maya")
    keep, gone = new_observation(note="keep"), new_observation(note="gone")
    maya.push(
        maya.mutation("observation.create", **keep), maya.mutation("observation.create", **gone)
    )
    old_device = maya.another_device()
    old_device.pull_all()
    maya.push(
        maya.mutation("observation.delete", id=gone["id"], baseVersion=maya.version_of(gone["id"]))
    )
    result = app.test_cli_runner().invoke(args=["purge-tombstones", "--days", "-1"])
    assert "Purged 1 tombstones" in result.output
    # The old device never heard of the deletion, and the tombstone is gone: start over.
    assert old_device.pull().json["reset_required"] is True
    old_device.cursor = ""
    assert [c["data"]["note"] for c in old_device.pull_all()] == ["keep"]
    # Its queue was never touched: the next push carries on from its last id.
    pushed = old_device.push(old_device.mutation("observation.create", **new_observation()))
    assert pushed.json["results"][0]["status"] == "applied"
    # A device that is up to date carries on without a reset.
    maya.pull_all()
    assert "reset_required" not in maya.pull().json


def test_history_shows_every_change_and_the_value_a_conflict_kept_off(app, two_devices):
    phone, tablet, note_id, base = two_devices
    phone.push(phone.mutation("observation.update", id=note_id, baseVersion=base, note="Phone"))
    tablet.push(tablet.mutation("observation.update", id=note_id, baseVersion=base, note="Tablet"))
    history = phone.get(f"/api/sync/history/observation/{note_id}").json["revisions"]
    assert [h["op"] for h in history] == ["create", "update", "update"]
    assert history[1]["changes"] == {"note": "Phone"}
    assert history[2]["conflicts"] == {"note": "Tablet"} and history[2]["changes"] == {}
    assert history[0]["authorName"] == "Maya"


def test_resolving_a_conflict_picks_a_value_and_clears_the_flag(app, two_devices):
    phone, tablet, note_id, base = two_devices
    phone.push(phone.mutation("observation.update", id=note_id, baseVersion=base, note="Phone"))
    tablet.push(tablet.mutation("observation.update", id=note_id, baseVersion=base, note="Tablet"))
    current = tablet.version_of(note_id)
    result = tablet.push(
        tablet.mutation(
            "observation.update",
            id=note_id,
            baseVersion=current,
            note="Phone and tablet",
            resolve=True,
        )
    )
    assert result.json["results"][0]["status"] == "applied"
    (obs,) = observations(app)
    assert obs.note == "Phone and tablet" and obs.flagged is False


def test_history_of_a_record_one_may_not_see_is_404(team):
    note = new_observation(personId=team["lee"].person.id)
    team["maya"].push(team["maya"].mutation("observation.create", **note))
    assert team["lee"].get(f"/api/sync/history/observation/{note['id']}").status_code == 404
    assert team["maya"].get("/api/sync/history/nothing/x").status_code == 404


def test_photos_can_be_added_to_an_observation_later(app, new_person):
    maya = new_person("Maya")
    note = new_observation()
    maya.push(maya.mutation("observation.create", **note))
    # Uploaded first, as the app does (issue 7: a note lists only photos its author uploaded).
    data = b"\x89PNG\r\n\x1a\n" + b"later"
    photo = hashlib.sha256(data).hexdigest()
    assert (
        maya.client.put(
            f"/api/attachments/{photo}",
            data=data,
            headers={"Origin": ORIGIN, "Content-Type": "image/png"},
        ).status_code
        == 201
    )
    result = maya.push(
        maya.mutation(
            "observation.update",
            id=note["id"],
            baseVersion=maya.version_of(note["id"]),
            photos=[photo],
        )
    )
    assert result.json["results"][0]["status"] == "applied"
    assert observations(app)[0].photos == [photo]
    bad = maya.push(
        maya.mutation("observation.update", id=note["id"], baseVersion=0, photos=["not-a-hash"])
    )
    assert bad.json["results"][0]["status"] == "rejected"


def test_an_edit_that_lost_to_a_delete_stays_readable_in_the_history(app, two_devices):
    phone, tablet, note_id, base = two_devices
    phone.push(phone.mutation("observation.delete", id=note_id, baseVersion=base))
    late = tablet.push(
        tablet.mutation(
            "observation.update",
            id=note_id,
            baseVersion=base,
            note="Written offline before the delete arrived",
        )
    )
    assert late.json["results"][0]["status"] == "conflict"
    history = tablet.get(f"/api/sync/history/observation/{note_id}").json["revisions"]
    assert history[-1]["conflicts"] == {"note": "Written offline before the delete arrived"}


def test_a_batch_of_creates_takes_one_version_each_in_mutation_order(app, new_person):
    maya = new_person("Maya")
    batch = [maya.mutation("observation.create", **new_observation(note=f"n{i}")) for i in range(5)]
    maya.push(*batch)
    with app.app_context():
        revisions = list(Revision.select().order_by(Revision.version))
        by_id = {o.id: o.version for o in Observation.select()}
    assert [r.mutation_id for r in revisions] == [1, 2, 3, 4, 5]
    assert [by_id[m["args"]["id"]] for m in batch] == [r.version for r in revisions]
    assert len(set(by_id.values())) == 5


def test_the_same_id_twice_in_one_batch_keeps_the_first_and_rejects_the_second(app, new_person):
    maya = new_person("Maya")
    note = new_observation(note="first")
    response = maya.push(
        maya.mutation("observation.create", **note),
        maya.mutation("observation.create", **(note | {"note": "second"})),
        maya.mutation("observation.create", **new_observation()),
    )
    assert [r["status"] for r in response.json["results"]] == ["applied", "rejected", "applied"]
    assert response.json["results"][1]["error"]["code"] == "id_taken"
    assert sorted(o.note for o in observations(app))[-1] == "first"
