// How values read on screen: observation kinds, times, the sync count. Pure (no DOM), so
// the domain's own words (conflicts.js) and Node tests may use it.

import { KINDS } from '../domain/mutators.js';

export const kindLabel = (kind) => (KINDS.find(([value]) => value === kind) || [kind, kind || 'Note'])[1];

// Made once: building an Intl formatter costs more than formatting (a list of notes calls
// formatWhen once a card, on every redraw).
const TIME = new Intl.DateTimeFormat([], { hour: '2-digit', minute: '2-digit' });
const DAY = new Intl.DateTimeFormat([], { day: 'numeric', month: 'short' });
const DAY_YEAR = new Intl.DateTimeFormat([], { day: 'numeric', month: 'short', year: 'numeric' });

export function formatWhen(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const now = new Date();
  const time = TIME.format(date);
  if (date.toDateString() === now.toDateString()) return `Today ${time}`;
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  if (date.toDateString() === yesterday.toDateString()) return `Yesterday ${time}`;
  return `${(date.getFullYear() === now.getFullYear() ? DAY : DAY_YEAR).format(date)} ${time}`;
}

export function pendingText(count) {
  if (!count) return 'All changes synced';
  return `${count} waiting to sync`;
}
