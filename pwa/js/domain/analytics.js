// Insight: the team's coaching, counted on the device from the records it already holds
// (docs/decisions.md §93–§95), so the charts work offline. Pure functions over plain record
// arrays and a `today` (YYYY-MM-DD, local): no DOM, no storage, tested in Node.
//
// - modeMix: how many challenges in each coaching mode;
// - cadence: per learner, the days between check-ins on the same challenge against the
//   next date the first of the two planned, and what is overdue now;
// - ratingTrends: engagement, approach and resilience per person and, week by week, the team;
// - targetOutcomes: met, missed, not measured, still open;
// - stageTimes: days from observation to goal, goal to challenge, challenge to done;
// - coachEffectiveness / coachSummary: "coach the coach", for a coach about herself and for
//   her mentor about each of her coaches — numbers and names only, never a note's text.

import { ENUMS } from '../contract.js';
import { isActive, localDate, daysBetween, addDays, checkinsByChallenge, averageRating } from './coaching.js';

export const RATING_KEYS = ['engagement', 'approach', 'resilience'];
export const STAGES = ['observationToGoal', 'goalToChallenge', 'challengeToDone'];
export const OUTCOMES = ['met', 'missed', 'notMeasured', 'open'];

const dayOf = (iso) => (iso ? localDate(new Date(iso)) : null);
const round = (value, digits = 1) => (value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits);

