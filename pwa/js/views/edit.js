// Edit: the capture form filled in. Save queues observation.update with only
// the changed fields; Delete hides it at once and queues the delete once the
// undo window has passed (see deleteWithUndo in app.js).
// Observations written by someone else (shared with you) open read-only.

import { updateObservation } from '../outbox.js';
import { h, kindLabel, formatWhen } from '../ui.js';
import { observationForm } from './observation-form.js';

export async function render(ctx, { id }) {
  const { session } = ctx;
  const observation = ctx.hiddenIds.has(id) ? null : await session.store.getObservation(id);
  if (!observation) {
    return h(
      'section',
      { class: 'screen' },
      h('h1', { class: 'screen__title' }, 'Not found'),
      h('p', {}, 'This observation is not on this device any more (deleted, or no longer shared with you).'),
      h('a', { href: '/', 'data-link': true, class: 'btn btn--secondary btn--block' }, 'Back to observations'),
    );
  }
  const mine = !observation.authorId || observation.authorId === session.personId;
  if (!mine) return readOnly(observation);

  const remove = h(
    'button',
    {
      type: 'button',
      class: 'btn btn--danger-ghost btn--block',
      onclick: async () => {
        ctx.deleteWithUndo(id);
        await ctx.navigate('/');
      },
    },
    'Delete',
  );
  const form = observationForm({
    values: observation,
    people: (session.profile && session.profile.people) || [],
    submitLabel: 'Save changes',
    onSubmit: async (fields) => {
      const mutation = await updateObservation(session.store, id, fields);
      await ctx.navigate('/');
      ctx.toast(mutation ? 'Changes saved on this device' : 'Nothing changed');
    },
    extraActions: [h('a', { href: '/', 'data-link': true, class: 'btn btn--ghost btn--block' }, 'Cancel'), remove],
  });
  return h(
    'section',
    { class: 'screen' },
    h('h1', { class: 'screen__title' }, 'Edit observation'),
    observation.flagged
      ? h('p', { class: 'banner banner--warn' }, 'Flagged: this note was changed on two devices at once. Check that it says what you mean.')
      : null,
    form,
  );
}

function readOnly(o) {
  return h(
    'section',
    { class: 'screen' },
    h('h1', { class: 'screen__title' }, `${kindLabel(o.kind)} — from ${o.authorName || 'your coach'}`),
    h('p', { class: 'obs__note obs__note--full' }, o.note),
    h('p', { class: 'obs__meta' }, [o.personName, formatWhen(o.observedAt)].filter(Boolean).join(' · ')),
    h('a', { href: '/', 'data-link': true, class: 'btn btn--secondary btn--block' }, 'Back'),
  );
}
