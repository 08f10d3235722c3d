// History of one record: who changed what and when, newest first, from the
// server's revisions (GET /api/sync/history/<type>/<id>). Shows the server's
// time, and the device's clock when it differs (a change made offline), and
// the values a conflict kept off the record. Any screen links here with
// historyPath(type, id) from domain/conflicts.js. Everything in words
// (domain/history-words.js): labels, values as the screens show them, mode details
// as labelled lines, people and records named, conflicts explained; the author of a
// note sees which versions were private (replayed from the revisions, which the
// author always reads whole).

import '../i18n/screens.js';
import { t } from '../i18n/i18n.js';
import { api } from '../data/api.js';
import { STORE_FOR_TYPE } from '../domain/mutators.js';
import { recordTitle, reviewPath, RECORD_PATHS, TYPE_LABELS } from '../domain/conflicts.js';
import { describeValue, explainConflict, label } from '../domain/history-words.js';
import { h } from '../ui/dom.js';
import { formatWhen } from '../ui/format.js';
import { errorMessage } from '../domain/error-messages.js';

const CLOCK_SLACK_MS = 60 * 1000;

export async function render(ctx, { type, id }) {
  const { session } = ctx;
  const record = STORE_FOR_TYPE[type] ? await session.store.getRecord(type, id) : null;
  const backHref = record ? recordPath(type, record, id) : '/';
  const back = h('a', { href: backHref, 'data-link': true, class: 'btn btn--secondary btn--block' }, t('common.back'));
  const head = [
    h('h1', { class: 'screen__title' }, t('edit.history')),
    h('p', { class: 'muted' }, TYPE_LABELS[type] || type),
    record ? h('p', { class: 'obs__note obs__note--full' }, recordTitle(type, record)) : null,
  ];

  let revisions;
  try {
    ({ revisions } = await api.get(`/api/sync/history/${encodeURIComponent(type)}/${encodeURIComponent(id)}`));
  } catch (err) {
    let message = t('historyScreen.failed', { message: errorMessage(err) });
    if (err.status === 0) message = t('historyScreen.offline');
    else if (err.status === 404) {
      message = record && !record.version
        ? t('historyScreen.notYet')
        : t('historyScreen.none');
    }
    return h('section', { class: 'screen' }, ...head, h('p', { class: 'banner banner--warn', 'data-testid': 'history-unavailable' }, message), back);
  }

  // The records a value may name (a goal's note, an idea's workshop, a goal's principle).
  const named = ['goal', 'challenge', 'observation', 'workshop', 'principle'].filter((kind) => STORE_FOR_TYPE[kind]);
  const data = await session.store.snapshot(named);
  const where = { profile: session.profile, records: Object.fromEntries(named.map((kind) => [kind, new Map(data[kind].map((r) => [r.id, r]))])) };
  const mine = Boolean(record) && (!record.authorId || record.authorId === session.personId);
  const privacy = type === 'observation' ? privateVersions(revisions || []) : new Map();
  const items = [...(revisions || [])].reverse().map((r) => revisionItem(type, r, where, { mine, private: privacy.get(r) }));
  return h(
    'section',
    { class: 'screen' },
    ...head,
    record && record.flagged && (!record.authorId || record.authorId === session.personId)
      ? h('p', { class: 'banner banner--warn' }, h('span', {}, t('historyScreen.flagged')), h('a', { href: reviewPath(type, id), 'data-link': true, class: 'banner__action' }, t('header.review')))
      : null,
    h('ol', { class: 'revisions', 'data-testid': 'revisions' }, items),
    back,
  );
}

/** Where a record opens (the back link). */
function recordPath(type, record, id) {
  const enc = encodeURIComponent;
  if (type === 'goal') return `/goals/${enc(id)}`;
  if (type === 'challenge') return `/challenges/${enc(id)}`;
  if (type === 'checkin' && record.challengeId) return `/challenges/${enc(record.challengeId)}/checkins/${enc(id)}`;
  if (type === 'workshop') return `/workshops/${enc(id)}`;
  if (type === 'principle') return `/principles/${enc(id)}`;
  return RECORD_PATHS[type] ? RECORD_PATHS[type](id) : '/';
}

