// The offline unlock's check (pwa/js/data/offline-unlock.js, decisions §109), with real keys
// and real signatures made by Node's WebCrypto, as an authenticator makes them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { webcrypto } from 'node:crypto';
import { checkAssertion, checkablePasskeys, derToRaw, fromB64url, toB64url } from '../../pwa/js/data/offline-unlock.js';

const { subtle } = webcrypto;
const ORIGIN = 'https://gembakit.example';
const RP_ID = 'gembakit.example';

/** raw r||s → DER, as authenticators send ECDSA signatures. */
function rawToDer(raw) {
  const int = (bytes) => {
    let start = 0;
    while (start < bytes.length - 1 && bytes[start] === 0) start++;
    let body = [...bytes.subarray(start)];
    if (body[0] & 0x80) body = [0, ...body];
    return [0x02, body.length, ...body];
  };
  const body = [...int(raw.subarray(0, 32)), ...int(raw.subarray(32))];
  return new Uint8Array([0x30, body.length, ...body]);
}

async function passkey(kind = 'ES256') {
  const params = {
    EdDSA: { name: 'Ed25519' },
    ES256: { name: 'ECDSA', namedCurve: 'P-256' },
    RS256: { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
  }[kind];
  const keys = await subtle.generateKey(params, true, ['sign', 'verify']);
  const spki = new Uint8Array(await subtle.exportKey('spki', keys.publicKey));
  return { kind, keys, stored: { credentialId: toB64url(new Uint8Array([1, 2, 3])), publicKey: toB64url(spki), alg: { EdDSA: -8, ES256: -7, RS256: -257 }[kind] } };
}

async function authenticatorData({ rpId = RP_ID, flags = 0x05 } = {}) {
  const hash = new Uint8Array(await subtle.digest('SHA-256', new TextEncoder().encode(rpId)));
  const data = new Uint8Array(37);
  data.set(hash, 0);
  data[32] = flags;
  data.set([0, 0, 0, 7], 33);
  return data;
}

/** What the authenticator answers: clientDataJSON, authenticatorData, signature over both. */
async function assertion(key, { challenge, origin = ORIGIN, type = 'webauthn.get', authData } = {}) {
  const clientDataJSON = new TextEncoder().encode(JSON.stringify({ type, challenge: toB64url(challenge), origin, crossOrigin: false }));
  const hash = new Uint8Array(await subtle.digest('SHA-256', clientDataJSON));
  const signed = new Uint8Array([...authData, ...hash]);
  let signature;
  if (key.kind === 'ES256') signature = rawToDer(new Uint8Array(await subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key.keys.privateKey, signed)));
  else if (key.kind === 'EdDSA') signature = new Uint8Array(await subtle.sign({ name: 'Ed25519' }, key.keys.privateKey, signed));
  else signature = new Uint8Array(await subtle.sign({ name: 'RSASSA-PKCS1-v1_5' }, key.keys.privateKey, signed));
  return { clientDataJSON, authenticatorData: authData, signature };
}

const challenge = webcrypto.getRandomValues(new Uint8Array(32));
const check = (response, stored, extra = {}) => checkAssertion({ response, challenge, origin: ORIGIN, rpId: RP_ID, passkey: stored, subtle, ...extra });

test('her passkey signing the challenge made on the device unlocks it (EdDSA, ES256, RS256)', async () => {
  for (const kind of ['EdDSA', 'ES256', 'RS256']) {
    const key = await passkey(kind);
    const response = await assertion(key, { challenge, authData: await authenticatorData() });
    assert.equal(await check(response, key.stored), null, kind);
  }
});

test('an answer to another challenge does not unlock', async () => {
  const key = await passkey();
  const other = webcrypto.getRandomValues(new Uint8Array(32));
  const response = await assertion(key, { challenge: other, authData: await authenticatorData() });
  assert.equal(await check(response, key.stored), 'challenge');
});

test('an answer made for another site (origin or RP ID) does not unlock', async () => {
  const key = await passkey();
  const elsewhere = await assertion(key, { challenge, origin: 'https://evil.example', authData: await authenticatorData() });
  assert.equal(await check(elsewhere, key.stored), 'origin');
  const otherRp = await assertion(key, { challenge, authData: await authenticatorData({ rpId: 'evil.example' }) });
  assert.equal(await check(otherRp, key.stored), 'rpId');
  const registration = await assertion(key, { challenge, type: 'webauthn.create', authData: await authenticatorData() });
  assert.equal(await check(registration, key.stored), 'type');
});

test('without user verification (or presence) it does not unlock', async () => {
  const key = await passkey();
  const noUv = await assertion(key, { challenge, authData: await authenticatorData({ flags: 0x01 }) });
  assert.equal(await check(noUv, key.stored), 'userVerified');
  const noUp = await assertion(key, { challenge, authData: await authenticatorData({ flags: 0x04 }) });
  assert.equal(await check(noUp, key.stored), 'userPresent');
});

test("another person's passkey signing does not unlock hers", async () => {
  for (const kind of ['EdDSA', 'ES256', 'RS256']) {
    const hers = await passkey(kind);
    const his = await passkey(kind);
    const response = await assertion(his, { challenge, authData: await authenticatorData() });
    assert.equal(await check(response, hers.stored), 'signature', kind);
  }
});

test('authenticator data changed after signing does not unlock', async () => {
  const key = await passkey('EdDSA');
  const response = await assertion(key, { challenge, authData: await authenticatorData() });
  const tampered = new Uint8Array(response.authenticatorData);
  tampered[36] ^= 0x01; // the sign count
  assert.equal(await check({ ...response, authenticatorData: tampered }, key.stored), 'signature');
  const clientData = new Uint8Array(response.clientDataJSON);
  const garbled = new Uint8Array(response.signature);
  garbled[garbled.length - 1] ^= 0x01;
  assert.equal(await check({ ...response, signature: garbled }, key.stored), 'signature');
  assert.equal(await check({ ...response, clientDataJSON: clientData.subarray(1) }, key.stored), 'clientData');
});

test('DER signatures of any length become 64 bytes; base64url round-trips; only checkable passkeys are kept', () => {
  const raw = new Uint8Array(64);
  raw[31] = 5; // r = 5 (short), s with the high bit set (padded with 0 in DER)
  raw.fill(0xff, 32);
  assert.deepEqual(derToRaw(rawToDer(raw)), raw);
  assert.throws(() => derToRaw(new Uint8Array([0x30, 0x01, 0x02])));
  const bytes = new Uint8Array([0, 250, 251, 252, 253, 254, 255]);
  assert.deepEqual(fromB64url(toB64url(bytes)), bytes);
  assert.deepEqual(
    checkablePasskeys([
      { id: 1, credentialId: 'a', publicKey: 'k', alg: -7, nickname: 'Phone' },
      { id: 2, credentialId: 'b', publicKey: null, alg: null },
      { id: 3, credentialId: 'c', publicKey: 'k', alg: -35 },
      { id: 4, credentialId: 'd', publicKey: 'e', alg: -8 },
    ]),
    [
      { credentialId: 'a', publicKey: 'k', alg: -7 },
      { credentialId: 'd', publicKey: 'e', alg: -8 },
    ],
  );
});
