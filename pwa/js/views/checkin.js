// Check-in: under 30 seconds, one-handed. Three rows of four big buttons
// (engagement, approach, resilience, each level with a short anchor), a note,
// what was learned, the next step and the next date (a week on by default),
// then one tap on Save. A kaizen challenge shows the five coaching-kata
// questions to ask first.
//
// The same form edits an existing check-in (`/challenges/<id>/checkins/<id>`):
// prefilled, Save sends only what changed, and "Delete check-in" removes it.
// Only the coach gets here; the learner answers on the challenge screen.

import { createCheckin, updateRecord, deleteRecord } from '../data/outbox.js';
import { h } from '../ui/dom.js';
import { field, form } from '../ui/form.js';
import { maxLength } from '../domain/mutators.js';
import { confirmDialog } from '../ui/dialog.js';
import { formatWhen } from '../ui/format.js';
import { RATINGS, KATA_QUESTIONS, isActive, localDate, addDays } from '../domain/coaching.js';
import { mayCoach, viewerOf } from '../domain/access.js';
import { screen, backLink } from './parts.js';
import { historyPath } from '../domain/conflicts.js';
import { keepDraft } from '../ui/draft.js';
import '../i18n/screens.js';
import { t } from '../i18n/i18n.js';

const NEXT_IN_DAYS = 7;

export async function render(ctx, { id, checkinId = null }) {
  const { session } = ctx;
  const challenge = await session.store.getRecord('challenge', id);
  const existing = checkinId ? await session.store.getRecord('checkin', checkinId) : null;
  if (checkinId && (!challenge || !existing || existing.challengeId !== challenge.id || !mayCoach(viewerOf(session.profile), challenge))) {
    return screen(t('checkin.title'), h('p', {}, t('checkin.notYours')), backLink(challenge ? `/challenges/${encodeURIComponent(challenge.id)}` : '/', challenge ? t('checkin.challenge') : t('today.title')));
  }
  if (!existing && (!challenge || !mayCoach(viewerOf(session.profile), challenge) || !isActive(challenge))) {
    return screen(t('checkin.title'), h('p', {}, t('checkin.cannot')), backLink('/', t('today.title')));
  }
  const challengeHref = `/challenges/${encodeURIComponent(challenge.id)}`;
  const inputs = checkinInputs(existing);
  const checkinForm = form({
    className: 'form form--checkin',
    fields: [!existing && challenge.mode === 'kaizen' ? kataQuestions() : null, ...inputs.rows, field(t('checkin.notes'), inputs.notes), field(t('modes.learned'), inputs.learned), field(t('checkin.nextStep'), inputs.nextStep), field(t('checkin.nextOn'), inputs.nextOn)],
    submitLabel: existing ? t('edit.save') : t('checkin.save'),
    submitAttrs: { 'data-testid': 'save-checkin' },
    validate: () => {
      const missing = RATINGS.filter((r) => !inputs.chosen[r.key]);
      if (missing.length) return { message: t('checkin.rateFirst', { which: missing.map((r) => r.label.toLowerCase()).join(', ') }) };
      // A next check-in before today would be overdue the moment it is saved (a slip of the
      // date picker); one kept from before, unchanged, stays as it was.
      const next = inputs.nextOn.value;
      const changed = next !== ((existing && existing.nextCheckinOn) || '');
      return changed && next && next < localDate() ? { message: t('checkin.nextInPast'), focus: inputs.nextOn } : null;
    },
    onSubmit: async () => {
      const mutation = existing ? await updateRecord(session.store, 'checkin', existing.id, inputs.values()) : await createCheckin(session.store, { challengeId: challenge.id, ...inputs.values() });
      await ctx.navigate(challengeHref);
      ctx.toast(!existing ? t('checkin.saved') : mutation ? t('edit.saved') : t('edit.unchanged'));
    },
    extraActions: [h('a', { href: challengeHref, 'data-link': true, class: 'btn btn--ghost btn--block' }, t('common.cancel'))],
  });
  if (existing) checkinForm.querySelector('.form__actions').append(deleteButton(ctx, existing, challengeHref, checkinForm));
  await keepDraft(ctx, checkinForm, existing ? `checkin:${existing.id}` : `checkin:new:${challenge.id}`, { whole: !existing }); // decisions §121
  const lead = existing ? `${challenge.learnerName || ''} · ${challenge.title} · ${formatWhen(existing.at)}` : `${challenge.learnerName || ''} · ${challenge.title}`;
  const history = existing ? h('a', { href: historyPath('checkin', existing.id), 'data-link': true, class: 'btn btn--small btn--ghost', 'data-testid': 'history-link' }, t('history.link')) : null;
  return screen(existing ? t('checkin.editTitle') : t('checkin.title'), h('p', { class: 'lead' }, lead), checkinForm, history);
}

