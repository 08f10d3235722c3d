// Today's reminder count and the app badge (docs/decisions.md §91): how many check-ins are
// due and challenges overdue, by the rule `send-reminders` uses, from the records on the
// device (so offline too). The badge is set where the Badging API exists.

import { t } from '../i18n/i18n.js';
import { h, clear, put } from '../ui/dom.js';
import { remindersDue } from '../domain/reminders.js';
import { myId } from '../domain/access.js';
import { localDate } from '../domain/coaching.js';

/** {element, update(profile, data)}: a line under Today's title, hidden when nothing is due. */
export function reminderCount() {
  const element = h('p', { class: 'muted today__reminders', 'data-testid': 'today-reminders' });
  element.hidden = true;
  const update = (profile, data) => {
    const due = remindersDue({ me: myId(profile), challenges: data.challenge || [], checkins: data.checkin || [], today: localDate() });
    const parts = [due.checkins ? t('reminders.checkins', { count: due.checkins }) : null, due.overdue ? t('reminders.overdue', { count: due.overdue }) : null];
    put(clear(element), parts.filter(Boolean).join(' · '));
    element.hidden = !due.total;
    showBadge(due.total);
    return due;
  };
  return { element, update };
}

/** The number on the app's icon, where the browser has the Badging API; nothing elsewhere. */
export function showBadge(count) {
  const nav = globalThis.navigator;
  if (!nav || typeof nav.setAppBadge !== 'function') return;
  try {
    Promise.resolve(count ? nav.setAppBadge(count) : nav.clearAppBadge()).catch(() => {});
  } catch {
    // a browser that has the method but refuses it here (not installed): no badge
  }
}
