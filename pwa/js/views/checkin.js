// Check-in: under 30 seconds, one-handed. Three rows of four big buttons
// (engagement, approach, resilience, each level with a short anchor), a note,
// what was learned, the next step and the next date (a week on by default),
// then one tap on Save. A kaizen challenge shows the five coaching-kata
// questions to ask first.

import { createCheckin } from '../outbox.js';
import { h, field } from '../ui.js';
import { RATINGS, KATA_QUESTIONS, isActive, mayCoach, localDate, addDays } from '../coaching.js';
import { screen, backLink } from './parts.js';

const NEXT_IN_DAYS = 7;

export async function render(ctx, { id }) {
  const { session } = ctx;
  const challenge = await session.store.getRecord('challenge', id);
  if (!challenge || !mayCoach(session.profile, challenge) || !isActive(challenge)) {
    return screen('Check-in', h('p', {}, 'You cannot check in on this challenge from here (not found, closed, or not yours to coach).'), backLink('/', 'Today'));
  }
  const chosen = {};
  const rows = RATINGS.map((rating) => ratingRow(rating, (value) => (chosen[rating.key] = value)));

  const text = (attrs) => h('textarea', { class: 'input', rows: 2, maxlength: 5000, ...attrs });
  const notes = text({ name: 'notes', placeholder: 'What you saw and heard' });
  const learned = text({ name: 'learned', placeholder: 'What did they learn?' });
  const nextStep = h('input', { class: 'input', type: 'text', name: 'nextStep', maxlength: 2000, placeholder: 'Their next step' });
  const nextOn = h('input', { class: 'input', type: 'date', name: 'nextCheckinOn', value: addDays(localDate(), NEXT_IN_DAYS) });

  const error = h('p', { class: 'error is-hidden', role: 'alert' });
  const save = h('button', { type: 'submit', class: 'btn btn--primary btn--block', 'data-testid': 'save-checkin' }, 'Save check-in');
  const form = h(
    'form',
    {
      class: 'form form--checkin',
      novalidate: true,
      onsubmit: async (event) => {
        event.preventDefault();
        const missing = RATINGS.filter((r) => !chosen[r.key]);
        if (missing.length) {
          error.textContent = `Rate ${missing.map((r) => r.label.toLowerCase()).join(', ')} first (1 to 4).`;
          error.classList.remove('is-hidden');
          return;
        }
        save.disabled = true;
        try {
          await createCheckin(session.store, {
            challengeId: challenge.id,
            ...chosen,
            notes: notes.value.trim(),
            learned: learned.value.trim(),
            nextStep: nextStep.value.trim(),
            nextCheckinOn: nextOn.value || null,
          });
          await ctx.navigate(`/challenges/${encodeURIComponent(challenge.id)}`);
          ctx.toast('Check-in saved on this device');
        } catch (err) {
          error.textContent = `Could not save on this device: ${err.message}`;
          error.classList.remove('is-hidden');
          save.disabled = false;
        }
      },
    },
    challenge.mode === 'kaizen' ? kataQuestions() : null,
    ...rows,
    field('Notes', notes),
    field('Learned', learned),
    field('Next step', nextStep),
    field('Next check-in', nextOn),
    error,
    h('div', { class: 'form__actions' }, save, h('a', { href: `/challenges/${encodeURIComponent(challenge.id)}`, 'data-link': true, class: 'btn btn--ghost btn--block' }, 'Cancel')),
  );
  return screen('Check-in', h('p', { class: 'lead' }, `${challenge.learnerName || ''} · ${challenge.title}`), form);
}

function kataQuestions() {
  return h(
    'section',
    { class: 'card card--kata', 'data-testid': 'kata-questions' },
    h('h2', { class: 'card__title' }, 'The five coaching-kata questions'),
    h('ol', { class: 'kata' }, KATA_QUESTIONS.map((q) => h('li', {}, q))),
  );
}

/** A row of four big buttons, 1–4, each with its anchor; the chosen level's meaning shows below. */
function ratingRow({ key, label, question, levels }, onChange) {
  const meaning = h('p', { class: 'rating__meaning', 'aria-live': 'polite' }, question);
  const group = h('div', { class: 'rating', role: 'radiogroup', 'aria-label': label, 'data-testid': `rate-${key}` });
  levels.forEach(([anchor, description], i) => {
    const value = i + 1;
    group.append(
      h(
        'button',
        {
          type: 'button',
          role: 'radio',
          'aria-checked': 'false',
          class: ['rating__level', `rating__level--${value}`],
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
