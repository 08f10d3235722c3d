// Assign (or edit) a challenge: a real, current work problem with a demanding,
// measurable target and a due date, in one of four coaching modes.
// `/challenges/new?goal=<id>` (or `?person=<id>`), `/challenges/<id>/edit`.
// The mode's own structure is filled in on the challenge screen.

import '../i18n/screens.js';
import { t } from '../i18n/i18n.js';
import { createChallenge, updateRecord } from '../data/outbox.js';
import { h } from '../ui/dom.js';
import { field, form, choices, firstProblem, numberInput } from '../ui/form.js';
import { maxLength } from '../domain/mutators.js';
import { PARTS } from '../contract.js';
import { MODES, personLabel, teamOrder, localDate, addDays } from '../domain/coaching.js';
import { mayCoach, myId, viewerOf } from '../domain/access.js';
import { screen, backLink } from './parts.js';
import { keepDraft } from '../ui/draft.js';

const DEFAULT_WEEKS = 4;

export async function render(ctx, { id = null } = {}) {
  const { session } = ctx;
  const profile = session.profile;
  const existing = id ? await session.store.getRecord('challenge', id) : null;
  if (id && (!existing || !mayCoach(viewerOf(profile), existing))) {
    return screen(t('edit.notFound'), h('p', {}, t('challengeForm.notFound')), backLink('/', t('today.title')));
  }
  const query = new URLSearchParams(location.search);
  const goal = !existing && query.get('goal') ? await session.store.getRecord('goal', query.get('goal')) : null;
  const fixedLearner = existing ? existing.learnerId : goal ? goal.learnerId : query.get('person');

  const inputs = challengeInputs(profile, existing);
  const cancel = existing ? `/challenges/${encodeURIComponent(existing.id)}` : goal ? `/goals/${encodeURIComponent(goal.id)}` : '/';
  const challengeForm = form({
    fields: [
      fixedLearner ? h('p', { class: 'lead' }, t('goalForm.for', { name: personLabel(profile, fixedLearner, existing && existing.learnerName) })) : field(t('goalForm.who'), inputs.learner),
      goal ? h('p', { class: 'quote' }, h('span', { class: 'muted small' }, `${t('parts.goal')} · `), goal.action) : null,
      field(t('challengeForm.title'), inputs.title),
      field(t('challengeForm.problem'), inputs.problem, t('challengeForm.problemHint')),
      targetFieldset(inputs),
      field(t('challengeForm.due'), inputs.dueOn),
      existing ? null : h('div', { class: 'field' }, h('span', { class: 'field__label' }, t('challengeForm.mode')), inputs.modes),
    ],
    submitLabel: existing ? t('edit.save') : t('wsScreen.assign'),
    validate: () => challengeProblem(inputs),
    onSubmit: () => saveChallenge(ctx, existing, inputs.values(), { mode: inputs.modes.value, learnerId: fixedLearner || inputs.learner.value, goalId: goal ? goal.id : null }),
    extraActions: [h('a', { href: cancel, 'data-link': true, class: 'btn btn--ghost btn--block' }, t('common.cancel'))],
  });
  await keepDraft(ctx, challengeForm, existing ? `challenge:${existing.id}` : `challenge:new${location.search}`, { whole: !existing }); // decisions §121
  return screen(existing ? t('challengeForm.editTitle') : t('person.newChallenge'), challengeForm);
}

