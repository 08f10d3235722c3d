// History in words: labels, values as the screens show them, names resolved, conflicts in a sentence.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';

import { describeValue, explainConflict, plainText, label } from '../../pwa/js/domain/history-words.js';
import { useCatalog } from '../../pwa/js/i18n/i18n.js';

// The app loads its catalog at boot, and the screens' part with the first screen that needs it.
before(async () => {
  const en = (await import('../../pwa/js/i18n/en.js')).default;
  const enScreens = (await import('../../pwa/js/i18n/en-screens.js')).default;
  useCatalog('en', en, enScreens);
});

const profile = { user: { id: 'maya', name: 'Maya Coach' }, people: [{ id: 'lee', name: 'Lee Learner' }] };
const records = {
  goal: new Map([['g1', { id: 'g1', action: 'Stop the line at the first defect' }]]),
  challenge: new Map(),
  observation: new Map([['o1', { id: 'o1', note: 'Restarts the press without checking the guard' }]]),
  principle: new Map([['p1', { id: 'p1', title: 'Stop at the first defect' }]]),
};
const words = (type, field, value) => plainText(describeValue(type, field, value, { profile, records }));

test('kinds, statuses, modes and ratings read as on the screens', () => {
  assert.equal(words('observation', 'kind', 'misconception'), 'Misconception');
  assert.equal(words('challenge', 'status', 'in_progress'), 'In progress');
  assert.equal(words('goal', 'status', 'achieved'), 'Achieved');
  assert.equal(words('challenge', 'mode', 'kaizen'), 'Kaizen');
  assert.match(words('checkin', 'engagement', 3), /^3 of 4 — \S/);
  assert.equal(words('observation', 'visibility', 'shared'), 'Shared');
});

test('dates are in words, not ISO', () => {
  assert.doesNotMatch(words('challenge', 'dueOn', '2027-01-29'), /2027-01-29/);
  assert.match(words('challenge', 'dueOn', '2027-01-29'), /29/);
  assert.doesNotMatch(words('checkin', 'at', '2026-11-20T10:00:00.000Z'), /T10:00/);
});

test('people and records are named; what I cannot see says so', () => {
  assert.equal(words('goal', 'learnerId', 'lee'), 'Lee Learner');
  assert.equal(words('observation', 'personId', 'stranger'), 'someone outside your team');
  assert.equal(words('challenge', 'goalId', 'g1'), 'Stop the line at the first defect');
  assert.equal(words('challenge', 'goalId', 'g-private'), 'a goal you can’t see');
  assert.equal(words('goal', 'principleId', 'p1'), 'Stop at the first defect');
  assert.equal(words('goal', 'principleId', 'p-gone'), 'a principle no longer in the library');
  assert.equal(label('principleId'), 'Principle from the library');
  assert.equal(label('workedCase'), 'Worked case');
  assert.equal(words('goal', 'observationIds', ['o1', 'o2']), '“Restarts the press without checking the guard”, a note you can’t see');
});

test('mode details are labelled lines, never JSON', () => {
  const d = describeValue('challenge', 'details', { currentMethod: 'Walk to the crib for every tool', experiments: [] }, { profile, records });
  assert.deepEqual(d.lines.map((l) => [l.label, l.text]), [['Current method', 'Walk to the crib for every tool']]);
  const teamwork = plainText(describeValue('challenge', 'details', { question: 'Who fixed SMED on line 2?', helperId: 'lee' }, { profile, records }));
  assert.equal(teamwork, 'Question Who fixed SMED on line 2?; Helper Lee Learner');
  assert.doesNotMatch(plainText(describeValue('challenge', 'target', { metric: 'changeover', baseline: 47, value: 20, unit: 'min' }, { profile, records })), /[{}"]/);
  assert.equal(label('nextCheckinOn'), 'Next check-in');
});

test('a status history reads as steps with names, not ids', () => {
  const steps = words('challenge', 'statusHistory', [{ status: 'accepted', by: 'lee', at: '2026-11-20T10:00:00.000Z' }]);
  assert.match(steps, /^1\. Accepted · Lee Learner · /);
  assert.doesNotMatch(steps, /lee\b/);
});

test('a conflict is explained in a sentence', () => {
  const s = explainConflict('observation', { op: 'update', authorName: 'Maya Coach', conflicts: { note: 'x', kind: 'safety' } }, { mine: true });
  assert.match(s, /^Maya Coach changed note and kind on a device that had not seen another change to the same fields: the record kept the values it had/);
  assert.match(explainConflict('goal', { op: 'delete', authorName: 'Maya Coach', conflicts: { deleted: true } }), /so it was not deleted/);
});
