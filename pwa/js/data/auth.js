// Passkeys (WebAuthn). The server sends the options as JSON; browsers with
// PublicKeyCredential.parse*OptionsFromJSON and credential.toJSON() use them,
// others (older Safari) go through the base64url fallback below.

import { t } from '../i18n/i18n.js';
import { api } from './api.js';

export function passkeysSupported() {
  return typeof window.PublicKeyCredential === 'function' && !!navigator.credentials;
}

// ---------------------------------------------------------------- base64url

export function b64urlToBuffer(value) {
  const base64 = value.replace(/-/g, '+').replace(/_/g, '/');
  const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
  const binary = atob(padded);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes.buffer;
}

export function bufferToB64url(buffer) {
  const bytes = new Uint8Array(buffer);
  let binary = '';
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function unwrap(options) {
  // Accept both the plain options object and {publicKey: {...}}.
  return options && options.publicKey ? options.publicKey : options;
}

function creationOptions(json) {
  if (typeof PublicKeyCredential.parseCreationOptionsFromJSON === 'function') {
    return PublicKeyCredential.parseCreationOptionsFromJSON(json);
  }
  return {
    ...json,
    challenge: b64urlToBuffer(json.challenge),
    user: { ...json.user, id: b64urlToBuffer(json.user.id) },
    excludeCredentials: (json.excludeCredentials || []).map((c) => ({ ...c, id: b64urlToBuffer(c.id) })),
  };
}

function requestOptions(json) {
  if (typeof PublicKeyCredential.parseRequestOptionsFromJSON === 'function') {
    return PublicKeyCredential.parseRequestOptionsFromJSON(json);
  }
  return {
    ...json,
    challenge: b64urlToBuffer(json.challenge),
    allowCredentials: (json.allowCredentials || []).map((c) => ({ ...c, id: b64urlToBuffer(c.id) })),
  };
}

function credentialToJSON(credential) {
  if (typeof credential.toJSON === 'function') {
    try {
      return credential.toJSON();
    } catch {
      /* fall through to the manual encoding */
    }
  }
  const r = credential.response;
  const response = { clientDataJSON: bufferToB64url(r.clientDataJSON) };
  if (r.attestationObject) {
    response.attestationObject = bufferToB64url(r.attestationObject);
    response.transports = typeof r.getTransports === 'function' ? r.getTransports() : [];
  }
  if (r.authenticatorData) response.authenticatorData = bufferToB64url(r.authenticatorData);
  if (r.signature) response.signature = bufferToB64url(r.signature);
  if (r.userHandle) response.userHandle = bufferToB64url(r.userHandle);
  return {
    id: credential.id,
    rawId: bufferToB64url(credential.rawId),
    type: credential.type,
    response,
    clientExtensionResults: credential.getClientExtensionResults ? credential.getClientExtensionResults() : {},
    authenticatorAttachment: credential.authenticatorAttachment ?? null,
  };
}

/** Turn a WebAuthn DOMException into a sentence that says what to do. */
export function describePasskeyError(err) {
  if (!err) return t('passkey.failed');
  if (err.name === 'NotAllowedError') return t('passkey.cancelled');
  if (err.name === 'InvalidStateError') return t('passkey.exists');
  if (err.name === 'SecurityError') return t('passkey.insecure');
  if (err.name === 'NotSupportedError') return t('passkey.unsupported');
  if (err.status === 0) return t('passkey.offline');
  return err.message || t('passkey.failed');
}

/**
 * Create a passkey. With `invite` this enrols the invited person; without it
 * a signed-in person adds a passkey on this device. Returns the server's user.
 */
export async function registerPasskey({ invite = null, nickname = '' } = {}) {
  const options = unwrap(await api.post('/api/auth/register/options', invite ? { invite } : {}));
  const credential = await navigator.credentials.create({ publicKey: creationOptions(options) });
  const body = { credential: credentialToJSON(credential) };
  if (nickname && nickname.trim()) body.nickname = nickname.trim();
  const answer = await api.post('/api/auth/register/verify', body);
  return { ...answer.user, credentialId: credential.id }; // the passkey this device offers them (§88)
}

/**
 * Sign in with a discoverable passkey (no username). With `credentialId` (the passkey this
 * device last saw for a person, decisions §88) the browser asks for that one only
 * (allowCredentials: a browser-side choice, the server accepts any registered passkey).
 * Returns the server's user, with the id of the passkey used.
 */
export async function signInWithPasskey({ credentialId = null } = {}) {
  const options = unwrap(await api.post('/api/auth/login/options', {}));
  if (credentialId) options.allowCredentials = [{ type: 'public-key', id: credentialId }];
  const credential = await navigator.credentials.get({ publicKey: requestOptions(options) });
  const answer = await api.post('/api/auth/login/verify', { credential: credentialToJSON(credential) });
  return { ...answer.user, credentialId: credential.id };
}

export async function signOutOfServer() {
  await api.post('/api/auth/logout', {});
}
