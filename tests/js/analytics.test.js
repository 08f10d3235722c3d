// Insight on the device: each measure of docs/decisions.md §93–§95 over plain records and a day.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  modeMix, checkinGaps, cadence, ratingTrends, weekOf, outcome, targetOutcomes, reachesTarget, stageTimes,
  teamAnalytics, ratingMove, coachEffectiveness, stuckLearners, coachesOf, coachSummary, median, doneAt,
} from '../../pwa/js/domain/analytics.js';

const today = '2026-11-30'; // a Monday
const lee = { id: 'lee', name: 'Lee' };
const ana = { id: 'ana', name: 'Ana' };
const target = { metric: 'changeover', baseline: 47, value: 20, unit: 'min' };
const challenge = (id, learnerId, fields = {}) => ({ id, learnerId, authorId: 'maya', mode: 'problem', status: 'in_progress', target, dueOn: '2026-12-20', createdAt: '2026-11-01T09:00:00Z', ...fields });
let n = 0;
const checkin = (challengeId, day, next = null, r = [3, 3, 3], fields = {}) => ({
  id: `k${++n}`, challengeId, at: `${day}T10:00:00Z`, nextCheckinOn: next, engagement: r[0], approach: r[1], resilience: r[2], notes: 'secret words', ...fields,
});

test('empty data: every measure says there is nothing yet, no NaN anywhere', () => {
  const result = teamAnalytics({ learners: [lee], today });
  assert.equal(result.challenges, 0);
  assert.deepEqual(result.modeMix.rows.map((r) => r.count), [0, 0, 0, 0]);
  assert.deepEqual(result.cadence, [{ id: 'lee', name: 'Lee', checkins: 0, gaps: 0, medianGap: null, medianPlanned: null, planned: 0, onTime: 0, onTimeShare: null, lastOn: null, nextOn: null, overdue: 0, maxOverdue: 0 }]);
  assert.deepEqual(result.ratings.team, []);
  assert.equal(result.ratings.people[0].change, null);
  assert.equal(result.targets.metShare, null);
  assert.deepEqual(result.stages.challengeToDone, { count: 0, median: null });
  assert.ok(!JSON.stringify(result).includes('NaN'));
  assert.equal(median([]), null);
});

test('the mode mix counts every challenge in its mode, most directive first, and the active ones', () => {
  const mix = modeMix([challenge('a', 'lee'), challenge('b', 'lee', { mode: 'kaizen' }), challenge('c', 'ana', { mode: 'kaizen', status: 'done' }), challenge('d', 'ana', { mode: 'teamwork', status: 'dropped' })]);
  assert.deepEqual(mix.rows, [
    { mode: 'standard', count: 0, active: 0 },
    { mode: 'problem', count: 1, active: 1 },
    { mode: 'kaizen', count: 2, active: 1 },
    { mode: 'teamwork', count: 1, active: 0 },
  ]);
  assert.equal(mix.total, 4);
});

test('one check-in: no gap yet, but its planned date is the next one (and overdue once past)', () => {
  const c = challenge('a', 'lee');
  const [row] = cadence({ learners: [lee], challenges: [c], checkins: [checkin('a', '2026-11-20', '2026-11-27')], today });
  assert.equal(row.checkins, 1);
  assert.equal(row.gaps, 0);
  assert.equal(row.medianGap, null);
  assert.equal(row.nextOn, '2026-11-27');
  assert.equal(row.overdue, 1);
  assert.equal(row.maxOverdue, 3);
  assert.equal(row.lastOn, '2026-11-20');
});

test('cadence: actual days between check-ins of the same challenge against the date the first planned', () => {
  const gaps = checkinGaps([checkin('a', '2026-11-01', '2026-11-08'), checkin('a', '2026-11-10', '2026-11-17'), checkin('a', '2026-11-16'), checkin('a', '2026-11-20')]);
  assert.deepEqual(gaps, [
    { actual: 9, planned: 7, late: 2 },
    { actual: 6, planned: 7, late: -1 },
    { actual: 4, planned: null, late: null },
  ]);
  // Two challenges' check-ins interleave: gaps are counted within each challenge, not across.
  const rows = cadence({
    learners: [lee, ana],
    challenges: [challenge('a', 'lee'), challenge('b', 'lee', { status: 'done' }), challenge('c', 'ana')],
    checkins: [checkin('a', '2026-11-01', '2026-11-08'), checkin('b', '2026-11-03', '2026-11-05'), checkin('a', '2026-11-08', '2026-12-02'), checkin('b', '2026-11-09', '2026-11-10')],
    today,
  });
  assert.deepEqual([rows[0].checkins, rows[0].gaps, rows[0].medianGap, rows[0].medianPlanned, rows[0].onTime, rows[0].onTimeShare], [4, 2, 6.5, 4.5, 1, 0.5]);
  // b is done: its planned date is no longer a debt; a's next is in two days, not overdue.
  assert.deepEqual([rows[0].nextOn, rows[0].overdue], ['2026-12-02', 0]);
  assert.equal(rows[1].checkins, 0);
});

