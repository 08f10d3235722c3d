// History of one record: who changed what and when, newest first, from the
// server's revisions (GET /api/sync/history/<type>/<id>). Shows the server's
// time, and the device's clock when it differs (a change made offline), and
// the values a conflict kept off the record. Any screen links here with
// historyPath(type, id) from domain/conflicts.js.

import { api } from '../data/api.js';
import { STORE_FOR_TYPE } from '../domain/mutators.js';
import { fieldLabel, displayValue, recordTitle, reviewPath, RECORD_PATHS, TYPE_LABELS } from '../domain/conflicts.js';
import { h } from '../ui/dom.js';
import { formatWhen } from '../ui/format.js';
import { errorMessage } from '../domain/error-messages.js';

const CLOCK_SLACK_MS = 60 * 1000;

export async function render(ctx, { type, id }) {
  const { session } = ctx;
  const record = STORE_FOR_TYPE[type] ? await session.store.getRecord(type, id) : null;
  const backHref = RECORD_PATHS[type] && record ? RECORD_PATHS[type](id) : '/';
  const back = h('a', { href: backHref, 'data-link': true, class: 'btn btn--secondary btn--block' }, 'Back');
  const head = [
    h('h1', { class: 'screen__title' }, 'History'),
    h('p', { class: 'muted' }, TYPE_LABELS[type] || type),
    record ? h('p', { class: 'obs__note obs__note--full' }, recordTitle(type, record)) : null,
  ];

  let revisions;
  try {
    ({ revisions } = await api.get(`/api/sync/history/${encodeURIComponent(type)}/${encodeURIComponent(id)}`));
  } catch (err) {
    let message = `Could not load the history: ${errorMessage(err)}`;
    if (err.status === 0) message = 'Connect to see the history: it is kept on the server.';
    else if (err.status === 404) {
      message = record && !record.version
        ? 'This has not reached the server yet. Its history starts when this device syncs.'
        : 'The server has no history of this for you (deleted, or no longer shared with you).';
    }
    return h('section', { class: 'screen' }, ...head, h('p', { class: 'banner banner--warn', 'data-testid': 'history-unavailable' }, message), back);
  }

  const profile = session.profile;
  const items = [...(revisions || [])].reverse().map((r) => revisionItem(r, profile));
  return h(
    'section',
    { class: 'screen' },
    ...head,
    record && record.flagged && (!record.authorId || record.authorId === session.personId)
      ? h('p', { class: 'banner banner--warn' }, h('span', {}, 'Changed on two devices at once.'), h('a', { href: reviewPath(type, id), 'data-link': true, class: 'banner__action' }, 'Review'))
      : null,
    h('ol', { class: 'revisions', 'data-testid': 'revisions' }, items),
    back,
  );
}

function revisionItem(r, profile) {
  const changes = { ...(r.changes || {}) };
  const reviewed = changes.flagged === false;
  delete changes.flagged;
  const conflicts = r.conflicts || null;
  let verb;
  // A snapshot: the first version this reader may see after the author's private stretch,
  // shown whole as it then read (the server never sends the private versions).
  if (r.snapshot && r.op !== 'create') verb = 'Shared with you, as it read then';
  else if (r.op === 'create') verb = 'Created';
  else if (r.op === 'delete') verb = conflicts ? 'Tried to delete it (not applied: it had changed since)' : 'Deleted';
  else if (!Object.keys(changes).length && conflicts) verb = 'Changed it at the same time as another device';
  else if (!Object.keys(changes).length && reviewed) verb = 'Reviewed the conflict';
  else verb = reviewed ? 'Reviewed the conflict and changed' : 'Changed';

  const when = h('p', { class: 'revisions__when' }, `${r.authorName || 'Someone'} · ${formatWhen(r.at)}`);
  const device = r.deviceAt && Math.abs(Date.parse(r.deviceAt) - Date.parse(r.at)) >= CLOCK_SLACK_MS
    ? h('p', { class: 'revisions__device' }, `device clock: ${formatWhen(r.deviceAt)}`)
    : null;
  // A create lists what it set; the fields it left empty say nothing.
  const shown = r.op === 'delete' && !r.snapshot ? {} : r.op === 'create' || r.snapshot ? withoutEmpty(changes) : changes;
  return h(
    'li',
    { class: ['revisions__item', conflicts ? 'revisions__item--conflict' : null], 'data-testid': 'revision', dataset: { op: r.op, snapshot: r.snapshot ? 'true' : 'false' } },
    h('p', { class: 'revisions__verb' }, verb),
    when,
    device,
    fieldList(shown, profile),
    conflicts && r.op !== 'delete'
      ? h(
          'div',
          { class: 'revisions__conflict', 'data-testid': 'revision-conflict' },
          h('p', { class: 'revisions__conflict-title' }, 'Not applied, kept for review:'),
          fieldList(conflicts, profile),
        )
      : null,
  );
}

function withoutEmpty(fields) {
  return Object.fromEntries(
    Object.entries(fields).filter(([, v]) => v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && !v.length)),
  );
}

function fieldList(fields, profile) {
  const entries = Object.entries(fields || {});
  if (!entries.length) return null;
  return h(
    'dl',
    { class: 'revisions__fields' },
    entries.map(([field, value]) => [h('dt', {}, fieldLabel(field)), h('dd', {}, displayValue(field, value, profile))]),
  );
}
