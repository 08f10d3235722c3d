// What a form says before it saves: the first missing or too long field, in the order shown.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { firstProblem } from '../../pwa/js/ui/form.js';

const rules = [
  { name: 'action', required: 'Write the action.' },
  { name: 'reason', required: 'Write the reason.', label: 'The reason', maxLength: 10 },
];

test('a form with every required field filled in has no problem', () => {
  assert.equal(firstProblem(rules, { action: 'Stop the line', reason: 'Quality' }), null);
});

test('the first empty field is named, and spaces alone count as empty', () => {
  assert.deepEqual(firstProblem(rules, { action: '   ', reason: '' }), { name: 'action', message: 'Write the action.' });
  assert.deepEqual(firstProblem(rules, { action: 'Stop', reason: undefined }), { name: 'reason', message: 'Write the reason.' });
});

test('text over the server\'s limit says how long it is and what the limit is', () => {
  assert.deepEqual(firstProblem(rules, { action: 'Stop', reason: 'Because quality matters' }), {
    name: 'reason', message: 'The reason is too long (23 characters, at most 10).' });
});