test('rating trends per person (first → latest) and per week for the team', () => {
  assert.equal(weekOf('2026-11-30'), '2026-11-30');
  assert.equal(weekOf('2026-11-29'), '2026-11-23');
  const challenges = [challenge('a', 'lee'), challenge('c', 'ana')];
  const checkins = [
    checkin('a', '2026-11-17', null, [2, 2, 1]),
    checkin('c', '2026-11-18', null, [4, 3, 3]),
    checkin('a', '2026-11-24', null, [3, 2, 2]),
    checkin('a', '2026-11-30', null, [4, 3, 2]),
  ];
  const trends = ratingTrends({ learners: [lee, ana], challenges, checkins, today, weeks: 12 });
  const [l, a] = trends.people;
  assert.equal(l.points.length, 3);
  assert.deepEqual(l.change, { engagement: 2, approach: 1, resilience: 1, average: 1.33 });
  assert.equal(a.change, null); // one check-in: no movement to tell
  assert.deepEqual(trends.team, [
    { week: '2026-11-16', count: 2, engagement: 3, approach: 2.5, resilience: 2 },
    { week: '2026-11-23', count: 1, engagement: 3, approach: 2, resilience: 2 },
    { week: '2026-11-30', count: 1, engagement: 4, approach: 3, resilience: 2 },
  ]);
  // Only the last `weeks` weeks: older check-ins count for people, not for the team line.
  assert.equal(ratingTrends({ learners: [lee], challenges, checkins, today, weeks: 2 }).team.length, 2);
});

test('targets: met from the baseline towards the target, missed when short, dropped or overdue', () => {
  assert.equal(reachesTarget(target, 20), true);
  assert.equal(reachesTarget(target, 18), true);
  assert.equal(reachesTarget(target, 25), false);
  assert.equal(reachesTarget({ metric: 'first pass yield', baseline: 80, value: 95 }, 96), true);
  assert.equal(reachesTarget({ metric: 'x', baseline: null, value: 5 }, 5), null);
  assert.equal(outcome(challenge('a', 'lee', { status: 'done', actual: 18 }), today), 'met');
  assert.equal(outcome(challenge('a', 'lee', { status: 'done', actual: 30 }), today), 'missed');
  assert.equal(outcome(challenge('a', 'lee', { status: 'done', actual: null }), today), 'notMeasured');
  assert.equal(outcome(challenge('a', 'lee', { status: 'dropped' }), today), 'missed');
  assert.equal(outcome(challenge('a', 'lee', { dueOn: '2026-11-29' }), today), 'missed'); // overdue
  assert.equal(outcome(challenge('a', 'lee', { dueOn: today }), today), 'open'); // due today: not yet missed
  const all = targetOutcomes([challenge('a', 'lee', { status: 'done', actual: 18 }), challenge('b', 'lee', { status: 'dropped' }), challenge('c', 'lee'), challenge('d', 'lee', { status: 'done' })], today);
  assert.deepEqual(all, { met: 1, missed: 1, notMeasured: 1, open: 1, total: 4, judged: 2, metShare: 0.5 });
});

test('stage times: observation → goal → first challenge → done, in days', () => {
  const observations = [{ id: 'o1', observedAt: '2026-11-01T08:00:00Z' }, { id: 'o2', observedAt: '2026-11-03T08:00:00Z' }];
  const goals = [{ id: 'g1', learnerId: 'lee', observationIds: ['o2', 'o1'], createdAt: '2026-11-05T08:00:00Z' }, { id: 'g2', learnerId: 'lee', observationIds: [], createdAt: '2026-11-06T08:00:00Z' }];
  const done = challenge('c1', 'lee', { goalId: 'g1', createdAt: '2026-11-07T08:00:00Z', status: 'done', statusHistory: [{ status: 'assigned', at: '2026-11-07T08:00:00Z' }, { status: 'done', at: '2026-11-27T08:00:00Z' }] });
  const later = challenge('c2', 'lee', { goalId: 'g1', createdAt: '2026-11-20T08:00:00Z' });
  const stages = stageTimes({ observations, goals, challenges: [later, done] });
  assert.deepEqual(stages, {
    observationToGoal: { count: 1, median: 4 }, // from the earliest linked observation
    goalToChallenge: { count: 1, median: 2 }, // to the goal's first challenge
    challengeToDone: { count: 1, median: 20 },
  });
  assert.equal(doneAt(later), null);
});

