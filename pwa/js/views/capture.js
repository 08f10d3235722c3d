// Capture: Home → "Observe" → type → "Save". Saved on the device at once.
// `/observe?from=<rejected id>` pre-fills the form with a refused change
// ("Save again as new"); saving it queues a new create and clears that entry.

import { createObservation, fieldsOfRejected } from '../outbox.js';
import { h } from '../ui.js';
import { observationForm } from './observation-form.js';

export async function render(ctx) {
  const { session } = ctx;
  const fromId = Number(new URLSearchParams(location.search).get('from')) || null;
  let values = {};
  if (fromId) {
    const rejected = await session.store.getRejected(fromId);
    if (rejected) values = fieldsOfRejected(rejected, await session.store.getObservation(rejected.args.id));
  }
  const form = observationForm({
    values,
    people: (session.profile && session.profile.people) || [],
    submitLabel: 'Save',
    onSubmit: async (fields) => {
      await createObservation(session.store, fields, { fromRejectedId: fromId });
      await ctx.navigate('/');
      ctx.toast('Saved on this device');
    },
    extraActions: [h('a', { href: '/', 'data-link': true, class: 'btn btn--ghost btn--block' }, 'Cancel')],
  });
  return h(
    'section',
    { class: 'screen' },
    h('h1', { class: 'screen__title' }, fromId ? 'Save again as new' : 'New observation'),
    form,
  );
}
