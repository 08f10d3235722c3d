// Edit: the capture form filled in. Save queues observation.update with only
// the changed fields; Delete hides it at once and queues the delete once the
// undo window has passed (see undo-delete.js). Photos can be added
// or removed like at capture (new ones are stored with the update, in one
// transaction). "History" lists every revision; a flagged note links to its review.
// Observations written by someone else (shared with you) open read-only.

import '../i18n/screens.js';
import { t } from '../i18n/i18n.js';
import { updateObservation } from '../data/outbox.js';
import { historyPath, reviewPath } from '../domain/conflicts.js';
import { h } from '../ui/dom.js';
import { kindLabel, formatWhen } from '../ui/format.js';
import { observationForm } from './observation-form.js';
import { photoGallery, photoPicker } from './photo-picker.js';
import { wroteIt } from '../domain/access.js';
import { keepDraft } from '../ui/draft.js';

export async function render(ctx, { id }) {
  const { session } = ctx;
  const observation = ctx.hiddenIds.has(id) ? null : await session.store.getObservation(id);
  if (!observation) {
    return h(
      'section',
      { class: 'screen' },
      h('h1', { class: 'screen__title' }, t('edit.notFound')),
      h('p', {}, t('edit.notFoundHint')),
      h('a', { href: '/', 'data-link': true, class: 'btn btn--secondary btn--block' }, t('edit.backToList')),
    );
  }
  const history = h('a', { href: historyPath('observation', id), 'data-link': true, class: 'btn btn--small btn--ghost' }, t('edit.history'));
  if (!wroteIt({ me: session.personId }, observation)) {
    const photos = observation.photos && observation.photos.length ? photosField(ctx, session, observation.photos) : null;
    return readOnly(observation, photos, history);
  }
  return h(
    'section',
    { class: 'screen' },
    h('div', { class: 'screen__head' }, h('h1', { class: 'screen__title' }, t('edit.title')), history),
    observation.flagged
      ? h(
          'p',
          { class: 'banner banner--warn', 'data-testid': 'needs-review' },
          h('span', {}, t('edit.flagged')),
          h('a', { href: reviewPath('observation', id), 'data-link': true, class: 'banner__action' }, t('header.review')),
        )
      : null,
    // Unsaved edits come back, only the fields she changed (decisions §121).
    await keepDraft(ctx, editForm(ctx, observation, id), `observation:${id}`),
  );
}

/** The capture form, filled in; Save sends only the changed fields; Delete offers Undo. */
function editForm(ctx, observation, id) {
  const { session } = ctx;
  const picker = photoPicker(ctx, session.store, { initial: observation.photos || [] });
  const remove = async () => {
    await element.draftSaved(); // the note goes: its unsaved edit goes with it
    ctx.deleteWithUndo(id);
    await ctx.navigate('/');
  };
  const element = observationForm({
    values: observation,
    people: (session.profile && session.profile.people) || [],
    submitLabel: t('edit.save'),
    photoField: picker.element,
    onSubmit: async (fields) => {
      await picker.ready();
      const mutation = await updateObservation(session.store, id, { ...fields, photos: picker.hashes() }, { photos: picker.records() });
      await ctx.navigate('/');
      ctx.toast(mutation ? t('edit.saved') : t('edit.unchanged'));
    },
    extraActions: [
      h('a', { href: '/', 'data-link': true, class: 'btn btn--ghost btn--block' }, t('common.cancel')),
      h('button', { type: 'button', class: 'btn btn--danger-ghost btn--block', onclick: remove }, t('edit.delete')),
    ],
  });
  return element;
}

function photosField(ctx, session, hashes) {
  return h('div', { class: 'field' }, h('span', { class: 'field__label' }, t('edit.photos')), photoGallery(ctx, session.store, hashes));
}

function readOnly(o, photos, history) {
  return h(
    'section',
    { class: 'screen' },
    h('div', { class: 'screen__head' }, h('h1', { class: 'screen__title' }, t('edit.fromTitle', { kind: kindLabel(o.kind), who: o.authorName || t('edit.yourCoach') })), history),
    h('p', { class: 'obs__note obs__note--full' }, o.note),
    photos,
    h('p', { class: 'obs__meta' }, [o.personName, formatWhen(o.observedAt)].filter(Boolean).join(' · ')),
    h('a', { href: '/', 'data-link': true, class: 'btn btn--secondary btn--block' }, t('common.back')),
  );
}
