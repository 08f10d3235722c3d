// Offline, server unreachable, signed out: each said as it is, with what to do.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { connectionState, serverNeededMessage } from '../../pwa/js/domain/connection.js';
import en from '../../pwa/js/i18n/en.js';
import { useCatalog } from '../../pwa/js/i18n/i18n.js';

useCatalog('en', en); // the app loads its catalog at boot

test('the browser without a network is offline, and the waiting changes are kept', () => {
  const c = connectionState({ online: false, pending: 3 }, false);
  assert.equal(c.kind, 'offline');
  assert.match(c.detail, /3 changes kept on this device/);
});

test('a server that answers 5xx or not at all while the network works is unreachable, not offline', () => {
  const now = 1_000_000;
  const c = connectionState({ online: true, unreachable: true, pending: 1, retryAt: now + 8000 }, true, now);
  assert.equal(c.kind, 'unreachable');
  assert.equal(c.label, 'Server not answering');
  assert.match(c.detail, /kept on this device; we retry every few seconds\./);
  assert.match(connectionState({ unreachable: true, retryAt: now + 300_000 }, true, now).detail, /we retry at \d/);
  assert.equal(connectionState({ online: false }, true).kind, 'offline'); // no answer at all: the browser cannot tell
});

test('a 401 is signed out, whatever the network, and says how many changes wait', () => {
  assert.equal(connectionState({ needsSignIn: true, pending: 3 }, false).kind, 'signed-out');
  assert.equal(connectionState({ needsSignIn: true, pending: 3 }, true).detail, 'Signed out — sign in to send 3 changes. They are kept on this device.');
  assert.equal(connectionState({ needsSignIn: true, pending: 1 }, true).detail, 'Signed out — sign in to send 1 change. It is kept on this device.');
});

test('otherwise online, with nothing to say', () => {
  assert.deepEqual(connectionState({ online: true, pending: 0 }, true), { kind: 'online', label: 'Online', detail: null });
});

test('a screen that needs the server never asks to connect when the network is fine', () => {
  assert.doesNotMatch(serverNeededMessage(true), /connect to the network/i);
  assert.match(serverNeededMessage(false), /Connect to the network/);
});
