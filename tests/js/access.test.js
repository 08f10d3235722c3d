// Who may do what on this device: one module decides, every screen and Today ask it.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { isLearnerOnly, learnerFields, mayCoach, maySettle, viewerOf, wroteIt } from '../../pwa/js/domain/access.js';
import { ENTITIES } from '../../pwa/js/contract.js';

const maya = viewerOf({ user: { id: 'maya' }, people: [{ id: 'lee', managerId: 'maya', name: 'Lee' }] });
const lee = viewerOf({ user: { id: 'lee' }, people: [] });
const goalForLee = { learnerId: 'lee', authorId: 'maya' };

test('a coach up the chain coaches the goal; its learner only answers it', () => {
  assert.equal(mayCoach(maya, goalForLee), true);
  assert.equal(mayCoach(lee, goalForLee), false);
  assert.equal(isLearnerOnly(lee, goalForLee), true);
  assert.equal(isLearnerOnly(maya, goalForLee), false);
});

test('my own self-development is mine to coach, even before the server stamps its author', () => {
  assert.equal(mayCoach(lee, { learnerId: 'lee', authorId: 'lee' }), true);
  assert.equal(mayCoach(lee, { learnerId: 'lee' }), true);
  assert.equal(isLearnerOnly(lee, { learnerId: 'lee', authorId: 'lee' }), false);
});

test('someone outside my team is not mine to coach', () => {
  assert.equal(mayCoach(maya, { learnerId: 'ana', authorId: 'rui' }), false);
  assert.equal(isLearnerOnly(maya, { learnerId: 'ana', authorId: 'rui' }), false);
});

test('a conflict is settled by whoever wrote the record, not by its learner', () => {
  assert.equal(maySettle(maya, goalForLee), true);
  assert.equal(maySettle(lee, goalForLee), false);
  assert.equal(wroteIt(lee, { note: 'made offline, no author yet' }), true);
});

test('what a learner may change comes from the server contract', () => {
  assert.deepEqual(learnerFields('challenge'), ENTITIES.challenge.learnerFields);
  assert.ok(learnerFields('challenge').includes('reflection'));
  assert.deepEqual(learnerFields('goal'), []);
  assert.deepEqual(learnerFields('no_such_type'), []);
});

test('an admin is not offered a move that would put her in a chain she is not in', async () => {
  const { joinsChainAlone } = await import('../../pwa/js/domain/access.js');
  // Root (admin) > Rui > Maya > Lee; Ada (admin) at the top of her own tree.
  const people = [
    { id: 'root', managerId: null }, { id: 'rui', managerId: 'root' }, { id: 'maya', managerId: 'rui' },
    { id: 'lee', managerId: 'maya' }, { id: 'ada', managerId: null }, { id: 'sam', managerId: 'ada' },
  ];
  const sam = people.find((p) => p.id === 'sam');
  assert.equal(joinsChainAlone('root', sam, 'root', people), true); // under herself
  assert.equal(joinsChainAlone('root', sam, 'maya', people), true); // under someone below her
  assert.equal(joinsChainAlone('root', sam, 'ada', people), false); // elsewhere: fine
  const lee = people.find((p) => p.id === 'lee');
  assert.equal(joinsChainAlone('root', lee, 'rui', people), false); // already in Lee's chain
  assert.equal(joinsChainAlone('ada', lee, 'sam', people), true);
  assert.equal(joinsChainAlone('ada', lee, null, people), false); // top of the tree
});
