"""A shared tablet unlocks offline with the passkey of the person it is locked for (decisions
§109): the passkey list it already reads carries each passkey's WebAuthn id and public key
(SPKI), so the device can check a signature without the server. Only one's own passkeys."""

import os

import cbor2
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url

from server.models import Credential

from .conftest import ORIGIN
from .softauthn import SoftAuthenticator


def spki(public_key):
    return public_key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def test_my_passkeys_carry_their_public_key_for_an_offline_unlock_and_only_mine(app, enrol):
    maya = enrol("Maya")
    ben = enrol("Ben")
    # Maya adds a second passkey (a workshop tablet).
    tablet = SoftAuthenticator(ORIGIN)
    options = maya.post("/api/auth/register/options", {}).json
    added = maya.post("/api/auth/register/verify", {"credential": tablet.create(options)})
    assert added.status_code == 200

    listed = maya.get("/api/me/credentials").json["credentials"]
    assert len(listed) == 2
    for passkey, authenticator in zip(listed, [maya.authenticator, tablet]):
        assert passkey["credentialId"] == bytes_to_base64url(authenticator.credential_id)
        assert passkey["alg"] == -7
        key = serialization.load_der_public_key(base64url_to_bytes(passkey["publicKey"]))
        assert spki(key) == spki(authenticator.key.public_key())

    # Ben's list holds his passkey only; none of Maya's.
    bens = ben.get("/api/me/credentials").json["credentials"]
    assert [p["credentialId"] for p in bens] == [
        bytes_to_base64url(ben.authenticator.credential_id)
    ]
    assert not {p["publicKey"] for p in bens} & {p["publicKey"] for p in listed}
    # Signed out: no list at all.
    maya.post("/api/auth/logout", {})
    assert maya.get("/api/me/credentials").status_code == 401


def test_eddsa_and_rs256_passkeys_are_listed_with_their_key_and_an_unknown_kind_without(app, enrol):
    maya = enrol("Maya")
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    numbers = private.public_key().public_numbers()
    rsa_cose = cbor2.dumps(
        {1: 3, 3: -257, -1: numbers.n.to_bytes(256, "big"), -2: numbers.e.to_bytes(3, "big")}
    )
    p384 = ec.generate_private_key(ec.SECP384R1()).public_key().public_numbers()
    es384_cose = cbor2.dumps(
        {1: 2, 3: -35, -1: 2, -2: p384.x.to_bytes(48, "big"), -3: p384.y.to_bytes(48, "big")}
    )
    edwards = ed25519.Ed25519PrivateKey.generate()
    raw = edwards.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    eddsa_cose = cbor2.dumps({1: 1, 3: -8, -1: 6, -2: raw})
    with app.app_context():
        for cose in (eddsa_cose, rsa_cose, es384_cose):
            Credential.create(
                person=maya.person, credential_id=os.urandom(16), public_key=cose, nickname="x"
            )
    listed = maya.get("/api/me/credentials").json["credentials"]
    assert [p["alg"] for p in listed] == [-7, -8, -257, None]
    for passkey, public in zip(listed[1:3], [edwards.public_key(), private.public_key()]):
        key = serialization.load_der_public_key(base64url_to_bytes(passkey["publicKey"]))
        assert spki(key) == spki(public)
    assert listed[3]["publicKey"] is None and listed[3]["credentialId"]
