// Today, as a coach and as a learner sees it: a pure function of the records on the device.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { computeToday } from '../../pwa/js/domain/today-list.js';

const me = 'maya';
const challenge = (fields) => ({ id: 'c1', title: 'Cut changeover', learnerId: 'lee', authorId: me,
  status: 'in_progress', createdAt: '2026-11-01T08:00:00Z', ...fields });
const checkin = (fields) => ({ id: 'k1', challengeId: 'c1', at: '2026-11-20T10:00:00Z',
  engagement: 3, approach: 3, resilience: 3, ...fields });

test('a check-in planned for today is due, one planned earlier is overdue by its days', () => {
  const dueToday = computeToday({ me, coachees: ['lee'], today: '2026-11-25',
    challenges: [challenge()], checkins: [checkin({ nextCheckinOn: '2026-11-25' })] });
  assert.equal(dueToday.due.length, 1);
  assert.equal(dueToday.overdue.length, 0);

  const late = computeToday({ me, coachees: ['lee'], today: '2026-11-28',
    challenges: [challenge()], checkins: [checkin({ nextCheckinOn: '2026-11-25' })] });
  assert.equal(late.overdue.length, 1);
  assert.equal(late.overdue[0].days, 3);
});

test('a challenge nobody checked in on for a week is stale, but a finished one never is', () => {
  const stale = computeToday({ me, coachees: ['lee'], today: '2026-11-30', staleAfterDays: 7,
    challenges: [challenge(), challenge({ id: 'c2', status: 'done' })] });
  assert.deepEqual(stale.stale.map((s) => s.challenge.id), ['c1']);
  assert.equal(stale.stale[0].days, 29);
});

test('my own notes that no goal links wait for triage; linked ones and others\' do not', () => {
  const today = computeToday({ me, coachees: ['lee'], today: '2026-11-30',
    observations: [{ id: 'o1', authorId: me }, { id: 'o2', authorId: me }, { id: 'o3', authorId: 'rui' }],
    goals: [{ id: 'g1', learnerId: 'lee', authorId: me, status: 'open', observationIds: ['o2'] }] });
  assert.deepEqual(today.untriaged.map((o) => o.id), ['o1']);
  assert.deepEqual(today.goalsWithoutChallenge.map((g) => g.id), ['g1']);
});

test('a learner sees the challenges to accept and the check-ins to answer from their coach', () => {
  const lee = computeToday({ me: 'lee', coachees: [], today: '2026-11-30',
    challenges: [challenge({ status: 'assigned' })],
    checkins: [checkin({ authorId: me, learnerId: 'lee' })] });
  assert.deepEqual(lee.toAccept.map((c) => c.id), ['c1']);
  assert.deepEqual(lee.toAnswer.map((item) => item.checkin.id), ['k1']);
  assert.equal(lee.empty, false);
});

test('nothing to do reads as empty', () => {
  assert.equal(computeToday({ me, today: '2026-11-30' }).empty, true);
});

test('what the summary counts is listed: a challenge past its due date, oldest first', () => {
  const today = computeToday({ me, coachees: ['lee'], today: '2026-11-30',
    challenges: [challenge({ dueOn: '2026-11-20' }), challenge({ id: 'c2', dueOn: '2026-11-01' }),
      challenge({ id: 'c3', dueOn: '2026-12-01' }), challenge({ id: 'c4', dueOn: '2026-11-01', status: 'done' })] });
  assert.deepEqual(today.pastDue.map((d) => [d.challenge.id, d.days]), [['c2', 29], ['c1', 10]]);
  assert.equal(today.empty, false);
});

test('a learner who says they are stuck is on their coach’s Today, with the day they said it', () => {
  const today = computeToday({ me, coachees: ['lee'], today: '2026-11-30',
    challenges: [challenge({ status: 'stuck', statusHistory: [{ status: 'accepted', at: '2026-11-02T08:00:00Z' }, { status: 'stuck', at: '2026-11-28T15:00:00Z' }] }),
      challenge({ id: 'c2', status: 'stuck', learnerId: 'sam' })] });
  // Sam is not hers to coach: only Lee's.
  assert.deepEqual(today.stuck.map((s) => [s.challenge.id, s.since]), [['c1', '2026-11-28']]);
  assert.equal(today.empty, false);
});
