// A mentor's Today: her own coaching first; what her coaches owe their people apart.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { computeToday } from '../../pwa/js/domain/today-list.js';

// Maya manages Rui (a coach) and Lee; Rui coaches Ana and Bo.
const me = 'maya';
const base = { me, coachees: ['rui', 'lee', 'ana', 'bo'], reports: ['rui', 'lee'], today: '2026-11-30', staleAfterDays: 7 };
const challenge = (id, learnerId, authorId, fields = {}) => ({ id, title: id, learnerId, authorId, status: 'in_progress', createdAt: '2026-11-26T08:00:00Z', ...fields });
const checkin = (challengeId, nextCheckinOn, authorId) => ({ id: `k-${challengeId}`, challengeId, authorId, at: '2026-11-20T10:00:00Z', nextCheckinOn, engagement: 3, approach: 3, resilience: 3 });
const ids = (list) => list.map((x) => (x.challenge || x).id);

const records = {
  challenges: [
    challenge('mine-overdue', 'lee', me),
    challenge('mine-for-rui', 'rui', me),
    challenge('rui-overdue', 'ana', 'rui'),
    challenge('rui-due', 'bo', 'rui'),
    challenge('rui-stale', 'bo', 'rui', { createdAt: '2026-11-01T08:00:00Z' }),
    challenge('inherited', 'lee', 'former-manager'),
  ],
  checkins: [
    checkin('mine-overdue', '2026-11-27', me),
    checkin('mine-for-rui', '2026-11-30', me),
    checkin('rui-overdue', '2026-11-20', 'rui'),
    checkin('rui-due', '2026-11-30', 'rui'),
    checkin('inherited', '2026-11-29', 'former-manager'),
  ],
  goals: [
    { id: 'g-mine', learnerId: 'lee', authorId: me, status: 'open', observationIds: [], createdAt: '2026-11-01' },
    { id: 'g-rui', learnerId: 'ana', authorId: 'rui', status: 'open', observationIds: [], createdAt: '2026-11-02' },
  ],
};

test('her own coaching stays in the main lists: what she wrote, and anything about a direct report', () => {
  const t = computeToday({ ...base, ...records });
  assert.deepEqual(ids(t.overdue), ['mine-overdue', 'inherited']);
  assert.deepEqual(ids(t.due), ['mine-for-rui']);
  assert.deepEqual(ids(t.stale), []);
  assert.deepEqual(ids(t.goalsWithoutChallenge), ['g-mine']);
});

test('her coaches\' overdue, due and stale work and their goals without a challenge go apart, counted', () => {
  const t = computeToday({ ...base, ...records });
  assert.deepEqual(ids(t.coaches.overdue), ['rui-overdue']);
  assert.equal(t.coaches.overdue[0].days, 10);
  assert.deepEqual(ids(t.coaches.due), ['rui-due']);
  assert.deepEqual(ids(t.coaches.stale), ['rui-stale']);
  assert.deepEqual(ids(t.coaches.goalsWithoutChallenge), ['g-rui']);
  assert.equal(t.coaches.count, 4);
});

test('with only her coaches\' work waiting, her own Today is empty and the count says the rest', () => {
  const t = computeToday({ ...base, challenges: [challenge('rui-overdue', 'ana', 'rui')], checkins: [checkin('rui-overdue', '2026-11-20', 'rui')] });
  assert.equal(t.empty, true);
  assert.equal(t.coaches.count, 1);
});

test('a coach without the list of reports keeps everything as her own (as before)', () => {
  const t = computeToday({ ...base, reports: null, ...records });
  assert.deepEqual(ids(t.overdue), ['rui-overdue', 'mine-overdue', 'inherited']);
  assert.equal(t.coaches.count, 0);
});

test('a learner\'s challenges: new first, then stuck, in progress, accepted, then finished; nearest due date first', async () => {
  const { sortForLearner } = await import('../../pwa/js/domain/today-list.js');
  const c = (id, status, dueOn) => ({ id, status, dueOn, title: id });
  const sorted = sortForLearner([
    c('done', 'done', '2026-11-01'), c('late-progress', 'in_progress', '2026-12-20'), c('soon-progress', 'in_progress', '2026-12-05'),
    c('no-date', 'in_progress', null), c('new', 'assigned', '2027-01-10'), c('stuck', 'stuck', '2027-02-01'), c('dropped', 'dropped', '2026-10-01'),
  ]);
  assert.deepEqual(sorted.map((x) => x.id), ['new', 'stuck', 'soon-progress', 'late-progress', 'no-date', 'done', 'dropped']);
});
