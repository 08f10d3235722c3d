// How values read on screen: observation kinds, times, the sync count. Pure (no DOM), so
// the domain's own words (conflicts.js) and Node tests may use it.

import { KINDS } from '../domain/mutators.js';
import { t, formatDate } from '../i18n/i18n.js';

export const kindLabel = (kind) => (KINDS.find(([value]) => value === kind) || [kind, kind || t('kind.note')])[1];

// In the chosen language; i18n.js makes each Intl formatter once (a list of notes calls
// formatWhen once a card, on every redraw).
const TIME = { hour: '2-digit', minute: '2-digit' };
const DAY = { day: 'numeric', month: 'short' };
const DAY_YEAR = { day: 'numeric', month: 'short', year: 'numeric' };

/**
 * When something happened: "Today 09:05", "Yesterday 09:05", "14 Mar 09:05". Capitalised to
 * stand alone (a card's metadata); `{ inline: true }` words it to sit mid-sentence ("Last sync
 * today 09:05", "Synchro aujourd’hui 09:05"), as every `{when}` of the catalogs does.
 */
export function formatWhen(iso, { inline = false } = {}) {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const now = new Date();
  const time = formatDate(date, TIME);
  if (date.toDateString() === now.toDateString()) return t(inline ? 'when.todayInline' : 'when.today', { time });
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  if (date.toDateString() === yesterday.toDateString()) return t(inline ? 'when.yesterdayInline' : 'when.yesterday', { time });
  return t('when.day', { day: formatDate(date, date.getFullYear() === now.getFullYear() ? DAY : DAY_YEAR), time });
}

export function pendingText(count) {
  if (!count) return t('sync.allSynced');
  return t('sync.waiting', { count });
}