test('coach the coach: met share and rating movement after the first check-in, per mode', () => {
  const challenges = [
    challenge('p1', 'lee', { status: 'done', actual: 19 }),
    challenge('p2', 'ana', { status: 'done', actual: 40 }),
    challenge('k1', 'lee', { mode: 'kaizen' }),
    challenge('self', 'maya', { mode: 'kaizen', status: 'done', actual: 1 }), // her own development
    challenge('other', 'lee', { authorId: 'rui', status: 'done', actual: 1 }), // someone else's coaching
  ];
  const checkins = [checkin('k1', '2026-11-02', null, [2, 2, 2]), checkin('k1', '2026-11-09', null, [3, 3, 2]), checkin('k1', '2026-11-16', null, [3, 3, 3]), checkin('p1', '2026-11-02')];
  assert.equal(ratingMove([checkin('x', '2026-11-01')]), null);
  const result = coachEffectiveness({ coachId: 'maya', challenges, checkins, today });
  const problem = result.modes.find((m) => m.mode === 'problem');
  const kaizen = result.modes.find((m) => m.mode === 'kaizen');
  assert.deepEqual([problem.count, problem.met, problem.missed, problem.metShare, problem.moved, problem.ratingMove], [2, 1, 1, 0.5, 0, null]);
  assert.deepEqual([kaizen.count, kaizen.met, kaizen.judged, kaizen.metShare, kaizen.moved, kaizen.ratingMove], [1, 0, 0, null, 1, 1]);
  assert.deepEqual([result.total.count, result.total.met, result.total.missed], [3, 1, 1]);
});

test('stuck learners: marked stuck, or low and not rising over the last two check-ins', () => {
  const challenges = [challenge('a', 'lee', { status: 'stuck' }), challenge('b', 'ana'), challenge('c', 'bo'), challenge('d', 'cy', { status: 'dropped' })];
  const checkins = [
    checkin('b', '2026-11-01', null, [2, 2, 2]), checkin('b', '2026-11-08', null, [2, 1, 2]),
    checkin('c', '2026-11-01', null, [1, 1, 1]), checkin('c', '2026-11-08', null, [2, 2, 2]), // low but rising
    checkin('d', '2026-11-01', null, [1, 1, 1]), checkin('d', '2026-11-08', null, [1, 1, 1]), // no longer active
  ];
  assert.deepEqual([...stuckLearners(challenges, checkins)].sort(), ['ana', 'lee']);
});

test('a mentor sees each coach: learners, load, cadence, stuck learners by name, effectiveness; no note text', () => {
  const people = [
    { id: 'rui', name: 'Rui', managerId: 'maya' },
    { id: 'zoe', name: 'Zoe', managerId: 'maya' }, // a direct report who coaches nobody
    { id: 'lee', name: 'Lee', managerId: 'rui' },
    { id: 'ana', name: 'Ana', managerId: 'rui' },
  ];
  assert.deepEqual(coachesOf('maya', people).map((p) => p.id), ['rui']);
  const challenges = [
    challenge('a', 'lee', { authorId: 'rui', status: 'stuck' }),
    challenge('b', 'ana', { authorId: 'rui', status: 'done', actual: 15 }),
    challenge('c', 'ana', { authorId: 'maya' }),
  ];
  const checkins = [checkin('a', '2026-11-10', '2026-11-17'), checkin('a', '2026-11-19', '2026-11-24')];
  const summary = coachSummary({ coach: people[0], people, challenges, checkins, today });
  assert.equal(summary.learners, 2);
  assert.equal(summary.load, 1);
  assert.deepEqual([summary.cadence.medianGap, summary.cadence.onTime, summary.cadence.overdue, summary.cadence.maxOverdue], [9, 0, 1, 6]);
  assert.deepEqual(summary.stuck, [{ id: 'lee', name: 'Lee' }]);
  assert.deepEqual([summary.effectiveness.total.count, summary.effectiveness.total.met], [2, 1]);
  assert.ok(!JSON.stringify(summary).includes('secret words'));
});

test('team analytics count only the people I coach: my self-development and others stay out', () => {
  const challenges = [challenge('a', 'lee'), challenge('self', 'maya', { mode: 'kaizen' }), challenge('far', 'someone-else', { mode: 'teamwork' })];
  const checkins = [checkin('a', '2026-11-20'), checkin('self', '2026-11-21'), checkin('far', '2026-11-22')];
  const goals = [{ id: 'g', learnerId: 'maya', observationIds: ['o'], createdAt: '2026-11-10T08:00:00Z' }];
  const observations = [{ id: 'o', observedAt: '2026-11-01T08:00:00Z' }];
  const result = teamAnalytics({ learners: [lee], challenges, checkins, goals, observations, today });
  assert.deepEqual([result.challenges, result.checkins], [1, 1]);
  assert.deepEqual(result.modeMix.rows.map((r) => r.count), [0, 1, 0, 0]);
  assert.equal(result.ratings.team.reduce((sum, w) => sum + w.count, 0), 1);
  assert.equal(result.stages.observationToGoal.count, 0);
});
