// A record's history in words (issue 12 point 5): field labels, values as the screens show
// them (kinds, statuses, modes, ratings, dates), nested mode details as labelled lines, people
// and records named, and a conflict explained in a sentence. Pure (no DOM, no storage), so
// tests/js/history-words.test.js reads it directly; views/history.js draws what it returns.

import { KINDS } from './mutators.js';
import { STATUSES, GOAL_STATUSES, modeLabel, RATINGS, PRACTICE_KINDS, targetText } from './coaching.js';
import { fieldLabel } from './conflicts.js';
import { t, formatDate } from '../i18n/i18n.js';

// Labels the shared table (conflicts.js) does not have, or words differently for history:
// 'history.field.<name>' in the catalogs (en-screens.js, fr-screens.js).
const LABELS = new Set(['helperId', 'currentMethod', 'rootCause', 'countermeasure', 'whys', 'practiceLog', 'jobStep', 'keyPoints',
  'reasons', 'introducedOn', 'introduction', 'outcome', 'question', 'experiments', 'expected', 'steps', 'metric', 'baseline',
  'value', 'unit', 'helpOffer', 'observationIds', 'statusHistory', 'by', 'check', 'step']);

export const label = (field) => (LABELS.has(field) ? t(`history.field.${field}`) : fieldLabel(field));

const PEOPLE_FIELDS = new Set(['personId', 'learnerId', 'helperId', 'authorId', 'managerId', 'participantId', 'by']);
const RECORD_FIELDS = { goalId: 'goal', challengeId: 'challenge', observationId: 'observation', workshopId: 'workshop', principleId: 'principle' };
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
  return Number.isNaN(date.getTime()) ? value : formatDate(date, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
}

function moment(value) {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : formatDate(date, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

function ratingWords(field, value) {
  const rating = RATINGS.find((r) => r.key === field);
  const level = rating && rating.levels && rating.levels[value - 1];
  return t('history.rating', { value, anchor: level ? level[0] : '' }).replace(/ — $/, '');
}

const someoneOutside = () => t('history.someoneOutside');

/**
 * A field's value in words. `type` is the record's type (a status reads differently on a goal
 * and a challenge); `where` = {profile, records: {goal: Map, challenge: Map, observation: Map}}.
 * Returns {text} or, for a structured value (mode details, a target, a job step), {lines:
 * [{label, text, lines?}]}.
 */
export function describeValue(type, field, value, where = {}) {
  const { profile = null, records = {} } = where;
  if (value === null || value === undefined || value === '') return { text: t('history.empty') };
  if (Array.isArray(value) && !value.length) return { text: t('history.none') };
  if (field === 'kind' && type === 'observation') return { text: (KINDS.find(([v]) => v === value) || [value, value])[1] };
  if (field === 'kind') return { text: (PRACTICE_KINDS.find(([v]) => v === value) || [value, value])[1] };
  if (field === 'visibility') return { text: value === 'shared' ? t('obs.shared') : t('obs.private') };
  if (field === 'status') return { text: (type === 'goal' ? GOAL_STATUSES : STATUSES)[value] || String(value) };
  if (field === 'mode') return { text: modeLabel(value) };
  if (RATING_KEYS.has(field) && typeof value === 'number') return { text: ratingWords(field, value) };
  if (typeof value === 'boolean') return { text: value ? t('history.yes') : t('history.no') };
  if (field === 'photos' && Array.isArray(value)) return { text: t('history.photos', { count: value.length }) };
  if (PEOPLE_FIELDS.has(field)) return { text: personName(profile, value) || someoneOutside() };
  if (RECORD_FIELDS[field]) {
    const kind = RECORD_FIELDS[field];
    return { text: recordName(kind, records[kind] && records[kind].get(value)) || t(`history.unseen.${kind}`) };
  }
  if (field === 'observationIds' && Array.isArray(value)) return { text: observationList(value, records.observation) };
  if (field === 'target' && typeof value === 'object') return { text: targetText(value) || t('history.noTarget') };
  if (field === 'statusHistory' && Array.isArray(value)) {
    // [{status, by, byName, at}]: "Accepted · Lee Learner · Tue 1 Dec 2026, 09:00"
    return { lines: value.map((step, i) => ({ label: `${i + 1}.`, text: [STATUSES[step.status] || step.status, step.byName || personName(profile, step.by) || someoneOutside(), step.at ? moment(step.at) : null].filter(Boolean).join(' · ') })) };
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
  if (!entries.length) return { text: t('history.empty') };
  return { lines: entries.map(([field, v]) => ({ label: label(field), ...describeValue(type, field, v, where) })) };
}

function observationList(ids, observations) {
  const known = ids.map((id) => observations && observations.get(id)).filter(Boolean);
  const names = known.map((o) => `“${recordName('observation', o)}”`);
  const unseen = ids.length - known.length;
  if (unseen) names.push(unseen === 1 ? t('history.unseen.observation') : t('history.unseenNotes', { count: unseen }));
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
  const who = revision.authorName || t('history.someone');
  if (revision.op === 'delete') return t(mine ? 'history.conflictDeleteMine' : 'history.conflictDelete', { who });
  const fields = Object.keys(revision.conflicts || {}).map((f) => label(f).toLocaleLowerCase());
  const list = fields.length > 1 ? t('history.and', { list: fields.slice(0, -1).join(', '), last: fields[fields.length - 1] }) : fields[0] || '';
  return t(fields.length > 1 ? 'history.conflictFields' : 'history.conflictField', { who, fields: list });
}
