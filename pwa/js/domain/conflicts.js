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

export const TYPE_LABELS = {
  observation: 'Observation',
  goal: 'Learning goal',
  challenge: 'Challenge',
  checkin: 'Check-in',
  mentor_note: 'Mentor note',
};

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

const LABELS = {
  note: 'Note',
  kind: 'Kind',
  personId: 'Person',
  areaId: 'Area',
  visibility: 'Who can see it',
  observedAt: 'Seen',
  photos: 'Photos',
  learnerId: 'Learner',
  action: 'What to do',
  reason: 'Why',
  misconception: 'Misconception',
  observationIds: 'Observations',
  goalId: 'Learning goal',
  challengeId: 'Challenge',
  mode: 'Mode',
  title: 'Title',
  problem: 'Problem',
  target: 'Target',
  actual: 'Reached so far',
  dueOn: 'Due',
  status: 'Status',
  details: 'Details',
  reflection: 'Reflection',
  at: 'When',
  engagement: 'Engagement',
  approach: 'Approach',
  resilience: 'Resilience',
  notes: 'Notes',
  learned: 'Learned',
  nextStep: 'Next step',
  nextCheckinOn: 'Next check-in',
  answer: 'Answer',
  flagged: 'Needs review',
  deleted: 'Deleted',
};

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
  if (value === null || value === undefined || value === '') return '(empty)';
  if (field === 'kind') return (KINDS.find(([v]) => v === value) || [value, value])[1];
  if (field === 'visibility') return value === 'shared' ? 'Shared' : 'Private';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (field === 'photos' && Array.isArray(value)) return value.length === 1 ? '1 photo' : `${value.length} photos`;
  if (/Id$/.test(field) && typeof value === 'string') return personName(profile, value) || 'someone else';
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v !== 'object' || v === null)) return value.join(', ') || '(none)';
    return value.length === 1 ? '1 item' : `${value.length} items`;
  }
  if (typeof value === 'object') return JSON.stringify(value);
  if (typeof value === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(value)) return formatWhen(value) || value;
  if (typeof value === 'string' && /^\d{4}-\d\d-\d\d$/.test(value)) {
    return new Date(`${value}T12:00:00`).toLocaleDateString([], { day: 'numeric', month: 'short', year: 'numeric' });
  }
  return String(value);
}

/** Text fields can be combined by hand; the others are picked. */
export function isText(field, ...values) {
  return !/Id$|At$|On$/.test(field) && field !== 'kind' && field !== 'visibility' && field !== 'status' && field !== 'mode'
    && values.every((v) => v === null || v === undefined || typeof v === 'string');
}
