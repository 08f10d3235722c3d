// Changes the server refused: the reason and everything that was in them,
// so nothing typed is lost. "Save again as new" opens the capture form
// pre-filled (the person can fix what was refused, e.g. pick someone else);
// "Dismiss" forgets the entry.

import { h, clear } from '../ui/dom.js';
import { kindLabel, formatWhen } from '../ui/format.js';
import { errorMessage } from '../domain/error-messages.js';

const ACTION = {
  'observation.create': 'New observation',
  'observation.update': 'Edit of an observation',
  'observation.delete': 'Deletion of an observation',
  'goal.create': 'New learning goal',
  'goal.update': 'Edit of a learning goal',
  'goal.delete': 'Deletion of a learning goal',
  'challenge.create': 'New challenge',
  'challenge.update': 'Change to a challenge',
  'challenge.delete': 'Deletion of a challenge',
  'checkin.create': 'New check-in',
  'checkin.update': 'Change to a check-in',
  'checkin.delete': 'Deletion of a check-in',
  'mentor_note.create': 'New career note',
  'mentor_note.update': 'Edit of a career note',
  'mentor_note.delete': 'Deletion of a career note',
};

// The typed text of a coaching change, so it can be copied before dismissing it.
const TEXT_FIELDS = [
  ['action', 'Action'],
  ['reason', 'Reason'],
  ['misconception', 'Misconception'],
  ['title', 'Title'],
  ['problem', 'Problem'],
  ['reflection', 'Reflection'],
  ['notes', 'Notes'],
  ['learned', 'Learned'],
  ['nextStep', 'Next step'],
  ['answer', 'Answer'],
  ['status', 'Status'],
];

export async function render(ctx) {
  const { session } = ctx;
  const list = h('div', { class: 'rejected-list', 'data-testid': 'rejected' });
  const screen = h(
    'section',
    { class: 'screen' },
    h('h1', { class: 'screen__title' }, 'Refused changes'),
    h('p', { class: 'muted' }, 'The server did not accept these changes. Their content is kept here until you dismiss it.'),
    list,
    h('a', { href: '/', 'data-link': true, class: 'btn btn--secondary btn--block' }, 'Back to observations'),
  );

  async function fill() {
    const entries = await session.store.rejectedAll();
    clear(list);
    if (!entries.length) {
      list.append(h('div', { class: 'empty' }, h('p', { class: 'empty__title' }, 'Nothing was refused'), h('p', {}, 'All your changes were accepted.')));
      return;
    }
    const dismiss = async (entry) => {
      await session.store.dismissRejected(entry.rejectedId);
      await session.sync.refresh();
      fill();
    };
    for (const entry of entries) list.append(rejectedItem(session, entry, dismiss));
  }

  await fill();
  return screen;
}

/** One refused change: why, what it said, when; Save again as new (a note), Dismiss. */
function rejectedItem(session, entry, dismiss) {
  const a = entry.args || {};
  const details = [];
  if (a.note) details.push(h('p', { class: 'obs__note' }, a.note));
  for (const [key, label] of TEXT_FIELDS) {
    if (a[key]) details.push(h('p', { class: 'obs__note' }, h('strong', {}, `${label}: `), String(a[key])));
  }
  const facts = [
    a.kind ? kindLabel(a.kind) : null,
    a.visibility ? (a.visibility === 'shared' ? 'Shared' : 'Private') : null,
    a.personId ? `about ${personName(session, a.personId)}` : null,
    `made ${formatWhen(entry.at)}`,
  ].filter(Boolean);
  const canSaveAgain = entry.name === 'observation.create' || (entry.name === 'observation.update' && a.note);
  return h(
    'article',
    { class: 'card card--rejected', 'data-testid': 'rejected-item' },
    h('p', { class: 'card__title' }, ACTION[entry.name] || entry.name),
    h('p', { class: 'error', title: (entry.error && entry.error.code) || '' }, `Reason: ${entry.error ? errorMessage(entry.error) : 'refused by the server'}`),
    ...details,
    h('p', { class: 'obs__meta' }, facts.join(' · ')),
    h(
      'div',
      { class: 'card__actions' },
      canSaveAgain ? h('a', { href: `/observe?from=${entry.rejectedId}`, 'data-link': true, class: 'btn btn--secondary' }, 'Save again as new') : null,
      h('button', { type: 'button', class: 'btn btn--ghost', onclick: () => dismiss(entry) }, 'Dismiss'),
    ),
  );
}

function personName(session, id) {
  const people = (session.profile && session.profile.people) || [];
  const match = people.find((p) => p.id === id);
  return match ? match.name : 'outside your team';
}
