// Capture: Home → "Observe" → type (and take photos) → "Save". Saved on the
// device at once: the note, its outbox entry and its photos in one IndexedDB
// transaction. `/observe?from=<rejected id>` pre-fills the form with a refused
// change ("Save again as new"); saving it queues a new create and clears that entry.
// Three taps from any screen (issue 12.1): Observe (Today, Notes, or the + in the header),
// the person's chip, Save — the last person and kind are remembered on this device, per
// person signed in; `/observe?person=<id>` starts with that person.

import '../i18n/screens.js';
import { t } from '../i18n/i18n.js';
import { createObservation, fieldsOfRejected } from '../data/outbox.js';
import { h } from '../ui/dom.js';
import { observationForm } from './observation-form.js';
import { photoPicker } from './photo-picker.js';
import { myId } from '../domain/access.js';
import { keepDraft } from '../ui/draft.js';

const remembered = (session) => `gembakit.capture.${session.personId}`;

/** The last person and kind this person captured with on this device: {personId, kind}. */
export function lastCapture(session) {
  try {
    return JSON.parse(localStorage.getItem(remembered(session))) || {};
  } catch {
    return {};
  }
}

function rememberCapture(session, { personId, kind }) {
  try {
    localStorage.setItem(remembered(session), JSON.stringify({ personId: personId || null, kind }));
  } catch {
    // storage refused (private mode): nothing to remember, the note is saved all the same
  }
}

/** Ids of the people I wrote about, most recent first. */
function recentPeople(observations, me) {
  return observations
    .filter((o) => o.personId && (!o.authorId || o.authorId === me))
    .sort((a, b) => ((a.observedAt || '') < (b.observedAt || '') ? 1 : -1))
    .map((o) => o.personId);
}

export async function render(ctx) {
  const { session } = ctx;
  const fromId = Number(new URLSearchParams(location.search).get('from')) || null;
  const asked = new URLSearchParams(location.search).get('person');
  const last = lastCapture(session);
  let values = { personId: asked || last.personId || null, kind: last.kind || undefined };
  if (fromId) {
    const rejected = await session.store.getRejected(fromId);
    if (rejected) values = fieldsOfRejected(rejected, await session.store.getObservation(rejected.args.id));
  }
  const picker = photoPicker(ctx, session.store, { initial: values.photos || [] });
  const profile = session.profile || {};
  const { data } = await session.store.snapshotAndPending(); // in memory after the first read
  const form = observationForm({
    values,
    people: profile.people || [],
    reports: (profile.reports || []).map((r) => r.id),
    recent: recentPeople(data.observation || [], myId(profile)),
    submitLabel: t('common.save'),
    photoField: picker.element,
    onSubmit: async (fields) => {
      await picker.ready(); // a photo still being shrunk is saved with the note
      rememberCapture(session, fields);
      await createObservation(session.store, { ...fields, photos: picker.hashes() }, {
        fromRejectedId: fromId,
        photoRecords: picker.records(),
      });
      await ctx.navigate('/');
      ctx.toast(t('common.savedOnDevice'));
    },
  });
  // A reload, Back or Cancel keeps what she typed for the next capture (decisions §121).
  await keepDraft(ctx, form, fromId ? `capture:from:${fromId}` : 'capture', { whole: true });
  // Cancel sits by the title, so the sticky bar holds only Save and hides less of the form.
  return h(
    'section',
    { class: 'screen screen--capture' },
    h(
      'div',
      { class: 'section-head' },
      h('h1', { class: 'screen__title' }, fromId ? t('capture.again') : t('capture.title')),
      h('a', { href: '/', 'data-link': true, class: 'btn btn--small btn--ghost' }, t('common.cancel')),
    ),
    form,
  );
}