/** The rating rows and text fields, prefilled from the check-in being edited. */
function checkinInputs(existing) {
  const chosen = {};
  if (existing) for (const { key } of RATINGS) if (existing[key]) chosen[key] = existing[key];
  const rows = RATINGS.map((rating) => ratingRow(rating, (value) => (chosen[rating.key] = value), chosen[rating.key]));
  const text = (attrs, value) => {
    const area = h('textarea', { class: 'input', rows: 2, maxlength: maxLength('checkin', attrs.name), ...attrs });
    area.value = value || '';
    return area;
  };
  const notes = text({ name: 'notes', placeholder: t('checkin.notesPlaceholder') }, existing && existing.notes);
  const learned = text({ name: 'learned', placeholder: t('checkin.learnedPlaceholder') }, existing && existing.learned);
  const nextStep = h('input', { class: 'input', type: 'text', name: 'nextStep', maxlength: maxLength('checkin', 'nextStep'), placeholder: t('checkin.nextStepPlaceholder') });
  nextStep.value = (existing && existing.nextStep) || '';
  const nextOn = h('input', { class: 'input', type: 'date', name: 'nextCheckinOn', min: localDate() });
  nextOn.value = existing ? existing.nextCheckinOn || '' : addDays(localDate(), NEXT_IN_DAYS);
  const values = () => ({
    ...chosen,
    notes: notes.value.trim(),
    learned: learned.value.trim() || null,
    nextStep: nextStep.value.trim() || null,
    nextCheckinOn: nextOn.value || null,
  });
  return { chosen, rows, notes, learned, nextStep, nextOn, values };
}

function deleteButton(ctx, existing, challengeHref, checkinForm) {
  const remove = async () => {
    const ok = await confirmDialog({ title: t('checkin.deleteTitle'), body: t('checkin.deleteBody'), confirmLabel: t('edit.delete'), danger: true });
    if (!ok) return;
    try {
      await deleteRecord(ctx.session.store, 'checkin', existing.id);
      await checkinForm.draftSaved(); // the check-in goes: its unsaved edit goes with it
      await ctx.navigate(challengeHref);
      ctx.toast(t('checkin.deleted'));
    } catch (err) {
      checkinForm.showError(t('checkin.deleteFailed', { message: err.message }));
    }
  };
  return h('button', { type: 'button', class: 'btn btn--danger-ghost btn--block', 'data-testid': 'delete-checkin', onclick: remove }, t('checkin.delete'));
}

function kataQuestions() {
  return h(
    'section',
    { class: 'card card--kata', 'data-testid': 'kata-questions' },
    h('h2', { class: 'card__title' }, t('checkin.kata')),
    h('ol', { class: 'kata' }, KATA_QUESTIONS.map((q) => h('li', {}, q))),
  );
}

/** A row of four big buttons, 1–4, each with its anchor; the chosen level's meaning shows below. */
function ratingRow({ key, label, question, levels }, onChange, initial = null) {
  const meaning = h('p', { class: 'rating__meaning', 'aria-live': 'polite' }, question);
  if (initial) meaning.textContent = `${initial} · ${levels[initial - 1][0]}: ${levels[initial - 1][1]}`;
  const group = h('div', { class: 'rating', role: 'radiogroup', 'aria-label': label, 'data-testid': `rate-${key}`, 'data-draft': key });
  levels.forEach(([anchor, description], i) => {
    const value = i + 1;
    group.append(
      h(
        'button',
        {
          type: 'button',
          role: 'radio',
          'aria-checked': String(value === initial),
          class: ['rating__level', `rating__level--${value}`, value === initial ? 'rating__level--on' : null],
          dataset: { value: String(value) },
          onclick: () => {
            for (const b of group.children) {
              const on = b.dataset.value === String(value);
              b.classList.toggle('rating__level--on', on);
              b.setAttribute('aria-checked', String(on));
            }
            meaning.textContent = `${value} · ${anchor}: ${description}`;
            onChange(value);
          },
        },
        h('span', { class: 'rating__number' }, String(value)),
        h('span', { class: 'rating__anchor' }, anchor),
      ),
    );
  });
  return h('fieldset', { class: 'fieldset rating-row' }, h('legend', { class: 'field__label' }, label), group, meaning);
}
