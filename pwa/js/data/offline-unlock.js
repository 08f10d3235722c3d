// Offline unlock of a locked shared device (docs/decisions.md §109). The device keeps the
// public keys of the passkeys of the person it is locked for (the server lists them with her
// passkeys); with no server to ask, the lock screen makes its own challenge, asks her passkey
// to sign it, and checks the answer here with WebCrypto, as the server would: the ceremony's
// type, challenge and origin, the RP ID's hash, user present and verified, the signature.
// It only ends the lock of the session already on the device: it signs no one in.
// Loaded with the lock screen only. No DOM here: tests/js/offline-unlock.test.js runs it in Node.

const EDDSA = -8; // Ed25519
const ES256 = -7;
const RS256 = -257;
const UP = 0x01;
const UV = 0x04;

export function toB64url(bytes) {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let text = '';
  for (const byte of view) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromB64url(text) {
  const base64 = String(text).replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** The passkeys a device can check offline: those the server gave a key of a known kind. */
export function checkablePasskeys(credentials) {
  return (credentials || [])
    .filter((c) => c && c.credentialId && c.publicKey && [EDDSA, ES256, RS256].includes(c.alg))
    .map((c) => ({ credentialId: c.credentialId, publicKey: c.publicKey, alg: c.alg }));
}

/** An ECDSA signature as authenticators send it (DER SEQUENCE of two INTEGERs) → raw r||s. */
export function derToRaw(der, size = 32) {
  const bytes = der instanceof Uint8Array ? der : new Uint8Array(der);
  let at = 0;
  const expect = (cond) => {
    if (!cond) throw new Error('bad signature encoding');
  };
  const length = () => {
    let n = bytes[at++];
    if (n & 0x80) {
      const count = n & 0x7f;
      expect(count >= 1 && count <= 2);
      n = 0;
      for (let i = 0; i < count; i++) n = (n << 8) | bytes[at++];
    }
    return n;
  };
  expect(bytes[at++] === 0x30);
  expect(length() === bytes.length - at);
  const out = new Uint8Array(size * 2);
  for (let part = 0; part < 2; part++) {
    expect(bytes[at++] === 0x02);
    let n = length();
    expect(n >= 1 && at + n <= bytes.length);
    let start = at;
    while (n > size && bytes[start] === 0) {
      start++;
      n--;
    }
    expect(n <= size);
    out.set(bytes.subarray(start, start + n), part * size + (size - n));
    at = start + n;
  }
  expect(at === bytes.length);
  return out;
}

function equalBytes(a, b) {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

/**
 * Check a WebAuthn assertion against the stored key. Returns null when it is good, else the
 * reason it is not (a word, for tests and the console: never shown as is).
 * `response`: { clientDataJSON, authenticatorData, signature } as ArrayBuffers or Uint8Arrays;
 * `challenge`: the bytes this device asked to be signed; `passkey`: { publicKey (SPKI,
 * base64url), alg }; `subtle`: crypto.subtle (the browser's, or Node's in tests).
 */
export async function checkAssertion({ response, challenge, origin, rpId, passkey, subtle = globalThis.crypto.subtle }) {
  const clientDataBytes = new Uint8Array(response.clientDataJSON);
  const authData = new Uint8Array(response.authenticatorData);
  const signature = new Uint8Array(response.signature);
  let clientData;
  try {
    clientData = JSON.parse(new TextDecoder().decode(clientDataBytes));
  } catch {
    return 'clientData';
  }
  if (!clientData || clientData.type !== 'webauthn.get') return 'type';
  if (clientData.challenge !== toB64url(challenge)) return 'challenge';
  if (clientData.origin !== origin) return 'origin';
  if (clientData.crossOrigin === true) return 'origin';
  if (authData.length < 37) return 'authenticatorData';
  const rpIdHash = new Uint8Array(await subtle.digest('SHA-256', new TextEncoder().encode(rpId)));
  if (!equalBytes(authData.subarray(0, 32), rpIdHash)) return 'rpId';
  const flags = authData[32];
  if (!(flags & UP)) return 'userPresent';
  if (!(flags & UV)) return 'userVerified';
  if (!passkey || !passkey.publicKey) return 'key';
  const clientDataHash = new Uint8Array(await subtle.digest('SHA-256', clientDataBytes));
  const signed = new Uint8Array(authData.length + clientDataHash.length);
  signed.set(authData, 0);
  signed.set(clientDataHash, authData.length);
  let good = false;
  try {
    if (passkey.alg === EDDSA) {
      const key = await subtle.importKey('spki', fromB64url(passkey.publicKey), { name: 'Ed25519' }, false, ['verify']);
      good = await subtle.verify({ name: 'Ed25519' }, key, signature, signed);
    } else if (passkey.alg === ES256) {
      const key = await subtle.importKey('spki', fromB64url(passkey.publicKey), { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
      good = await subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, derToRaw(signature), signed);
    } else if (passkey.alg === RS256) {
      const key = await subtle.importKey('spki', fromB64url(passkey.publicKey), { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['verify']);
      good = await subtle.verify({ name: 'RSASSA-PKCS1-v1_5' }, key, signature, signed);
    } else {
      return 'alg';
    }
  } catch {
    return 'signature';
  }
  return good ? null : 'signature';
}

/**
 * Ask the person's passkey (one of `passkeys`, those stored on the device for her) to sign a
 * challenge made here, and check it here. Resolves true when it is hers and good; false when
 * an answer came that does not check; rejects with the browser's error (cancelled, …).
 */
export async function unlockOffline(passkeys) {
  const challenge = crypto.getRandomValues(new Uint8Array(32));
  const rpId = location.hostname;
  const credential = await navigator.credentials.get({
    publicKey: {
      challenge,
      rpId,
      allowCredentials: passkeys.map((p) => ({ type: 'public-key', id: fromB64url(p.credentialId) })),
      userVerification: 'required',
      timeout: 120_000,
    },
  });
  if (!credential || !credential.response) return false;
  const passkey = passkeys.find((p) => p.credentialId === toB64url(credential.rawId));
  if (!passkey) return false; // not one of hers
  const reason = await checkAssertion({ response: credential.response, challenge, origin: location.origin, rpId, passkey });
  if (reason) console.warn(`offline unlock refused: ${reason}`);
  return reason === null;
}
