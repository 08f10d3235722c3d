// The device's copy of a record after each queued change, before the server answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { applyMutation, replay } from '../../pwa/js/domain/mutators.js';

const profile = { user: { id: 'maya', name: 'Maya' }, people: [{ id: 'lee', name: 'Lee' }] };
const at = '2026-11-30T09:00:00.000Z';

test('a note captured offline reads back at once, with the person\'s name beside the id', () => {
  const data = applyMutation(null, { name: 'observation.create', at, args: {
    id: 'o1', note: 'Skips the guard check', kind: 'safety', personId: 'lee', visibility: 'private',
    observedAt: at } }, profile);
  assert.equal(data.note, 'Skips the guard check');
  assert.equal(data.personName, 'Lee');
  assert.equal(data.authorId, 'maya');
  assert.deepEqual(data.photos, []);
});

test('edits replay in order on top of the server copy, and a delete hides the record', () => {
  const base = { id: 'o1', note: 'first', kind: 'idea', visibility: 'private' };
  const edited = replay(base, [
    { name: 'observation.update', at, args: { id: 'o1', note: 'second' } },
    { name: 'observation.update', at, args: { id: 'o1', visibility: 'shared' } },
  ], profile);
  assert.equal(edited.note, 'second');
  assert.equal(edited.visibility, 'shared');
  assert.equal(replay(base, [{ name: 'observation.delete', at, args: { id: 'o1' } }], profile), null);
});

test('a status change shows in the challenge\'s history at once, marked local', () => {
  const challenge = { id: 'c1', status: 'assigned', statusHistory: [], acceptedAt: null };
  const next = applyMutation(challenge, { name: 'challenge.update', at, args: { id: 'c1', status: 'accepted' } }, profile);
  assert.equal(next.status, 'accepted');
  assert.equal(next.acceptedAt, at);
  assert.deepEqual(next.statusHistory, [{ status: 'accepted', by: 'maya', byName: 'Maya', at, local: true }]);
});

test('an update to a record the device never had waits for the server copy', () => {
  assert.equal(applyMutation(null, { name: 'goal.update', at, args: { id: 'g1', action: 'x' } }, profile), null);
});
