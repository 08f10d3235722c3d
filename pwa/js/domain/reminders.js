// What reminds me today (docs/decisions.md §91), from the records on the device, by the
// same rule as the server's `send-reminders`: check-ins due on the challenges I wrote (their
// latest check-in set a next date of today or before), and challenges past their due date
// that are mine or that I wrote. A pure function: Today shows it, the app badge carries it.

import { isActive, checkinsByChallenge, localDate } from './coaching.js';
import { wroteIt, isLearnerOnly } from './access.js';

/**
 * @param {object} input
 * @param {string} input.me
 * @param {Array} input.challenges, input.checkins  visible records
 * @param {string} input.today  YYYY-MM-DD (local)
 * @returns {{checkins: number, overdue: number, total: number}}
 */
export function remindersDue({ me, challenges = [], checkins = [], today = localDate() }) {
  const viewer = { me, coachees: new Set() };
  const history = checkinsByChallenge(checkins);
  let due = 0;
  let overdue = 0;
  for (const challenge of challenges) {
    if (challenge.deleted || !isActive(challenge)) continue;
    const wrote = wroteIt(viewer, challenge); // one I made offline has no author yet: mine
    if (wrote) {
      const list = history.get(challenge.id) || [];
      const last = list[list.length - 1];
      if (last && last.nextCheckinOn && last.nextCheckinOn <= today) due += 1;
    }
    if ((wrote || isLearnerOnly(viewer, challenge)) && challenge.dueOn && challenge.dueOn < today) overdue += 1;
  }
  return { checkins: due, overdue, total: due + overdue };
}
