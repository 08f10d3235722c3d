// Every error the server can answer has words for the person using the app.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { ERROR_CODES } from '../../pwa/js/contract.js';
import { MESSAGES, errorMessage } from '../../pwa/js/domain/error-messages.js';
import en from '../../pwa/js/i18n/en.js';
import enScreens from '../../pwa/js/i18n/en-screens.js';
import { useCatalog } from '../../pwa/js/i18n/i18n.js';

useCatalog('en', en, enScreens); // the app loads its catalog at boot, the screens' part with a view

test('every error code the server answers with has a message in the app (both catalogs: i18n.test.js)', () => {
  const missing = Object.keys(ERROR_CODES).filter((code) => !enScreens[`error.${code}`]);
  assert.deepEqual(missing, []);
});

test('the catalog words no code the server has dropped', () => {
  const worded = Object.keys(enScreens).filter((key) => key.startsWith('error.') && key !== 'error.refused').map((key) => key.slice(6));
  assert.deepEqual(worded.filter((code) => !(code in ERROR_CODES)), []);
});

test('the server says more than its default: its words are shown; otherwise the table\'s', () => {
  assert.equal(errorMessage('name_taken', ERROR_CODES.name_taken.message), MESSAGES.name_taken);
  assert.equal(errorMessage('validation_error', 'observedAt: more than a day ahead of the device clock'), 'observedAt: more than a day ahead of the device clock');
  assert.equal(errorMessage('something_new', 'Said by a newer server'), 'Said by a newer server');
  assert.equal(errorMessage('invite_used'), MESSAGES.invite_used);
  assert.equal(MESSAGES.invite_used, enScreens['error.invite_used']);
});
