// Every error the server can answer has words for the person using the app.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { ERROR_CODES } from '../../pwa/js/contract.js';
import { MESSAGES, errorMessage } from '../../pwa/js/domain/error-messages.js';
import en from '../../pwa/js/i18n/en.js';
import enScreens from '../../pwa/js/i18n/en-screens.js';
import fr from '../../pwa/js/i18n/fr.js';
import frScreens from '../../pwa/js/i18n/fr-screens.js';
import { ApiError, request } from '../../pwa/js/data/api.js';
import { useCatalog } from '../../pwa/js/i18n/i18n.js';

useCatalog('en', en, enScreens); // the app loads its catalog at boot, the screens' part with a view

test('every error code the server answers with has a message in the app (both catalogs: i18n.test.js)', () => {
  const missing = Object.keys(ERROR_CODES).filter((code) => !enScreens[`error.${code}`]);
  assert.deepEqual(missing, []);
});

test('the catalog words no code the server has dropped', () => {
  const worded = Object.keys(enScreens).filter((key) => key.startsWith('error.') && !['error.refused', 'error.http'].includes(key)).map((key) => key.slice(6));
  assert.deepEqual(worded.filter((code) => !(code in ERROR_CODES)), []);
});

test('the server says more than its default: its words are shown; otherwise the table\'s', () => {
  assert.equal(errorMessage('name_taken', ERROR_CODES.name_taken.message), MESSAGES.name_taken);
  assert.equal(errorMessage('validation_error', 'observedAt: more than a day ahead of the device clock'), 'observedAt: more than a day ahead of the device clock');
  assert.equal(errorMessage('something_new', 'Said by a newer server'), 'Said by a newer server');
  assert.equal(errorMessage('invite_used'), MESSAGES.invite_used);
  assert.equal(MESSAGES.invite_used, enScreens['error.invite_used']);
});

/** The ApiError request() throws for an answer of `status` with `body` (fetch stubbed). */
async function answered(status, body = '') {
  const real = globalThis.fetch;
  globalThis.fetch = async () => new Response(body, { status });
  try {
    await request('GET', '/api/anything');
  } catch (err) {
    return err;
  } finally {
    globalThis.fetch = real;
  }
  throw new Error('request() did not fail');
}

test('an answer without a message or a known code reads its status in the person\'s language', async () => {
  const bare = await answered(404); // a proxy's bare 404
  assert.ok(bare instanceof ApiError && bare.code === 'http_404');
  assert.equal(errorMessage(bare), 'The server answered 404.');
  const coded = await answered(409, JSON.stringify({ error: { code: 'name_taken' } }));
  assert.equal(errorMessage(coded), MESSAGES.name_taken);
  const said = await answered(400, JSON.stringify({ error: { code: 'validation_error', message: 'note: too long' } }));
  assert.equal(errorMessage(said), 'note: too long');
  useCatalog('fr', fr, frScreens);
  try {
    assert.equal(errorMessage(bare), 'Le serveur a répondu 404.');
  } finally {
    useCatalog('en', en, enScreens);
  }
});
