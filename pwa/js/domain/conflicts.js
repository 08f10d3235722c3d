// Conflicts and revision history, shared by the Review list, the resolve screen and the
// History screen: which values a conflict kept off a record, and how to show a field's
// value to a person. Which records wait for review: PersonStore.listFlagged.
//
// The server flags a record when a field was changed on two devices at once:
// it keeps the value it already had and stores the other one in the revision
// history (`conflicts` of that revision). A stale delete is not applied and is
// flagged the same way (`conflicts: {deleted: true}`). An update with
// `resolve: true` clears the flag; its revision has `changes.flagged === false`.

import { KINDS } from './mutators.js';
import { formatWhen } from '../ui/format.js';
import '../i18n/screens.js';
import { t, formatDate } from '../i18n/i18n.js';

/** {key: word} read in the chosen language when used. */
const worded = (prefix, names) => Object.defineProperties({}, Object.fromEntries(names.map((name) => [name, { enumerable: true, get: () => t(`${prefix}.${name}`) }])));

export const TYPE_LABELS = worded('conflict.type', ['observation', 'goal', 'challenge', 'checkin', 'mentor_note', 'principle']);

/** Where a record opens; other screens add their own entity types here. */
export const RECORD_PATHS = {
  observation: (id) => `/observations/${encodeURIComponent(id)}`,
};

export const historyPath = (type, id) => `/history/${encodeURIComponent(type)}/${encodeURIComponent(id)}`;
export const reviewPath = (type, id) => `/review/${encodeURIComponent(type)}/${encodeURIComponent(id)}`;

export function recordTitle(type, data) {
  const text = data && (data.note || data.title || data.action || data.notes);
  return text || TYPE_LABELS[type] || type;
}

/**
 * What waits for review, from a record's revisions (oldest first): the
 * conflicts recorded since the last review. Returns {fields: Map(field ->
 * [{value, revision}]), deletion: revision|null}.
 */
export function openConflicts(revisions) {
  let start = 0;
  revisions.forEach((r, i) => {
    if (r.changes && r.changes.flagged === false) start = i + 1;
  });
  const fields = new Map();
  let deletion = null;
  for (const revision of revisions.slice(start)) {
    if (!revision.conflicts) continue;
    if (revision.op === 'delete') {
      deletion = revision;
      continue;
    }
    for (const [field, value] of Object.entries(revision.conflicts)) {
      if (!fields.has(field)) fields.set(field, []);
      const options = fields.get(field);
      if (!options.some((o) => sameJson(o.value, value))) options.push({ value, revision });
    }
  }
  return { fields, deletion };
}

export function sameJson(a, b) {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

// ---------------------------------------------------------------- showing values

const LABELS = worded('conflict.field', [
  'note',
  'kind',
  'personId',
  'areaId',
  'visibility',
  'observedAt',
  'photos',
  'learnerId',
  'action',
  'reason',
  'misconception',
  'principle',
  'workedCase',
  'principleId',
  'observationIds',
  'goalId',
  'challengeId',
  'mode',
  'title',
  'problem',
  'target',
  'actual',
  'dueOn',
  'status',
  'details',
  'reflection',
  'at',
  'engagement',
  'approach',
  'resilience',
  'notes',
  'learned',
  'nextStep',
  'nextCheckinOn',
  'answer',
  'flagged',
  'deleted',
]);

export function fieldLabel(field) {
  if (LABELS[field]) return LABELS[field];
  const words = field.replace(/Id$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function personName(profile, id) {
  if (!profile) return null;
  if (profile.user && profile.user.id === id) return profile.user.name;
  if (profile.manager && profile.manager.id === id) return profile.manager.name;
  const match = [...(profile.people || []), ...(profile.reports || [])].find((p) => p.id === id);
  return match ? match.name : null;
}

/** A field's value in words: names for people, labels for kinds, local times for dates. */
export function displayValue(field, value, profile = null) {
  if (value === null || value === undefined || value === '') return t('conflict.empty');
  if (field === 'kind') return (KINDS.find(([v]) => v === value) || [value, value])[1];
  if (field === 'visibility') return value === 'shared' ? t('obs.shared') : t('obs.private');
  if (typeof value === 'boolean') return value ? t('conflict.yes') : t('conflict.no');
  if (field === 'photos' && Array.isArray(value)) return t('card.photos', { count: value.length });
  if (/Id$/.test(field) && typeof value === 'string') return personName(profile, value) || t('conflict.someoneElse');
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v !== 'object' || v === null)) return value.join(', ') || t('conflict.none');
    return t('conflict.items', { count: value.length });
  }
  if (typeof value === 'object') return JSON.stringify(value);
  if (typeof value === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(value)) return formatWhen(value) || value;
  if (typeof value === 'string' && /^\d{4}-\d\d-\d\d$/.test(value)) {
    return formatDate(new Date(`${value}T12:00:00`), { day: 'numeric', month: 'short', year: 'numeric' });
  }
  return String(value);
}

/** Text fields can be combined by hand; the others are picked. */
export function isText(field, ...values) {
  return !/Id$|At$|On$/.test(field) && field !== 'kind' && field !== 'visibility' && field !== 'status' && field !== 'mode'
    && values.every((v) => v === null || v === undefined || typeof v === 'string');
}
