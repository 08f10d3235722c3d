"""Passkey enrolment and sign-in, through the real py_webauthn ceremonies."""

from datetime import timedelta

from server.models import Credential, Invite, Person, utcnow
from server.people.invites import create_person, issue_invite, setup_link

from .conftest import ORIGIN, Api
from .softauthn import SoftAuthenticator


def test_first_run_prints_setup_link_that_enrols_the_first_admin(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["setup"])
    assert result.exit_code == 0
    url = [w for w in result.output.split() if w.startswith(ORIGIN)][0]
    assert "/setup/" in url
    api = Api(app)
    assert api.get(f"/api/invites/{url.rsplit('/', 1)[1]}").json["kind"] == "setup"
    response = api.enrol(url, nickname="My phone")
    assert response.status_code == 200
    assert response.json["user"]["isAdmin"] is True
    me = api.get("/api/me").json
    assert me["user"]["name"] == "Admin"
    # Once an admin has a passkey, setup prints no more links.
    again = runner.invoke(args=["setup"])
    assert "/setup/" not in again.output and "is set up" in again.output


def test_sign_out_then_back_in_with_the_passkey_alone(enrol, app):
    maya = enrol("Maya")
    assert maya.post("/api/auth/logout", {}).json == {"ok": True}
    assert maya.get("/api/me").status_code == 401
    response = maya.sign_in()
    assert response.status_code == 200
    assert response.json["user"]["name"] == "Maya"
    assert maya.get("/api/me").json["user"]["name"] == "Maya"


def test_invite_link_works_once(app):
    with app.app_context():
        url = issue_invite(create_person("Lee"), ORIGIN)
    assert Api(app).enrol(url).status_code == 200
    second = Api(app)
    token = url.rsplit("/", 1)[1]
    response = second.post("/api/auth/register/options", {"invite": token})
    assert response.status_code == 410
    assert response.json["error"]["code"] == "invite_used"
    assert "new one" in response.json["error"]["message"]


def test_expired_or_unknown_invite_is_refused_with_what_to_do(app):
    with app.app_context():
        person = create_person("Lee")
        url = issue_invite(person, ORIGIN, ttl=timedelta(seconds=-1))
    api = Api(app)
    assert (
        api.post("/api/auth/register/options", {"invite": url.rsplit("/", 1)[1]}).status_code == 410
    )
    unknown = api.post("/api/auth/register/options", {"invite": "not-a-token"})
    assert unknown.status_code == 404 and unknown.json["error"]["code"] == "invite_unknown"


def test_invite_tokens_are_stored_only_as_hashes(app):
    with app.app_context():
        url = issue_invite(create_person("Lee"), ORIGIN)
        token = url.rsplit("/", 1)[1]
        stored = [i.token_hash for i in Invite.select()]
    assert token not in stored and len(stored[0]) == 64


def test_a_new_invite_replaces_the_old_one(app):
    with app.app_context():
        person = create_person("Lee")
        old = issue_invite(person, ORIGIN)
        new = issue_invite(person, ORIGIN)
    api = Api(app)
    assert (
        api.post("/api/auth/register/options", {"invite": old.rsplit("/", 1)[1]}).status_code == 410
    )
    assert api.enrol(new).status_code == 200


def test_a_challenge_cannot_be_replayed(app, enrol):
    maya = enrol("Maya")
    maya.post("/api/auth/logout", {})
    options = maya.post("/api/auth/login/options", {}).json
    answer = maya.authenticator.get(options)
    assert maya.post("/api/auth/login/verify", {"credential": answer}).status_code == 200
    maya.post("/api/auth/logout", {})
    replay = maya.post("/api/auth/login/verify", {"credential": answer})
    assert replay.status_code == 400
    assert replay.json["error"]["code"] == "challenge_missing"


def test_a_challenge_is_bound_to_the_session_that_asked_for_it(app, enrol):
    maya = enrol("Maya")
    options = maya.post("/api/auth/login/options", {}).json
    thief = Api(app)
    response = thief.post("/api/auth/login/verify", {"credential": maya.authenticator.get(options)})
    assert response.status_code == 400
    assert thief.get("/api/me").status_code == 401