export function median(values) {
  const sorted = values.filter((v) => v !== null && v !== undefined && Number.isFinite(v)).sort((a, b) => a - b);
  if (!sorted.length) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function mean(values) {
  const list = values.filter((v) => v !== null && v !== undefined && Number.isFinite(v));
  return list.length ? list.reduce((a, b) => a + b, 0) / list.length : null;
}

/** Challenges by coaching mode, in the contract's order (most to least directive). */
export function modeMix(challenges) {
  const rows = ENUMS.modes.map((mode) => {
    const inMode = challenges.filter((c) => c.mode === mode);
    return { mode, count: inMode.length, active: inMode.filter(isActive).length };
  });
  return { rows, total: challenges.length };
}

/**
 * Each pair of successive check-ins on one challenge: the days between them and the days the
 * first one planned (its nextCheckinOn; null when it set none). `late` is actual − planned.
 */
export function checkinGaps(checkinsOldestFirst) {
  const gaps = [];
  for (let i = 1; i < checkinsOldestFirst.length; i += 1) {
    const before = checkinsOldestFirst[i - 1];
    const from = dayOf(before.at);
    const actual = daysBetween(from, dayOf(checkinsOldestFirst[i].at));
    const planned = before.nextCheckinOn ? daysBetween(from, before.nextCheckinOn) : null;
    gaps.push({ actual, planned, late: planned === null ? null : actual - planned });
  }
  return gaps;
}

/** A challenge's next check-in as its latest check-in planned it, and how late it is now. */
export function nextCheckin(challenge, checkinsOldestFirst, today) {
  const last = checkinsOldestFirst[checkinsOldestFirst.length - 1];
  if (!isActive(challenge) || !last || !last.nextCheckinOn) return null;
  return { on: last.nextCheckinOn, overdueDays: Math.max(0, daysBetween(last.nextCheckinOn, today)) };
}

/** Cadence figures over a set of challenges (with their check-ins, from `history`). */
function cadenceOf(challenges, history, today) {
  const gaps = [];
  let checkins = 0;
  let last = null;
  let next = null;
  let overdue = 0;
  let maxOverdue = 0;
  for (const challenge of challenges) {
    const list = history.get(challenge.id) || [];
    checkins += list.length;
    gaps.push(...checkinGaps(list));
    if (list.length && (!last || dayOf(list[list.length - 1].at) > last)) last = dayOf(list[list.length - 1].at);
    const planned = nextCheckin(challenge, list, today);
    if (!planned) continue;
    if (!next || planned.on < next) next = planned.on;
    if (planned.overdueDays > 0) {
      overdue += 1;
      maxOverdue = Math.max(maxOverdue, planned.overdueDays);
    }
  }
  const planned = gaps.filter((g) => g.planned !== null);
  return {
    checkins,
    gaps: gaps.length,
    medianGap: median(gaps.map((g) => g.actual)),
    medianPlanned: median(planned.map((g) => g.planned)),
    planned: planned.length,
    onTime: planned.filter((g) => g.late <= 0).length,
    onTimeShare: planned.length ? planned.filter((g) => g.late <= 0).length / planned.length : null,
    lastOn: last,
    nextOn: next,
    overdue,
    maxOverdue,
  };
}

/** Per learner (in the order given): check-ins, days between them against the plan, what is overdue. */
export function cadence({ learners, challenges, checkins, today }) {
  const history = checkinsByChallenge(checkins);
  return learners.map((person) => ({ id: person.id, name: person.name, ...cadenceOf(challenges.filter((c) => c.learnerId === person.id), history, today) }));
}

const ratingPoint = (c) => ({ on: dayOf(c.at), engagement: c.engagement, approach: c.approach, resilience: c.resilience, average: round(averageRating(c), 2) });

/** The Monday of the week of `day`. */
export function weekOf(day) {
  const [y, m, d] = day.split('-').map(Number);
  const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7; // Monday 0
  return addDays(day, -weekday);
}

/**
 * Ratings over time: per learner, each check-in (oldest first), the first and the latest, and
 * the change of each rating; for the team, the mean of each rating per week, for the `weeks`
 * weeks up to `today` starting at the first week with a check-in.
 */
export function ratingTrends({ learners, challenges, checkins, today, weeks = 12 }) {
  const learnerOf = new Map(challenges.map((c) => [c.id, c.learnerId]));
  const about = (c) => c.learnerId || learnerOf.get(c.challengeId);
  const ids = new Set(learners.map((p) => p.id));
  const mine = checkins.filter((c) => ids.has(about(c))).sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const people = learners.map((person) => {
    const points = mine.filter((c) => about(c) === person.id).map(ratingPoint);
    const first = points[0] || null;
    const last = points[points.length - 1] || null;
    const change = points.length > 1 ? Object.fromEntries([...RATING_KEYS, 'average'].map((k) => [k, round(last[k] - first[k], 2)])) : null;
    return { id: person.id, name: person.name, points, first, last, change };
  });
  const thisWeek = weekOf(today);
  const firstWeek = mine.length ? weekOf(dayOf(mine[0].at)) : thisWeek;
  const start = [addDays(thisWeek, -7 * (weeks - 1)), firstWeek].sort()[1];
  const team = [];
  for (let week = start; week <= thisWeek; week = addDays(week, 7)) {
    const inWeek = mine.filter((c) => weekOf(dayOf(c.at)) === week);
    team.push({ week, count: inWeek.length, ...Object.fromEntries(RATING_KEYS.map((k) => [k, round(mean(inWeek.map((c) => c[k])), 2)])) });
  }
  return { people, team: mine.length ? team : [], checkins: mine.length };
}

/** Does `actual` reach the target? true / false, or null when it cannot be told (no actual, no baseline). */
export function reachesTarget(target, actual) {
  if (!target || actual === null || actual === undefined || target.value === null || target.value === undefined) return null;
  const { baseline, value } = target;
  if (baseline === null || baseline === undefined || baseline === value) return null;
  return baseline > value ? actual <= value : actual >= value;
}

/**
 * A challenge's outcome (decisions §93): `met` when done and its actual reaches the target
 * (judged from the baseline towards the target value); `missed` when done short of it, dropped,
 * or still active past its due date; `notMeasured` when done without an actual or a baseline;
 * `open` while active and not yet due.
 */
export function outcome(challenge, today) {
  if (challenge.status === 'dropped') return 'missed';
  if (challenge.status === 'done') {
    const reached = reachesTarget(challenge.target, challenge.actual);
    return reached === null ? 'notMeasured' : reached ? 'met' : 'missed';
  }
  return challenge.dueOn && challenge.dueOn < today ? 'missed' : 'open';
}

export function targetOutcomes(challenges, today) {
  const counts = Object.fromEntries(OUTCOMES.map((k) => [k, 0]));
  for (const c of challenges) counts[outcome(c, today)] += 1;
  const judged = counts.met + counts.missed;
  return { ...counts, total: challenges.length, judged, metShare: judged ? counts.met / judged : null };
}

/** When a challenge was done: the last 'done' in its status history (null if not done). */
export function doneAt(challenge) {
  if (challenge.status !== 'done') return null;
  const entries = (challenge.statusHistory || []).filter((e) => e.status === 'done');
  return entries.length ? entries[entries.length - 1].at : challenge.updatedAt || null;
}

/**
 * Days from each stage to the next: an observation a goal links (its earliest) to the goal;
 * a goal to its first challenge; a challenge to done. Median and count per stage.
 */
export function stageTimes({ observations, goals, challenges }) {
  const observedOn = new Map(observations.map((o) => [o.id, dayOf(o.observedAt || o.createdAt)]));
  const toGoal = [];
  for (const goal of goals) {
    const days = (goal.observationIds || []).map((id) => observedOn.get(id)).filter(Boolean).sort();
    if (days.length && goal.createdAt) toGoal.push(Math.max(0, daysBetween(days[0], dayOf(goal.createdAt))));
  }
  const goalOn = new Map(goals.map((g) => [g.id, dayOf(g.createdAt)]));
  const firstChallenge = new Map();
  for (const c of challenges) {
    if (!c.goalId || !goalOn.get(c.goalId) || !c.createdAt) continue;
    const on = dayOf(c.createdAt);
    if (!firstChallenge.has(c.goalId) || on < firstChallenge.get(c.goalId)) firstChallenge.set(c.goalId, on);
  }
  const toChallenge = [...firstChallenge].map(([goalId, on]) => Math.max(0, daysBetween(goalOn.get(goalId), on)));
  const toDone = challenges.filter((c) => doneAt(c) && c.createdAt).map((c) => Math.max(0, daysBetween(dayOf(c.createdAt), dayOf(doneAt(c)))));
  const stage = (values) => ({ count: values.length, median: median(values) });
  return { observationToGoal: stage(toGoal), goalToChallenge: stage(toChallenge), challengeToDone: stage(toDone) };
}

/** Everything the team screen shows, for `learners` ({id, name}: the people I coach). */
export function teamAnalytics({ learners, observations = [], goals = [], challenges = [], checkins = [], today = localDate(), weeks = 12 }) {
  const ids = new Set(learners.map((p) => p.id));
  const about = challenges.filter((c) => ids.has(c.learnerId));
  const aboutIds = new Set(about.map((c) => c.id));
  const theirCheckins = checkins.filter((c) => aboutIds.has(c.challengeId));
  const theirGoals = goals.filter((g) => ids.has(g.learnerId));
  return {
    learners: learners.length,
    challenges: about.length,
    checkins: theirCheckins.length,
    modeMix: modeMix(about),
    cadence: cadence({ learners, challenges: about, checkins: theirCheckins, today }),
    ratings: ratingTrends({ learners, challenges: about, checkins: theirCheckins, today, weeks }),
    targets: targetOutcomes(about, today),
    stages: stageTimes({ observations, goals: theirGoals, challenges: about }),
  };
}

// ---------------------------------------------------------------- coach the coach (§94, §95)

/** The change of the average rating from a challenge's first check-in to its latest (null with fewer than two). */
export function ratingMove(checkinsOldestFirst) {
  if (checkinsOldestFirst.length < 2) return null;
  return averageRating(checkinsOldestFirst[checkinsOldestFirst.length - 1]) - averageRating(checkinsOldestFirst[0]);
}

/** The challenges `coachId` assigned to someone else (her coaching, not her self-development). */
export const coachedBy = (coachId, challenges) => challenges.filter((c) => c.authorId === coachId && c.learnerId !== coachId);

function effectiveness(challenges, history, today) {
  const outcomes = targetOutcomes(challenges, today);
  const moves = challenges.map((c) => ratingMove(history.get(c.id) || [])).filter((m) => m !== null);
  return { count: challenges.length, met: outcomes.met, missed: outcomes.missed, judged: outcomes.judged, metShare: outcomes.metShare, moved: moves.length, ratingMove: round(mean(moves), 2) };
}

/** For one coach, per mode and in all: challenges, met, missed, share met, and how ratings moved after the first check-in. */
export function coachEffectiveness({ coachId, challenges, checkins, today }) {
  const mine = coachedBy(coachId, challenges);
  const history = checkinsByChallenge(checkins);
  return {
    modes: ENUMS.modes.map((mode) => ({ mode, ...effectiveness(mine.filter((c) => c.mode === mode), history, today) })),
    total: effectiveness(mine, history, today),
  };
}

/**
 * Learners stuck on an active challenge (decisions §94): the challenge is marked stuck, or its
 * last two check-ins both average under 2.5 with the latest no higher than the one before.
 */
export function stuckLearners(challenges, checkins) {
  const history = checkinsByChallenge(checkins);
  const stuck = new Set();
  for (const c of challenges) {
    if (!isActive(c)) continue;
    const list = history.get(c.id) || [];
    const [before, last] = list.slice(-2).map(averageRating);
    const low = list.length >= 2 && before < 2.5 && last < 2.5 && last <= before;
    if (c.status === 'stuck' || low) stuck.add(c.learnerId);
  }
  return stuck;
}

/** The people a mentor's coaches are: her direct reports who manage someone. */
export function coachesOf(me, people) {
  const managers = new Set(people.map((p) => p.managerId));
  return people.filter((p) => p.managerId === me && managers.has(p.id)).sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * What a mentor sees of one of her coaches: the learners she coaches, her load (learners with
 * an active challenge she assigned), cadence over her challenges, her stuck learners (names),
 * and her effectiveness. Numbers and names only.
 */
export function coachSummary({ coach, people, challenges, checkins, today }) {
  const mine = coachedBy(coach.id, challenges);
  const history = checkinsByChallenge(checkins);
  const names = new Map(people.map((p) => [p.id, p.name]));
  const active = mine.filter(isActive);
  const stuck = [...stuckLearners(mine, checkins)].map((id) => ({ id, name: names.get(id) || '' })).sort((a, b) => a.name.localeCompare(b.name));
  return {
    id: coach.id,
    name: coach.name,
    learners: people.filter((p) => p.managerId === coach.id).length,
    load: new Set(active.map((c) => c.learnerId)).size,
    active: active.length,
    cadence: cadenceOf(mine, history, today),
    stuck,
    effectiveness: coachEffectiveness({ coachId: coach.id, challenges, checkins, today }),
  };
}
