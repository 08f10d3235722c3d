// Assign (or edit) a challenge: a real, current work problem with a demanding,
// measurable target and a due date, in one of four coaching modes.
// `/challenges/new?goal=<id>` (or `?person=<id>`), `/challenges/<id>/edit`.
// The mode's own structure is filled in on the challenge screen.

import { createChallenge, updateRecord } from '../data/outbox.js';
import { h } from '../ui/dom.js';
import { field } from '../ui/form.js';
import { MODES, personLabel, teamOrder, localDate, addDays } from '../domain/coaching.js';
import { mayCoach, myId, viewerOf } from '../domain/access.js';
import { screen, backLink } from './parts.js';

const DEFAULT_WEEKS = 4;

export async function render(ctx, { id = null } = {}) {
  const { session } = ctx;
  const profile = session.profile;
  const me = myId(profile);
  const existing = id ? await session.store.getRecord('challenge', id) : null;
  if (id && (!existing || !mayCoach(viewerOf(profile), existing))) {
    return screen('Not found', h('p', {}, 'This challenge is not on this device, or it is not yours to edit.'), backLink('/', 'Today'));
  }
  const query = new URLSearchParams(location.search);
  const goal = !existing && query.get('goal') ? await session.store.getRecord('goal', query.get('goal')) : null;
  const fixedLearner = existing ? existing.learnerId : goal ? goal.learnerId : query.get('person');

  const learner = h('select', { class: 'input', name: 'learnerId' });
  for (const p of teamOrder(profile)) learner.append(h('option', { value: p.id }, p.name));
  learner.append(h('option', { value: me }, 'Me (self-development)'));

  const input = (name, attrs = {}, value = '') => {
    const el = h('input', { class: 'input', name, ...attrs });
    el.value = value ?? '';
    return el;
  };
  const target = (existing && existing.target) || {};
  const title = input('title', { type: 'text', maxlength: 200, autofocus: true, placeholder: 'e.g. Cut changeover on press 4' }, existing && existing.title);
  const problem = h('textarea', { class: 'input', name: 'problem', rows: 4, maxlength: 5000, placeholder: 'The problem as it is today, with facts.' });
  problem.value = (existing && existing.problem) || '';
  const metric = input('metric', { type: 'text', maxlength: 120, placeholder: 'e.g. changeover time' }, target.metric);
  const baseline = input('baseline', { type: 'number', inputmode: 'decimal', step: 'any' }, target.baseline ?? '');
  const value = input('targetValue', { type: 'number', inputmode: 'decimal', step: 'any' }, target.value ?? '');
  const unit = input('unit', { type: 'text', maxlength: 30, placeholder: 'min' }, target.unit);
  const dueOn = input('dueOn', { type: 'date', min: existing ? null : localDate() }, existing ? existing.dueOn : addDays(localDate(), DEFAULT_WEEKS * 7));

  let mode = (existing && existing.mode) || null;
  const modes = h('div', { class: 'mode-picker', role: 'radiogroup', 'aria-label': 'Mode' });
  const renderModes = () => {
    for (const option of modes.children) {
      const on = option.dataset.value === mode;
      option.classList.toggle('mode--on', on);
      option.setAttribute('aria-checked', String(on));
    }
  };
  for (const [key, label, explanation] of MODES) {
    modes.append(
      h(
        'button',
        { type: 'button', class: 'mode', role: 'radio', dataset: { value: key }, 'aria-label': label, onclick: () => { mode = key; renderModes(); } },
        h('span', { class: 'mode__name' }, label),
        h('span', { class: 'mode__hint' }, explanation),
      ),
    );
  }
  renderModes();

  const error = h('p', { class: 'error is-hidden', role: 'alert' });
  const save = h('button', { type: 'submit', class: 'btn btn--primary btn--block' }, existing ? 'Save changes' : 'Assign challenge');
  const fail = (message, focus) => {
    error.textContent = message;
    error.classList.remove('is-hidden');
    if (focus) focus.focus();
  };
  const number = (el) => (el.value.trim() === '' ? null : Number(el.value));

  const form = h(
    'form',
    {
      class: 'form',
      novalidate: true,
      onsubmit: async (event) => {
        event.preventDefault();
        const fields = {
          title: title.value.trim(),
          problem: problem.value.trim(),
          target: { metric: metric.value.trim(), baseline: number(baseline), value: number(value), unit: unit.value.trim() },
          dueOn: dueOn.value,
        };
        if (!fields.title) return fail('Give the challenge a short title.', title);
        if (!fields.problem) return fail('Describe the problem as it is today.', problem);
        if (!fields.target.metric) return fail('Name what you will measure.', metric);
        if (fields.target.value === null || Number.isNaN(fields.target.value)) return fail('Set the target value: a number.', value);
        if (Number.isNaN(fields.target.baseline)) return fail('The baseline must be a number (or left empty).', baseline);
        if (!fields.dueOn) return fail('Pick a due date.', dueOn);
        if (!mode) return fail('Pick a mode: how much direction do they need?');
        save.disabled = true;
        try {
          if (existing) {
            const mutation = await updateRecord(session.store, 'challenge', existing.id, fields);
            await ctx.navigate(`/challenges/${encodeURIComponent(existing.id)}`);
            ctx.toast(mutation ? 'Changes saved on this device' : 'Nothing changed');
          } else {
            const mutation = await createChallenge(session.store, { ...fields, mode, learnerId: fixedLearner || learner.value, goalId: goal ? goal.id : null });
            await ctx.navigate(`/challenges/${encodeURIComponent(mutation.args.id)}`);
            ctx.toast('Challenge saved on this device');
          }
        } catch (err) {
          fail(`Could not save on this device: ${err.message}`);
          save.disabled = false;
        }
      },
    },
    fixedLearner
      ? h('p', { class: 'lead' }, `For ${personLabel(profile, fixedLearner, existing && existing.learnerName)}`)
      : field('Who is it for?', learner),
    goal ? h('p', { class: 'quote' }, h('span', { class: 'muted small' }, 'Learning goal · '), goal.action) : null,
    field('Title', title),
    field('Problem', problem, 'A real, current problem they own, that exercises exactly what they must learn.'),
    h(
      'fieldset',
      { class: 'fieldset' },
      h('legend', { class: 'field__label' }, 'Target'),
      h('p', { class: 'field__hint' }, 'Demanding and measurable: e.g. changeover time from 47 to 20 min.'),
      field('What you measure', metric),
      h('div', { class: 'grid3' }, field('Baseline', baseline), field('Target', value), field('Unit', unit)),
    ),
    field('Due', dueOn),
    existing ? null : h('div', { class: 'field' }, h('span', { class: 'field__label' }, 'Mode'), modes),
    error,
    h(
      'div',
      { class: 'form__actions' },
      save,
      h('a', { href: existing ? `/challenges/${encodeURIComponent(existing.id)}` : goal ? `/goals/${encodeURIComponent(goal.id)}` : '/', 'data-link': true, class: 'btn btn--ghost btn--block' }, 'Cancel'),
    ),
  );
  return screen(existing ? 'Edit challenge' : 'New challenge', form);
}