def test_passkey_without_user_verification_is_refused(app):
    with app.app_context():
        url = issue_invite(create_person("Lee"), ORIGIN)
    api = Api(app, authenticator=SoftAuthenticator(ORIGIN, user_verified=False))
    response = api.enrol(url)
    assert response.status_code == 400
    assert response.json["error"]["code"] == "passkey_invalid"
    with app.app_context():
        assert Credential.select().count() == 0
        assert Invite.get().used_at is None  # the invite still works


def test_passkey_made_for_another_origin_is_refused(app):
    with app.app_context():
        url = issue_invite(create_person("Lee"), ORIGIN)
    api = Api(app)
    options = api.post("/api/auth/register/options", {"invite": url.rsplit("/", 1)[1]}).json
    api.authenticator = SoftAuthenticator(ORIGIN)
    forged = api.authenticator.create(options, origin="https://evil.example")
    response = api.post("/api/auth/register/verify", {"credential": forged})
    assert response.status_code == 400


def test_removed_passkey_cannot_sign_in(app, enrol):
    maya = enrol("Maya")
    stranger = Api(app, authenticator=SoftAuthenticator(ORIGIN))
    stranger.authenticator.user_handle = maya.authenticator.user_handle
    response = stranger.sign_in()
    assert response.status_code == 400
    assert response.json["error"]["code"] == "passkey_unknown"


def test_garbage_credential_is_a_clear_400(app, enrol):
    maya = enrol("Maya")
    maya.post("/api/auth/login/options", {})
    response = maya.post("/api/auth/login/verify", {"credential": {"id": "@@@", "x": 1}})
    assert response.status_code == 400 and response.json["error"]["message"]


def test_add_a_second_device_then_manage_passkeys(app, enrol):
    maya = enrol("Maya")
    listed = maya.get("/api/me/credentials").json["credentials"]
    assert len(listed) == 1
    only = listed[0]["id"]
    refused = maya.delete(f"/api/me/credentials/{only}")
    assert refused.status_code == 409 and refused.json["error"]["code"] == "last_credential"

    tablet = SoftAuthenticator(ORIGIN)
    options = maya.post("/api/auth/register/options", {}).json
    assert [c["id"] for c in options["excludeCredentials"]]  # the phone's passkey is excluded
    added = maya.post(
        "/api/auth/register/verify",
        {"credential": tablet.create(options), "nickname": "Workshop tablet"},
    )
    assert added.status_code == 200
    listed = maya.get("/api/me/credentials").json["credentials"]
    assert [c["nickname"] for c in listed] == ["Passkey", "Workshop tablet"]
    renamed = maya.patch(f"/api/me/credentials/{only}", {"nickname": "Phone"})
    assert renamed.json["credential"]["nickname"] == "Phone"
    assert maya.delete(f"/api/me/credentials/{only}").status_code == 200
    # The phone's passkey no longer signs in; the tablet's does.
    maya.post("/api/auth/logout", {})
    assert maya.sign_in().status_code == 400
    maya.authenticator = tablet
    assert maya.sign_in().status_code == 200


def test_removing_a_lost_phones_passkey_signs_that_phone_out_at_once(app, enrol):
    maya = enrol("Maya")  # her phone, signed in with the phone's passkey
    laptop = maya.another_device()  # signed in with the phone's (synced) passkey, then
    laptop.authenticator = SoftAuthenticator(ORIGIN)  # it makes one of its own
    options = laptop.post("/api/auth/register/options", {}).json
    added = laptop.post(
        "/api/auth/register/verify",
        {"credential": laptop.authenticator.create(options), "nickname": "Laptop"},
    )
    assert added.status_code == 200
    # Adding a passkey keeps the session it was added from; the laptop now signs in with its own.
    laptop.post("/api/auth/logout", {})
    assert laptop.sign_in().status_code == 200
    phone_passkey = next(
        c for c in laptop.get("/api/me/credentials").json["credentials"] if not c["thisDevice"]
    )
    assert [c["thisDevice"] for c in maya.get("/api/me/credentials").json["credentials"]] == [
        True,
        False,
    ], "each device sees which passkey is its own"

    assert laptop.delete(f"/api/me/credentials/{phone_passkey['id']}").status_code == 200
    assert maya.get("/api/me").status_code == 401, "the lost phone is signed out"
    assert maya.pull(cursor="0").status_code == 401
    assert laptop.get("/api/me").status_code == 200, "the device that removed it is not"


