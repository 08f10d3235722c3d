// Edit: the capture form filled in. Save queues observation.update with only
// the changed fields; Delete hides it at once and queues the delete once the
// undo window has passed (see undo-delete.js). Photos can be added
// or removed like at capture (new ones are stored with the update, in one
// transaction). "History" lists every revision; a flagged note links to its review.
// Observations written by someone else (shared with you) open read-only.

import { updateObservation } from '../data/outbox.js';
import { historyPath, reviewPath } from '../domain/conflicts.js';
import { h } from '../ui/dom.js';
import { kindLabel, formatWhen } from '../ui/format.js';
import { observationForm } from './observation-form.js';
import { photoGallery, photoPicker } from './photo-picker.js';
import { wroteIt } from '../domain/access.js';

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
  const history = h('a', { href: historyPath('observation', id), 'data-link': true, class: 'btn btn--small btn--ghost' }, 'History');
  if (!wroteIt({ me: session.personId }, observation)) {
    const photos = observation.photos && observation.photos.length ? photosField(ctx, session, observation.photos) : null;
    return readOnly(observation, photos, history);
  }
  return h(
    'section',
    { class: 'screen' },
    h('div', { class: 'screen__head' }, h('h1', { class: 'screen__title' }, 'Edit observation'), history),
    observation.flagged
      ? h(
          'p',
          { class: 'banner banner--warn', 'data-testid': 'needs-review' },
          h('span', {}, 'Needs review: this note was changed on two devices at once.'),
          h('a', { href: reviewPath('observation', id), 'data-link': true, class: 'banner__action' }, 'Review'),
        )
      : null,
    editForm(ctx, observation, id),
  );
}

/** The capture form, filled in; Save sends only the changed fields; Delete offers Undo. */
function editForm(ctx, observation, id) {
  const { session } = ctx;
  const picker = photoPicker(ctx, session.store, { initial: observation.photos || [] });
  const remove = async () => {
    ctx.deleteWithUndo(id);
    await ctx.navigate('/');
  };
  return observationForm({
    values: observation,
    people: (session.profile && session.profile.people) || [],
    submitLabel: 'Save changes',
    photoField: picker.element,
    onSubmit: async (fields) => {
      await picker.ready();
      const mutation = await updateObservation(session.store, id, { ...fields, photos: picker.hashes() }, { photos: picker.records() });
      await ctx.navigate('/');
      ctx.toast(mutation ? 'Changes saved on this device' : 'Nothing changed');
    },
    extraActions: [
      h('a', { href: '/', 'data-link': true, class: 'btn btn--ghost btn--block' }, 'Cancel'),
      h('button', { type: 'button', class: 'btn btn--danger-ghost btn--block', onclick: remove }, 'Delete'),
    ],
  });
}

function photosField(ctx, session, hashes) {
  return h('div', { class: 'field' }, h('span', { class: 'field__label' }, 'Photos'), photoGallery(ctx, session.store, hashes));
}

function readOnly(o, photos, history) {
  return h(
    'section',
    { class: 'screen' },
    h('div', { class: 'screen__head' }, h('h1', { class: 'screen__title' }, `${kindLabel(o.kind)} — from ${o.authorName || 'your coach'}`), history),
    h('p', { class: 'obs__note obs__note--full' }, o.note),
    photos,
    h('p', { class: 'obs__meta' }, [o.personName, formatWhen(o.observedAt)].filter(Boolean).join(' · ')),
    h('a', { href: '/', 'data-link': true, class: 'btn btn--secondary btn--block' }, 'Back'),
  );
}
