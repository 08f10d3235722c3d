// The Today count and the app badge: what reminds me today, by the server's rule (decisions §91).
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { remindersDue } from '../../pwa/js/domain/reminders.js';

const challenge = (fields) => ({ id: 'c1', title: 'Cut changeover', learnerId: 'lee', authorId: 'maya',
  status: 'in_progress', dueOn: '2026-12-18', ...fields });
const checkin = (fields) => ({ id: 'k1', challengeId: 'c1', at: '2026-11-20T10:00:00Z', ...fields });

test('the coach who wrote a challenge counts its check-in due today or before', () => {
  const records = { challenges: [challenge()], checkins: [checkin({ nextCheckinOn: '2026-11-25' })] };
  assert.deepEqual(remindersDue({ me: 'maya', today: '2026-11-24', ...records }), { checkins: 0, overdue: 0, total: 0 });
  assert.deepEqual(remindersDue({ me: 'maya', today: '2026-11-25', ...records }), { checkins: 1, overdue: 0, total: 1 });
  assert.equal(remindersDue({ me: 'maya', today: '2026-11-30', ...records }).checkins, 1);
  assert.equal(remindersDue({ me: 'lee', today: '2026-11-30', ...records }).checkins, 0); // the learner answers, not records
  assert.equal(remindersDue({ me: 'rui', today: '2026-11-30', ...records }).total, 0); // up the chain: her Today, not his
});

test('only the latest check-in sets the next date', () => {
  const checkins = [checkin({ nextCheckinOn: '2026-11-22' }), checkin({ id: 'k2', at: '2026-11-23T10:00:00Z', nextCheckinOn: '2026-12-01' })];
  assert.equal(remindersDue({ me: 'maya', today: '2026-11-25', challenges: [challenge()], checkins }).checkins, 0);
});

test('a challenge past its due date counts for its learner and its coach, until it is done', () => {
  const late = { challenges: [challenge({ dueOn: '2026-11-20' })], checkins: [] };
  assert.equal(remindersDue({ me: 'maya', today: '2026-11-21', ...late }).overdue, 1);
  assert.equal(remindersDue({ me: 'lee', today: '2026-11-21', ...late }).overdue, 1);
  assert.equal(remindersDue({ me: 'lee', today: '2026-11-20', ...late }).overdue, 0); // due today is not late
  assert.equal(remindersDue({ me: 'lee', today: '2026-11-21', challenges: [challenge({ dueOn: '2026-11-20', status: 'done' })] }).total, 0);
  assert.equal(remindersDue({ me: 'lee', today: '2026-11-21', challenges: [challenge({ dueOn: '2026-11-20', deleted: true })] }).total, 0);
});

test('a challenge I made offline (no author yet) is mine', () => {
  const mine = challenge({ authorId: undefined, learnerId: 'maya', dueOn: '2026-11-20' });
  assert.equal(remindersDue({ me: 'maya', today: '2026-11-21', challenges: [mine] }).overdue, 1);
});