def test_someone_elses_passkey_cannot_be_renamed_or_removed(app, enrol):
    maya, lee = enrol("Maya"), enrol("Lee")
    lees = lee.get("/api/me/credentials").json["credentials"][0]["id"]
    assert maya.patch(f"/api/me/credentials/{lees}", {"nickname": "x"}).status_code == 404
    assert maya.delete(f"/api/me/credentials/{lees}").status_code == 404


def test_adding_a_passkey_needs_a_session_or_an_invite(app):
    response = Api(app).post("/api/auth/register/options", {})
    assert response.status_code == 401


def test_disabled_person_is_signed_out_and_cannot_sign_in(app, enrol):
    maya = enrol("Maya")
    with app.app_context():
        Person.update(active=False).where(Person.id == maya.person.id).execute()
    assert maya.get("/api/me").status_code == 401
    assert maya.sign_in().status_code == 403


def test_cli_invite_creates_person_under_a_manager_and_prints_link(app, enrol):
    maya = enrol("Maya")
    result = app.test_cli_runner().invoke(args=["invite", "Lee Chen", "--manager", maya.person.id])
    assert result.exit_code == 0, result.output
    url = [w for w in result.output.split() if w.startswith(ORIGIN)][0]
    lee = Api(app)
    assert lee.enrol(url).status_code == 200
    me = lee.get("/api/me").json
    assert me["user"]["name"] == "Lee Chen" and me["manager"]["name"] == "Maya"
    assert [r["name"] for r in maya.get("/api/me").json["reports"]] == ["Lee Chen"]


def test_cli_invite_admin_and_unknown_manager(app):
    runner = app.test_cli_runner()
    ok = runner.invoke(args=["invite", "Ops Admin", "--admin"])
    assert ok.exit_code == 0 and "/invite/" in ok.output
    with app.app_context():
        assert Person.get(Person.name == "Ops Admin").is_admin
    bad = runner.invoke(args=["invite", "Lee", "--manager", "nobody"])
    assert bad.exit_code != 0 and "manager does not exist" in bad.output


def test_setup_link_is_not_offered_once_an_admin_has_a_passkey(app, enrol):
    enrol("Root", admin=True)
    with app.app_context():
        assert setup_link(ORIGIN) is None


def test_session_cookie_is_httponly_lax_and_secure(app, enrol):
    maya = Api(app)
    with app.app_context():
        url = issue_invite(create_person("Maya"), ORIGIN)
    response = maya.enrol(url)
    cookie = [h for h in response.headers.getlist("Set-Cookie") if "gembakit_session" in h][0]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie
    # Long enough for a shift offline and a weekend.
    assert "Expires=" in cookie
    assert utcnow() + timedelta(days=7) < utcnow() + app.permanent_session_lifetime


def test_an_old_copy_of_the_session_cookie_is_dead_after_sign_out(app, enrol):
    """A request in flight during sign-out may set the old cookie again; it must not work."""
    maya = enrol("Maya")
    stolen = maya.client.get_cookie("gembakit_session").value
    assert maya.post("/api/auth/logout", {}).status_code == 200
    maya.client.set_cookie("gembakit_session", stolen, domain="localhost")
    assert maya.get("/api/me").status_code == 401


def test_a_failed_passkey_says_what_to_do_not_what_the_library_said(app, enrol):
    """Issue 7: "The passkey could not be verified: Response sign count of 2 was not greater
    than current count of 2" told a person nothing they could act on."""
    maya = enrol("Maya")
    assert maya.sign_in().status_code == 200
    maya.authenticator.sign_count -= 1  # a cloned authenticator replays an old count
    refused = maya.sign_in()
    assert refused.status_code == 400 and refused.json["error"]["code"] == "passkey_invalid"
    message = refused.json["error"]["message"]
    assert "sign count" not in message.lower() and "count of" not in message
    assert "another of your passkeys" in message and "recovery link" in message

    with app.app_context():
        url = issue_invite(create_person("Lee"), ORIGIN)
    lee = Api(app, authenticator=SoftAuthenticator(ORIGIN))
    options = lee.post("/api/auth/register/options", {"invite": url.rsplit("/", 1)[1]}).json
    forged = lee.authenticator.create(options, origin="https://evil.example")
    bad = lee.post("/api/auth/register/verify", {"credential": forged})
    assert bad.status_code == 400
    assert "evil.example" not in bad.json["error"]["message"]
    assert "Try again" in bad.json["error"]["message"]
