// A record's history in words (issue 12 point 5): field labels, values as the screens show
// them (kinds, statuses, modes, ratings, dates), nested mode details as labelled lines, people
// and records named, and a conflict explained in a sentence. Pure (no DOM, no storage), so
// tests/js/history-words.test.js reads it directly; views/history.js draws what it returns.

import { KINDS } from './mutators.js';
import { STATUSES, GOAL_STATUSES, modeLabel, RATINGS, PRACTICE_KINDS, targetText } from './coaching.js';
import { fieldLabel } from './conflicts.js';

// Labels the shared table (conflicts.js) does not have, or words differently for history.
const LABELS = {
  helperId: 'Helper',
  currentMethod: 'Current method',
  rootCause: 'Root cause',
  countermeasure: 'Countermeasure',
  whys: 'Why? Why? Why?',
  practiceLog: 'Practice',
  jobStep: 'Job step',
  keyPoints: 'Key points',
  reasons: 'Reasons',
  introducedOn: 'Introduced on',
  introduction: 'Introduction',
  outcome: 'Outcome',
  question: 'Question',
  experiments: 'Experiments',
  expected: 'Expected',
  steps: 'Steps',
  metric: 'Measure',
  baseline: 'Baseline',
  value: 'Target',
  unit: 'Unit',
  helpOffer: 'Help offered',
  observationIds: 'Observations',
  statusHistory: 'Status history',
  by: 'By',
};

export const label = (field) => LABELS[field] || fieldLabel(field);

const PEOPLE_FIELDS = new Set(['personId', 'learnerId', 'helperId', 'authorId', 'managerId', 'participantId', 'by']);
const RECORD_FIELDS = { goalId: 'goal', challengeId: 'challenge', observationId: 'observation', workshopId: 'workshop' };
const UNSEEN = { goal: 'a goal you can’t see', challenge: 'a challenge you can’t see', observation: 'a note you can’t see', workshop: 'a workshop you can’t see' };
const RATING_KEYS = new Set(RATINGS.map((r) => r.key));

/** A person's name from the profile (me, my manager, the people I know), or null. */
export function personName(profile, id) {
  if (!profile || !id) return null;
  if (profile.user && profile.user.id === id) return profile.user.name;
  if (profile.manager && profile.manager.id === id) return profile.manager.name;
  const match = [...(profile.people || []), ...(profile.reports || []), ...(profile.mentees || [])].find((p) => p.id === id);
  return match ? match.name : null;
}

/** A record's title as its screen shows it: a goal's action, a challenge's title, a note's first words. */
export function recordName(type, record) {
  if (!record) return null;
  const text = record.action || record.title || record.note || record.name || '';
  return text.length > 80 ? `${text.slice(0, 79)}…` : text || null;
}

