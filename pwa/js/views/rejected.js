// Changes the server refused: the reason and everything that was in them,
// so nothing typed is lost. "Save again as new" opens the capture form
// pre-filled (the person can fix what was refused, e.g. pick someone else);
// "Dismiss" forgets the entry.

import '../i18n/screens.js';
import { t } from '../i18n/i18n.js';
import { h, clear } from '../ui/dom.js';
import { kindLabel, formatWhen } from '../ui/format.js';
import { errorMessage } from '../domain/error-messages.js';

const ACTION = Object.defineProperties({}, Object.fromEntries(
  ['observation.create', 'observation.update', 'observation.delete', 'goal.create', 'goal.update', 'goal.delete', 'challenge.create', 'challenge.update', 'challenge.delete', 'checkin.create', 'checkin.update', 'checkin.delete', 'mentor_note.create', 'mentor_note.update', 'mentor_note.delete', 'principle.create', 'principle.update', 'principle.delete'].map((name) => [name, { enumerable: true, get: () => t(`rejected.${name}`) }]),
));

// The typed text of a coaching change, so it can be copied before dismissing it.
const TEXT_FIELDS = ['action', 'reason', 'misconception', 'title', 'problem', 'reflection', 'notes', 'learned', 'nextStep', 'answer', 'status', 'principle', 'workedCase'].map((key) => Object.defineProperty([key], 1, { enumerable: true, get: () => t(`rejected.field.${key}`) }));

export async function render(ctx) {
  const { session } = ctx;
  const list = h('div', { class: 'rejected-list', 'data-testid': 'rejected' });
  const screen = h(
    'section',
    { class: 'screen' },
    h('h1', { class: 'screen__title' }, t('rejected.title')),
    h('p', { class: 'muted' }, t('rejected.hint')),
    list,
    h('a', { href: '/', 'data-link': true, class: 'btn btn--secondary btn--block' }, t('edit.backToList')),
  );

  async function fill() {
    const entries = await session.store.rejectedAll();
    clear(list);
    if (!entries.length) {
      list.append(h('div', { class: 'empty' }, h('p', { class: 'empty__title' }, t('rejected.empty')), h('p', {}, t('rejected.emptyHint'))));
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
    if (a[key]) details.push(h('p', { class: 'obs__note' }, h('strong', {}, t('rejected.label', { label })), String(a[key])));
  }
  const facts = [
    a.kind ? kindLabel(a.kind) : null,
    a.visibility ? (a.visibility === 'shared' ? t('obs.shared') : t('obs.private')) : null,
    a.personId ? t('rejected.about', { name: personName(session, a.personId) }) : null,
    t('rejected.made', { when: formatWhen(entry.at, { inline: true }) }),
  ].filter(Boolean);
  const canSaveAgain = entry.name === 'observation.create' || (entry.name === 'observation.update' && a.note);
  return h(
    'article',
    { class: 'card card--rejected', 'data-testid': 'rejected-item' },
    h('p', { class: 'card__title' }, ACTION[entry.name] || entry.name),
    h('p', { class: 'error', title: (entry.error && entry.error.code) || '' }, t('rejected.reason', { reason: entry.error ? errorMessage(entry.error) : t('rejected.refused') })),
    ...details,
    h('p', { class: 'obs__meta' }, facts.join(' · ')),
    h(
      'div',
      { class: 'card__actions' },
      canSaveAgain ? h('a', { href: `/observe?from=${entry.rejectedId}`, 'data-link': true, class: 'btn btn--secondary' }, t('capture.again')) : null,
      h('button', { type: 'button', class: 'btn btn--ghost', onclick: () => dismiss(entry) }, t('rejected.dismiss')),
    ),
  );
}

function personName(session, id) {
  const people = (session.profile && session.profile.people) || [];
  const match = people.find((p) => p.id === id);
  return match ? match.name : t('rejected.outside');
}
