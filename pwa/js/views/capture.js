// Capture: Home → "Observe" → type (and take photos) → "Save". Saved on the
// device at once: the note, its outbox entry and its photos in one IndexedDB
// transaction. `/observe?from=<rejected id>` pre-fills the form with a refused
// change ("Save again as new"); saving it queues a new create and clears that entry.

import '../i18n/screens.js';
import { t } from '../i18n/i18n.js';
import { createObservation, fieldsOfRejected } from '../data/outbox.js';
import { h } from '../ui/dom.js';
import { observationForm } from './observation-form.js';
import { photoPicker } from './photo-picker.js';

export async function render(ctx) {
  const { session } = ctx;
  const fromId = Number(new URLSearchParams(location.search).get('from')) || null;
  let values = {};
  if (fromId) {
    const rejected = await session.store.getRejected(fromId);
    if (rejected) values = fieldsOfRejected(rejected, await session.store.getObservation(rejected.args.id));
  }
  const picker = photoPicker(ctx, session.store, { initial: values.photos || [] });
  const form = observationForm({
    values,
    people: (session.profile && session.profile.people) || [],
    submitLabel: t('common.save'),
    photoField: picker.element,
    onSubmit: async (fields) => {
      await picker.ready(); // a photo still being shrunk is saved with the note
      await createObservation(session.store, { ...fields, photos: picker.hashes() }, {
        fromRejectedId: fromId,
        photoRecords: picker.records(),
      });
      await ctx.navigate('/');
      ctx.toast(t('common.savedOnDevice'));
    },
    extraActions: [h('a', { href: '/', 'data-link': true, class: 'btn btn--ghost btn--block' }, t('common.cancel'))],
  });
  return h(
    'section',
    { class: 'screen' },
    h('h1', { class: 'screen__title' }, fromId ? t('capture.again') : t('capture.title')),
    form,
  );
}
