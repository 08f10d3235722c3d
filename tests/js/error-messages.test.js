// Every error the server can answer has words for the person using the app.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { ERROR_CODES } from '../../pwa/js/contract.js';
import { MESSAGES, errorMessage } from '../../pwa/js/domain/error-messages.js';

test('every error code the server answers with has a message in the app', () => {
  const missing = Object.keys(ERROR_CODES).filter((code) => !MESSAGES[code]);
  assert.deepEqual(missing, []);
});

test('the table words no code the server has dropped', () => {
  assert.deepEqual(Object.keys(MESSAGES).filter((code) => !(code in ERROR_CODES)), []);
});

test('the server says more than its default: its words are shown; otherwise the table\'s', () => {
  assert.equal(errorMessage('name_taken', ERROR_CODES.name_taken.message), MESSAGES.name_taken);
  assert.equal(errorMessage('validation_error', 'observedAt: more than a day ahead of the device clock'), 'observedAt: more than a day ahead of the device clock');
  assert.equal(errorMessage('something_new', 'Said by a newer server'), 'Said by a newer server');
  assert.equal(errorMessage('invite_used'), MESSAGES.invite_used);
});