/** For a note's author (who reads every revision): was it private after each one? */
function privateVersions(revisions) {
  const marks = new Map();
  let visibility = 'private';
  for (const r of revisions) {
    if (r.snapshot) return new Map(); // not the author: the server sent only what was shared
    if (r.changes && r.changes.visibility) visibility = r.changes.visibility;
    marks.set(r, visibility === 'private');
  }
  return marks;
}

function revisionItem(type, r, where, { mine = false, private: wasPrivate = false } = {}) {
  const changes = { ...(r.changes || {}) };
  const reviewed = changes.flagged === false;
  delete changes.flagged;
  const conflicts = r.conflicts || null;
  let verb;
  // A snapshot: the first version this reader may see after the author's private stretch,
  // shown whole as it then read (the server never sends the private versions).
  if (r.snapshot && r.op !== 'create') verb = t('historyScreen.shared');
  else if (r.op === 'create') verb = t('historyScreen.created');
  else if (r.op === 'delete') verb = conflicts ? t('historyScreen.triedDelete') : t('historyScreen.deleted');
  else if (!Object.keys(changes).length && conflicts) verb = t('historyScreen.sameTime');
  else if (!Object.keys(changes).length && reviewed) verb = t('historyScreen.reviewed');
  else verb = reviewed ? t('historyScreen.reviewedChanged') : t('historyScreen.changed');

  const when = h('p', { class: 'revisions__when' }, `${r.authorName || t('history.someone')} · ${formatWhen(r.at)}`);
  const device = r.deviceAt && Math.abs(Date.parse(r.deviceAt) - Date.parse(r.at)) >= CLOCK_SLACK_MS
    ? h('p', { class: 'revisions__device' }, t('historyScreen.deviceClock', { when: formatWhen(r.deviceAt, { inline: true }) }))
    : null;
  // A create lists what it set; the fields it left empty say nothing.
  const shown = r.op === 'delete' && !r.snapshot ? {} : r.op === 'create' || r.snapshot ? withoutEmpty(changes) : changes;
  return h(
    'li',
    { class: ['revisions__item', conflicts ? 'revisions__item--conflict' : null], 'data-testid': 'revision', dataset: { op: r.op, snapshot: r.snapshot ? 'true' : 'false', private: wasPrivate ? 'true' : 'false' } },
    h('p', { class: 'revisions__verb' }, verb, wasPrivate ? h('span', { class: 'badge badge--private revisions__private', 'data-testid': 'revision-private', title: t('history.privateHint') }, t('history.private')) : null),
    when,
    device,
    fieldList(type, shown, where),
    conflicts
      ? h(
          'div',
          { class: 'revisions__conflict', 'data-testid': 'revision-conflict' },
          h('p', { class: 'revisions__conflict-title' }, explainConflict(type, r, { mine })),
          r.op !== 'delete' ? h('p', { class: 'revisions__conflict-title' }, t('historyScreen.keptForReview')) : null,
          r.op !== 'delete' ? fieldList(type, conflicts, where) : null,
        )
      : null,
  );
}

function withoutEmpty(fields) {
  return Object.fromEntries(
    Object.entries(fields).filter(([, v]) => v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && !v.length)),
  );
}

function fieldList(type, fields, where) {
  const entries = Object.entries(fields || {});
  if (!entries.length) return null;
  return h(
    'dl',
    { class: 'revisions__fields' },
    entries.map(([field, value]) => [h('dt', {}, label(field)), h('dd', {}, described(describeValue(type, field, value, where)))]),
  );
}

/** A value in words: a line of text, or labelled lines (mode details, a job step, a target). */
function described(d) {
  if (d.text !== undefined) return d.text;
  return h(
    'dl',
    { class: 'revisions__fields revisions__fields--nested' },
    d.lines.map((line) => [h('dt', {}, line.label), h('dd', {}, described(line))]),
  );
}