/** The form's controls, filled from the challenge being edited (or the defaults). */
function challengeInputs(profile, existing) {
  const me = myId(profile);
  const learner = h('select', { class: 'input', name: 'learnerId' });
  for (const p of teamOrder(profile)) learner.append(h('option', { value: p.id }, p.name));
  learner.append(h('option', { value: me }, t('goalForm.me')));
  const input = (name, attrs = {}, value = '') => {
    const el = h('input', { class: 'input', name, ...attrs });
    el.value = value ?? '';
    return el;
  };
  const target = (existing && existing.target) || {};
  const title = input('title', { type: 'text', maxlength: maxLength('challenge', 'title'), autofocus: true, placeholder: t('challengeForm.titlePlaceholder') }, existing && existing.title);
  const problem = h('textarea', { class: 'input', name: 'problem', rows: 4, maxlength: maxLength('challenge', 'problem'), placeholder: t('challengeForm.problemPlaceholder') });
  problem.value = (existing && existing.problem) || '';
  const metric = input('metric', { type: 'text', maxlength: PARTS.target.metric.maxLength, placeholder: t('challengeForm.metricPlaceholder') }, target.metric);
  const baseline = numberInput({ name: 'baseline' }, target.baseline);
  const value = numberInput({ name: 'targetValue' }, target.value);
  const unit = input('unit', { type: 'text', maxlength: PARTS.target.unit.maxLength, placeholder: 'min' }, target.unit);
  const dueOn = input('dueOn', { type: 'date', min: existing ? null : localDate() }, existing ? existing.dueOn : addDays(localDate(), DEFAULT_WEEKS * 7));
  dueOn.dataset.initial = dueOn.value; // an overdue challenge's date, kept as it was, is not a slip
  const modeOptions = MODES.map(([key, label, explanation]) => [key, label, [h('span', { class: 'mode__name' }, label), h('span', { class: 'mode__hint' }, explanation)]]);
  const modes = choices({ options: modeOptions, value: (existing && existing.mode) || null, label: t('challengeForm.mode'), name: 'mode', className: 'mode-picker', optionClass: 'mode', onClass: 'mode--on' });
  // A number that cannot be read is NaN here; challengeProblem says what to fix.
  const number = (el) => {
    const read = el.read('');
    return read.message ? NaN : read.value;
  };
  const values = () => ({
    title: title.value.trim(),
    problem: problem.value.trim(),
    target: { metric: metric.value.trim(), baseline: number(baseline), value: number(value), unit: unit.value.trim() },
    dueOn: dueOn.value,
  });
  return { learner, title, problem, metric, baseline, value, unit, dueOn, modes, values };
}

function targetFieldset({ metric, baseline, value, unit }) {
  return h(
    'fieldset',
    { class: 'fieldset' },
    h('legend', { class: 'field__label' }, t('parts.target')),
    h('p', { class: 'field__hint' }, t('challengeForm.targetHint')),
    field(t('wsScreen.metric'), metric),
    h('div', { class: 'grid3' }, field(t('parts.baseline'), baseline), field(t('parts.target'), value), field(t('wsScreen.unit'), unit)),
  );
}

/** The first thing to fix before saving, with the control to focus, or null. */
function challengeProblem(inputs) {
  const fields = inputs.values();
  const problem = firstProblem(
    [
      { name: 'title', required: t('challengeForm.needTitle') },
      { name: 'problem', required: t('challengeForm.needProblem') },
      { name: 'metric', required: t('challengeForm.needMetric') },
    ],
    { ...fields, metric: fields.target.metric },
  );
  if (problem) return { message: problem.message, focus: inputs[problem.name] };
  const baseline = inputs.baseline.read(t('parts.baseline'));
  if (baseline.message) return { message: baseline.message, focus: inputs.baseline };
  const target = inputs.value.read(t('parts.target'));
  if (target.message) return { message: target.message, focus: inputs.value };
  if (target.value === null) return { message: t('challengeForm.needTarget'), focus: inputs.value };
  if (!fields.dueOn) return { message: t('challengeForm.needDue'), focus: inputs.dueOn };
  if (fields.dueOn !== inputs.dueOn.dataset.initial && fields.dueOn < localDate()) return { message: t('challengeForm.dueInPast'), focus: inputs.dueOn };
  if (!inputs.modes.value) return { message: t('challengeForm.needMode') };
  return null;
}

async function saveChallenge(ctx, existing, fields, assignment) {
  const { session } = ctx;
  if (existing) {
    const mutation = await updateRecord(session.store, 'challenge', existing.id, fields);
    await ctx.navigate(`/challenges/${encodeURIComponent(existing.id)}`);
    ctx.toast(mutation ? t('edit.saved') : t('edit.unchanged'));
  } else {
    const mutation = await createChallenge(session.store, { ...fields, ...assignment });
    await ctx.navigate(`/challenges/${encodeURIComponent(mutation.args.id)}`);
    ctx.toast(t('challengeForm.saved'));
  }
}
