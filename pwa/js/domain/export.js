// Export (issue 13 point 3, docs/decisions.md §96): what the signed-in person may see, made on
// the device from its own store, offline. Pure functions: which records go in (one person, or
// everything the device holds for me), the JSON document, and CSV that a spreadsheet opens
// safely (RFC 4180 quoting, no formula injection, UTF-8 with a BOM for Excel's accents).
// The screen (views/export.js) turns their text into a download.

import { wroteIt } from './access.js';
import { checkinLearner } from './coaching.js';

/** The kinds of records exported, in the order a reader meets them in the coaching loop. */
export const EXPORT_KINDS = ['observation', 'goal', 'challenge', 'checkin'];

/** Where each kind sits in the JSON document. */
export const JSON_KEYS = { observation: 'observations', goal: 'goals', challenge: 'challenges', checkin: 'checkins' };

/** The columns of each kind's CSV: [header, value(record, context)]. Headers are field names,
 * the same in every language, so a spreadsheet or a script reads any person's export alike. */
export const CSV_COLUMNS = {
  observation: [
    ['id', (r) => r.id],
    ['observedAt', (r) => r.observedAt],
    ['personId', (r) => r.personId],
    ['personName', (r) => r.personName],
    ['kind', (r) => r.kind],
    ['visibility', (r) => r.visibility],
    ['note', (r) => r.note],
    ['areaId', (r) => r.areaId],
    ['photos', (r) => (r.photos || []).length],
    ['authorName', (r) => r.authorName],
    ['createdAt', (r) => r.createdAt],
    ['updatedAt', (r) => r.updatedAt],
  ],
  goal: [
    ['id', (r) => r.id],
    ['learnerId', (r) => r.learnerId],
    ['learnerName', (r) => r.learnerName],
    ['action', (r) => r.action],
    ['reason', (r) => r.reason],
    ['misconception', (r) => r.misconception],
    ['status', (r) => r.status],
    ['observationIds', (r) => (r.observationIds || []).join(' ')],
    ['authorName', (r) => r.authorName],
    ['createdAt', (r) => r.createdAt],
    ['updatedAt', (r) => r.updatedAt],
  ],
  challenge: [
    ['id', (r) => r.id],
    ['learnerId', (r) => r.learnerId],
    ['learnerName', (r) => r.learnerName],
    ['goalId', (r) => r.goalId],
    ['mode', (r) => r.mode],
    ['title', (r) => r.title],
    ['problem', (r) => r.problem],
    ['metric', (r) => r.target && r.target.metric],
    ['baseline', (r) => r.target && r.target.baseline],
    ['target', (r) => r.target && r.target.value],
    ['unit', (r) => r.target && r.target.unit],
    ['actual', (r) => r.actual],
    ['dueOn', (r) => r.dueOn],
    ['status', (r) => r.status],
    ['reflection', (r) => r.reflection],
    ['authorName', (r) => r.authorName],
    ['createdAt', (r) => r.createdAt],
    ['updatedAt', (r) => r.updatedAt],
  ],
  checkin: [
    ['id', (r) => r.id],
    ['challengeId', (r) => r.challengeId],
    ['challengeTitle', (r, c) => (c.challenges.get(r.challengeId) || {}).title],
    ['learnerId', (r, c) => checkinLearner(r, c.challenges)],
    ['learnerName', (r, c) => r.learnerName || (c.challenges.get(r.challengeId) || {}).learnerName],
    ['at', (r) => r.at],
    ['engagement', (r) => r.engagement],
    ['approach', (r) => r.approach],
    ['resilience', (r) => r.resilience],
    ['notes', (r) => r.notes],
    ['learned', (r) => r.learned],
    ['nextStep', (r) => r.nextStep],
    ['nextCheckinOn', (r) => r.nextCheckinOn],
    ['answer', (r) => r.answer],
    ['authorName', (r) => r.authorName],
    ['createdAt', (r) => r.createdAt],
    ['updatedAt', (r) => r.updatedAt],
  ],
};

const byDate = (field) => (a, b) => String(a[field] || '').localeCompare(String(b[field] || '')) || String(a.id).localeCompare(String(b.id));
const ORDER = { observation: byDate('observedAt'), goal: byDate('createdAt'), challenge: byDate('createdAt'), checkin: byDate('at') };

/**
 * The records to export from a device snapshot ({observation: [...], goal: [...], ...}):
 * `personId` null for everything the device holds for the viewer, else that person's records
 * (notes about them, their goals and challenges, the check-ins on those challenges).
 * A private note goes in only when the viewer wrote it: the server sends nobody else's, and a
 * record on the device that says otherwise is left out rather than trusted.
 */
export function selectRecords(snapshot, viewer, personId = null) {
  const challenges = new Map((snapshot.challenge || []).map((c) => [c.id, c]));
  const about = {
    observation: (r) => r.personId === personId,
    goal: (r) => r.learnerId === personId,
    challenge: (r) => r.learnerId === personId,
    checkin: (r) => checkinLearner(r, challenges) === personId,
  };
  const mayRead = (type, r) => type !== 'observation' || r.visibility !== 'private' || wroteIt(viewer, r);
  const out = {};
  for (const type of EXPORT_KINDS) {
    out[type] = (snapshot[type] || []).filter((r) => mayRead(type, r) && (personId === null || about[type](r))).sort(ORDER[type]);
  }
  return out;
}

/** The JSON document: who made it, when, whose records, and every kind. */
export function exportJson(selected, { exportedBy, person = null, at = new Date().toISOString() }) {
  const doc = {
    app: 'Gembakit',
    format: 1,
    exportedAt: at,
    exportedBy: exportedBy ? { id: exportedBy.id, name: exportedBy.name } : null,
    person: person ? { id: person.id, name: person.name } : null,
  };
  for (const type of EXPORT_KINDS) doc[JSON_KEYS[type]] = selected[type] || [];
  return JSON.stringify(doc, null, 2);
}

// A spreadsheet runs a cell that starts with one of these as a formula (CSV injection, OWASP).
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV cell: text that a spreadsheet would run as a formula gets a leading apostrophe; a
 * cell with a comma, a quote or a line break is quoted, its quotes doubled (RFC 4180). Numbers
 * and booleans are written as they are (a number cannot hold a formula). */
export function csvCell(value) {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'number' || typeof value === 'boolean' ? String(value) : typeof value === 'string' ? value : JSON.stringify(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV text: a header row, then one row per record, CRLF line ends (RFC 4180). */
export function toCsv(header, rows) {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** Excel reads a CSV as UTF-8 (French accents) only when it starts with a byte order mark. */
export const BOM = '\uFEFF';

/** The CSV of one kind of the selected records, BOM first. `all` (the whole snapshot) names
 * the challenge of a check-in outside the selection too. */
export function exportCsv(selected, type, all = selected) {
  const columns = CSV_COLUMNS[type];
  const context = { challenges: new Map([...(all.challenge || []), ...(selected.challenge || [])].map((c) => [c.id, c])) };
  const rows = (selected[type] || []).map((record) => columns.map(([, value]) => value(record, context)));
  return BOM + toCsv(columns.map(([name]) => name), rows);
}

/** A file name without accents, spaces or anything a file system refuses. */
export function fileName(parts, extension) {
  const slug = parts
    .filter(Boolean)
    .map((part) => String(part).normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, ''))
    .filter(Boolean)
    .join('-');
  return `${slug || 'gembakit'}.${extension}`;
}
