// Today: the coach's leader standard work, computed from what is on the device.
// A pure function of the records and the date, so it is tested directly.
//
// - due / overdue: active challenges whose latest check-in set a next date of
//   today / before today;
// - stale: active challenges with no check-in (or, with none yet, no change of
//   hands since they were assigned) for `staleAfterDays` or more, that are not
//   already due or overdue;
// - untriaged: my own observations that no learning goal links yet;
// - goalsWithoutChallenge: open goals with no active challenge;
// - toAccept / toAnswer: the learner's side — challenges waiting for me to
//   accept them and my coach's check-ins I have not answered.
// Coaching items cover the challenges and goals I coach: about anyone in my
// reporting subtree, or my own self-development.
// A mentor (someone whose reports coach people too) gets her own coaching first:
// what I wrote, or what is about one of my direct `reports`; what my coaches wrote
// about their people goes to `coaches` (overdue, due, stale, goals without a
// challenge), which the screen shows apart and collapsed. Without `reports`
// everything I coach counts as mine.

import { isActive, checkinsByChallenge, localDate, daysBetween, ACTIVE_STATUSES } from './coaching.js';
import { mayCoach, isLearnerOnly, wroteIt } from './access.js';

const dayOf = (iso) => (iso ? localDate(new Date(iso)) : null);

// A learner's list: what asks something of them first (new, then stuck, in progress,
// accepted), then what is finished; within a status, the nearest due date first (none last).
const LEARNER_ORDER = ['assigned', 'stuck', 'in_progress', 'accepted', ...ACTIVE_STATUSES, 'done', 'dropped'];
const rank = (status) => {
  const i = LEARNER_ORDER.indexOf(status);
  return i < 0 ? LEARNER_ORDER.length : i;
};

/** A learner's challenges sorted by status (see LEARNER_ORDER), then due date, then title. */
export function sortForLearner(challenges) {
  return [...challenges].sort((a, b) => rank(a.status) - rank(b.status)
    || (a.dueOn || '9999').localeCompare(b.dueOn || '9999')
    || (a.title || '').localeCompare(b.title || ''));
}

/**
 * @param {object} input
 * @param {string} input.me              my person id
 * @param {Iterable<string>} input.coachees ids of the people I coach (my subtree)
 * @param {Iterable<string>|null} input.reports ids of my direct reports (null: all coaching is mine)
 * @param {Array} input.observations, input.goals, input.challenges, input.checkins  visible records
 * @param {number} input.staleAfterDays
 * @param {string} input.today           YYYY-MM-DD (local)
 */
export function computeToday({ me, coachees = [], reports = null, observations = [], goals = [], challenges = [], checkins = [], staleAfterDays = 7, today = localDate() }) {
  const viewer = { me, coachees: new Set(coachees) };
  const history = checkinsByChallenge(checkins);
  const direct = reports ? new Set(reports) : null;
  const isMine = (record) => !direct || wroteIt(viewer, record) || direct.has(record.learnerId) || record.learnerId === me;

  const own = { due: [], overdue: [], stale: [], goalsWithoutChallenge: [] };
  const coaches = { due: [], overdue: [], stale: [], goalsWithoutChallenge: [] };
  for (const challenge of challenges) {
    if (!isActive(challenge) || !mayCoach(viewer, challenge)) continue;
    const lists = isMine(challenge) ? own : coaches;
    const list = history.get(challenge.id) || [];
    const last = list[list.length - 1] || null;
    const next = last && last.nextCheckinOn;
    if (next && next <= today) {
      const item = { challenge, lastCheckin: last, on: next, days: daysBetween(next, today) };
      (next === today ? lists.due : lists.overdue).push(item);
      continue;
    }
    const since = last ? dayOf(last.at) : dayOf(challenge.acceptedAt || challenge.createdAt);
    const days = since ? daysBetween(since, today) : 0;
    if (days >= staleAfterDays) lists.stale.push({ challenge, lastCheckin: last, since, days, next: next || null });
  }
  for (const lists of [own, coaches]) {
    lists.overdue.sort((a, b) => b.days - a.days);
    lists.stale.sort((a, b) => b.days - a.days);
    lists.due.sort((a, b) => a.challenge.title.localeCompare(b.challenge.title));
  }
  const { due, overdue, stale } = own;
  // What the summary line counts must be on the list too: challenges past their due date
  // (oldest first), and the learners who said they are stuck (they asked for help).
  const mine = challenges.filter((c) => !c.deleted && isActive(c) && mayCoach(viewer, c) && isMine(c));
  const pastDue = mine
    .filter((c) => c.dueOn && c.dueOn < today)
    .map((challenge) => ({ challenge, on: challenge.dueOn, days: daysBetween(challenge.dueOn, today) }))
    .sort((a, b) => b.days - a.days);
  const stuck = mine.filter((c) => c.status === 'stuck').map((challenge) => ({ challenge, since: stuckSince(challenge) }));

  const linked = new Set(goals.flatMap((g) => g.observationIds || []));
  const untriaged = observations
    .filter((o) => wroteIt(viewer, o) && !linked.has(o.id))
    .sort((a, b) => ((a.observedAt || '') < (b.observedAt || '') ? 1 : -1));

  const activeGoalIds = new Set(challenges.filter((c) => isActive(c) && c.goalId).map((c) => c.goalId));
  const waitingGoals = goals
    .filter((g) => g.status === 'open' && mayCoach(viewer, g) && !activeGoalIds.has(g.id))
    .sort((a, b) => ((a.createdAt || '') < (b.createdAt || '') ? -1 : 1));
  const goalsWithoutChallenge = waitingGoals.filter(isMine);
  coaches.goalsWithoutChallenge = waitingGoals.filter((g) => !isMine(g));
  coaches.count = coaches.overdue.length + coaches.due.length + coaches.stale.length + coaches.goalsWithoutChallenge.length;

  const toAccept = challenges.filter((c) => c.status === 'assigned' && isLearnerOnly(viewer, c));
  const byId = new Map(challenges.map((c) => [c.id, c]));
  const toAnswer = checkins
    .filter((c) => isLearnerOnly(viewer, { ...c, learnerId: c.learnerId || (byId.get(c.challengeId) || {}).learnerId }) && !c.answer)
    .filter((c) => byId.has(c.challengeId) && isActive(byId.get(c.challengeId)))
    .map((checkin) => ({ checkin, challenge: byId.get(checkin.challengeId) }));

  const coachingEmpty = !due.length && !overdue.length && !stale.length && !untriaged.length && !goalsWithoutChallenge.length && !pastDue.length && !stuck.length;
  return { due, overdue, stale, stuck, pastDue, untriaged, goalsWithoutChallenge, toAccept, toAnswer, coaches, empty: coachingEmpty && !toAccept.length && !toAnswer.length };
}

/** The day a challenge last became stuck (its status history, written by the server), or null. */
function stuckSince(challenge) {
  const changes = (challenge.statusHistory || []).filter((entry) => entry.status === 'stuck');
  const last = changes[changes.length - 1];
  return last && last.at ? dayOf(last.at) : null;
}