function day(value) {
  const date = new Date(`${value}T12:00:00`);
  return Number.isNaN(date.getTime()) ? value : date.toLocaleDateString([], { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
}

function moment(value) {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toLocaleString([], { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

function ratingWords(field, value) {
  const rating = RATINGS.find((r) => r.key === field);
  const level = rating && rating.levels && rating.levels[value - 1];
  return level ? `${value} of 4 — ${level[0]}` : `${value} of 4`;
}

/**
 * A field's value in words. `type` is the record's type (a status reads differently on a goal
 * and a challenge); `where` = {profile, records: {goal: Map, challenge: Map, observation: Map}}.
 * Returns {text} or, for a structured value (mode details, a target, a job step), {lines:
 * [{label, text, lines?}]}.
 */
export function describeValue(type, field, value, where = {}) {
  const { profile = null, records = {} } = where;
  if (value === null || value === undefined || value === '') return { text: '(empty)' };
  if (Array.isArray(value) && !value.length) return { text: '(none)' };
  if (field === 'kind' && type === 'observation') return { text: (KINDS.find(([v]) => v === value) || [value, value])[1] };
  if (field === 'kind') return { text: (PRACTICE_KINDS.find(([v]) => v === value) || [value, value])[1] };
  if (field === 'visibility') return { text: value === 'shared' ? 'Shared' : 'Private' };
  if (field === 'status') return { text: (type === 'goal' ? GOAL_STATUSES : STATUSES)[value] || String(value) };
  if (field === 'mode') return { text: modeLabel(value) };
  if (RATING_KEYS.has(field) && typeof value === 'number') return { text: ratingWords(field, value) };
  if (typeof value === 'boolean') return { text: value ? 'Yes' : 'No' };
  if (field === 'photos' && Array.isArray(value)) return { text: value.length === 1 ? '1 photo' : `${value.length} photos` };
  if (PEOPLE_FIELDS.has(field)) return { text: personName(profile, value) || 'someone outside your team' };
  if (RECORD_FIELDS[field]) {
    const kind = RECORD_FIELDS[field];
    return { text: recordName(kind, records[kind] && records[kind].get(value)) || UNSEEN[kind] };
  }
  if (field === 'observationIds' && Array.isArray(value)) return { text: observationList(value, records.observation) };
  if (field === 'target' && typeof value === 'object') return { text: targetText(value) || '(no target)' };
  if (field === 'statusHistory' && Array.isArray(value)) {
    // [{status, by, byName, at}]: "Accepted · Lee Learner · Tue 1 Dec 2026, 09:00"
    return { lines: value.map((step, i) => ({ label: `${i + 1}.`, text: [STATUSES[step.status] || step.status, step.byName || personName(profile, step.by) || 'someone outside your team', step.at ? moment(step.at) : null].filter(Boolean).join(' · ') })) };
  }
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v !== 'object' || v === null)) return { text: value.join(', ') };
    return { lines: value.map((item, i) => ({ label: `${i + 1}.`, ...describeObject(type, item, where) })) };
  }
  if (typeof value === 'object') return describeObject(type, field === 'details' ? unwrapDetails(value) : value, where);
  if (typeof value === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(value)) return { text: moment(value) };
  if (typeof value === 'string' && /^\d{4}-\d\d-\d\d$/.test(value)) return { text: day(value) };
  return { text: String(value) };
}

// Mode details arrive as {"kaizen": {...}} on some records and flat on others: show the inside.
function unwrapDetails(value) {
  const keys = Object.keys(value);
  return keys.length === 1 && ['standard', 'problem', 'kaizen', 'teamwork'].includes(keys[0]) && value[keys[0]] && typeof value[keys[0]] === 'object' ? value[keys[0]] : value;
}

function describeObject(type, object, where) {
  if (object === null || typeof object !== 'object') return describeValue(type, '', object, where);
  const entries = Object.entries(object).filter(([, v]) => v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && !v.length));
  if (!entries.length) return { text: '(empty)' };
  return { lines: entries.map(([field, v]) => ({ label: label(field), ...describeValue(type, field, v, where) })) };
}

function observationList(ids, observations) {
  const known = ids.map((id) => observations && observations.get(id)).filter(Boolean);
  const names = known.map((o) => `“${recordName('observation', o)}”`);
  const unseen = ids.length - known.length;
  if (unseen) names.push(unseen === 1 ? 'a note you can’t see' : `${unseen} notes you can’t see`);
  return names.join(', ');
}

/** Plain text of a described value (for a conflict sentence, a test). */
export function plainText(described) {
  if (described.text !== undefined) return described.text;
  return described.lines.map((l) => `${l.label} ${plainText(l)}`).join('; ');
}

/**
 * A conflict in a sentence: what arrived, what the record kept, what to do.
 * `revision` = {op, authorName, conflicts}; `mine`: I may settle it.
 */
export function explainConflict(type, revision, { mine = false } = {}) {
  const who = revision.authorName || 'Someone';
  if (revision.op === 'delete') {
    return `${who} deleted it on a device that had not seen the latest change, so it was not deleted: the record stays as it was${mine ? '; review it to delete it or keep it' : ''}.`;
  }
  const fields = Object.keys(revision.conflicts || {}).map((f) => label(f).toLowerCase());
  const list = fields.length > 1 ? `${fields.slice(0, -1).join(', ')} and ${fields[fields.length - 1]}` : fields[0] || 'a field';
  return `${who} changed ${list} on a device that had not seen another change to the same ${fields.length > 1 ? 'fields' : 'field'}: the record kept the value it had, and this one waits for review${mine ? ' (Review to choose)' : ''}.`;
}
