// Write (or edit) a learning goal: the action to learn, the reason behind it,
// and the misconception it replaces — usually from one or more observations
// about the same person (`/goals/new?person=<id>&obs=<id>,<id>`).

import '../i18n/screens.js';
import { t } from '../i18n/i18n.js';
import { createGoal, updateRecord } from '../data/outbox.js';
import { h } from '../ui/dom.js';
import { field, form, firstProblem, searchBox } from '../ui/form.js';
import { kindLabel } from '../ui/format.js';
import { personLabel, teamOrder } from '../domain/coaching.js';
import { mayCoach, myId, viewerOf } from '../domain/access.js';
import { screen, backLink } from './parts.js';
import { maxLength } from '../domain/mutators.js';
import { searchPrinciples } from '../domain/principles.js';
import { liveSection } from '../ui/live.js';
import { keepDraft } from '../ui/draft.js';

export async function render(ctx, { id = null } = {}) {
  const { session } = ctx;
  const profile = session.profile;
  const existing = id ? await session.store.getRecord('goal', id) : null;
  if (id && (!existing || !mayCoach(viewerOf(profile), existing))) {
    return screen(t('edit.notFound'), h('p', {}, t('goalForm.notFound')), backLink('/', t('today.title')));
  }

  const query = new URLSearchParams(location.search);
  const observationIds = existing ? existing.observationIds || [] : (query.get('obs') || '').split(',').filter(Boolean);
  const observations = (await Promise.all(observationIds.map((oid) => session.store.getRecord('observation', oid)))).filter(Boolean);
  const fixedLearner = existing ? existing.learnerId : query.get('person') || observations.map((o) => o.personId).find(Boolean) || null;

  const inputs = goalInputs(profile, existing, observations, fixedLearner);
  const { learner, action, reason, misconception, fromPrivate, learnerName } = inputs;
  // The principles library, on the device: search it and link the principle this goal teaches.
  // Shown once the device holds a principle: one that sync brings while the form is open (a
  // new device's first pull) joins the picker without touching what she typed.
  const picker = principlePicker([], existing && existing.principleId, { reason, misconception });
  const followLibrary = liveSection(ctx, {
    load: () => session.store.snapshot(['principle']),
    draw: ({ principle: principles }) => {
      picker.setPrinciples(principles);
      picker.classList.toggle('is-hidden', !(principles.length || (existing && existing.principleId)));
    },
  });
  await followLibrary();
  const cancelHref = existing ? `/goals/${encodeURIComponent(existing.id)}` : '/triage';
  const rules = [
    { name: 'action', required: t('goalForm.needAction'), focus: action },
    { name: 'reason', required: t('goalForm.needReason'), focus: reason },
  ];
  const goalForm = form({
    fields: [
      existing || fixedLearner
        ? h('p', { class: 'lead', 'data-testid': 'goal-for' }, t('goalForm.for', { name: personLabel(profile, existing ? existing.learnerId : fixedLearner, existing && existing.learnerName) }))
        : field(t('goalForm.who'), learner),
      observations.length ? sourceNotes(observations) : null,
      field(t('goalForm.action'), action, t('goalForm.actionHint')),
      // Before the reason: the library is offered while the reason is still empty to fill.
      picker,
      field(t('goalForm.reason'), reason, t('goalForm.reasonHint')),
      fromPrivate ? privateSourceNotice(fromPrivate, misconception, learnerName) : null,
      field(t('goalForm.misconception'), misconception, t('goalForm.misconceptionHint')),
    ],
    submitLabel: existing ? t('edit.save') : t('goalForm.save'),
    validate: () => {
      const problem = firstProblem(rules, inputs.values());
      return problem && { message: problem.message, focus: rules.find((r) => r.name === problem.name).focus };
    },
    onSubmit: () => saveGoal(ctx, existing, { ...inputs.values(), ...(picker.classList.contains('is-hidden') ? {} : { principleId: picker.chosen() }) }, { learnerId: fixedLearner || learner.value, observationIds: observations.map((o) => o.id) }),
    extraActions: [h('a', { href: cancelHref, 'data-link': true, class: 'btn btn--ghost btn--block' }, t('common.cancel'))],
  });
  await keepDraft(ctx, goalForm, existing ? `goal:${existing.id}` : `goal:new${location.search}`, { whole: !existing }); // decisions §121
  return screen(existing ? t('goalForm.editTitle') : t('goalForm.newTitle'), goalForm);
}

/** The form's controls, filled from the goal or from the observations it comes from. */
function goalInputs(profile, existing, observations, fixedLearner) {
  const me = myId(profile);
  const learner = h('select', { class: 'input', name: 'learnerId', 'data-testid': 'goal-learner' });
  for (const p of teamOrder(profile)) learner.append(h('option', { value: p.id }, p.name));
  learner.append(h('option', { value: me }, t('goalForm.me')));
  if (fixedLearner) learner.value = fixedLearner;
  const text = (name, rows, value) => {
    const area = h('textarea', { class: 'input', name, rows, maxlength: maxLength('goal', name) });
    area.value = value || '';
    return area;
  };
  const firstMisconception = observations.find((o) => o.kind === 'misconception');
  // A private note's words are never copied silently: the learner reads the goal
  // (docs/decisions.md §33). The coach keeps them or rewrites them, knowingly.
  const fromPrivate = !existing && firstMisconception && firstMisconception.visibility !== 'shared' ? firstMisconception : null;
  const action = text('action', 3, existing && existing.action);
  const reason = text('reason', 4, existing && existing.reason);
  const misconception = text('misconception', 3, existing ? existing.misconception : fromPrivate ? '' : firstMisconception && firstMisconception.note);
  action.setAttribute('autofocus', '');
  const learnerName = () => {
    const id = fixedLearner || learner.value;
    return id === me ? null : personLabel(profile, id);
  };
  const values = () => ({ action: action.value.trim(), reason: reason.value.trim(), misconception: misconception.value.trim() || null });
  return { learner, action, reason, misconception, fromPrivate, learnerName, values };
}

/**
 * The principle from the library this goal teaches: a search over the principles on the
 * device (offline, any case, any accents); picking one fills an empty reason and
 * misconception with its words, for the coach to adapt to this learner.
 */
function principlePicker(initial, chosenId, { reason, misconception }) {
  let principles = initial;
  let chosen = principles.some((p) => p.id === chosenId) ? chosenId : null;
  let touched = false; // she picked or unlinked: the goal's own link no longer stands
  const search = h('input', { class: 'input', type: 'search', id: 'goal-principle-q', autocomplete: 'off', 'data-testid': 'goal-principle-search' });
  const current = h('div', { class: 'principle-chosen', 'data-testid': 'goal-principle-chosen' });
  const results = h('div', { class: 'picker', 'data-testid': 'goal-principle-results' });
  const choose = (principle) => {
    touched = true;
    chosen = principle ? principle.id : null;
    if (principle && !reason.value.trim()) reason.value = principle.principle;
    if (principle && !misconception.value.trim()) misconception.value = principle.misconception || '';
    search.value = '';
    draw();
  };
  const draw = () => {
    const picked = principles.find((p) => p.id === chosen);
    current.replaceChildren(
      h('span', { class: 'muted' }, picked ? t('goalForm.principleChosen', { title: picked.title }) : t('goalForm.noPrinciple')),
      picked ? h('button', { type: 'button', class: 'btn btn--small btn--ghost', 'data-testid': 'goal-principle-unlink', onclick: () => choose(null) }, t('goalForm.unlinkPrinciple')) : '',
    );
    const query = search.value.trim();
    const found = query ? searchPrinciples(principles, query).slice(0, 6) : [];
    results.replaceChildren(
      ...found.map((p) =>
        h(
          'button',
          { type: 'button', class: 'pick pick--button', 'aria-pressed': String(p.id === chosen), 'data-testid': 'goal-principle-option', onclick: () => choose(p) },
          h('span', { class: 'pick__text' }, h('span', { class: 'pick__note' }, p.title), h('span', { class: 'pick__meta' }, p.principle)),
        ),
      ),
      query && !found.length ? h('p', { class: 'muted small' }, t('goalForm.noPrincipleMatch')) : '',
    );
  };
  search.addEventListener('input', draw);
  search.addEventListener('keydown', (event) => event.key === 'Enter' && event.preventDefault()); // not a submit
  draw();
  const element = h(
    'div',
    { class: 'field', 'data-testid': 'goal-principle-picker' },
    h('label', { class: 'field__label', for: 'goal-principle-q' }, t('goalForm.principle')),
    current,
    searchBox(search),
    h('p', { class: 'field__hint' }, t('goalForm.principleHint')),
    results,
  );
  // Untouched, the goal keeps its link (even to a principle this device does not hold).
  element.chosen = () => (touched ? chosen : chosenId || null);
  element.setPrinciples = (next) => {
    principles = next;
    if (!touched) chosen = principles.some((p) => p.id === chosenId) ? chosenId : null;
    draw();
  };
  return element;
}

/** An edit sends only the changed text fields; a new goal names its learner and observations. */
async function saveGoal(ctx, existing, fields, links) {
  const { session } = ctx;
  if (existing) {
    const mutation = await updateRecord(session.store, 'goal', existing.id, fields);
    await ctx.navigate(`/goals/${encodeURIComponent(existing.id)}`);
    ctx.toast(mutation ? t('edit.saved') : t('edit.unchanged'));
  } else {
    const mutation = await createGoal(session.store, { ...fields, ...links });
    await ctx.navigate(`/goals/${encodeURIComponent(mutation.args.id)}`);
    ctx.toast(t('goalForm.saved'));
  }
}

/** The observations the goal comes from, quoted; private ones say they stay private. */
function sourceNotes(observations) {
  const privateLinked = observations.filter((o) => o.visibility !== 'shared').length;
  return h(
    'div',
    { class: 'field' },
    h('span', { class: 'field__label' }, t('goalForm.from', { count: observations.length })),
    h('ul', { class: 'quotes' }, observations.map((o) => h('li', { class: 'quote' }, h('span', { class: 'muted small' }, `${kindLabel(o.kind)}${o.visibility !== 'shared' ? ` · ${t('triage.private')}` : ''} · `), o.note))),
    privateLinked
      ? h('p', { class: 'field__hint', 'data-testid': 'private-links' }, t('goalForm.privateStay', { count: privateLinked }))
      : null,
  );
}

/**
 * The misconception would come from a private note: say the learner will read
 * it, and let the coach keep that wording or write it for them.
 */
function privateSourceNotice(note, misconception, learnerName) {
  const box = h('div', { class: 'banner banner--warn private-source', role: 'note', 'data-testid': 'private-source' });
  let shown = null;
  const draw = (kept) => {
    shown = kept;
    const parts = [
      h(
        'p',
        {},
        kept
          ? t('goalForm.copied', { name: learnerName() || t('goalForm.theLearner') })
          : t('goalForm.inPrivate', { name: learnerName() || t('goalForm.theLearner') }),
      ),
      kept
        ? null
        : h(
            'div',
            { class: 'copy-row' },
            h('button', { type: 'button', class: 'btn btn--secondary', onclick: () => { misconception.value = note.note; draw(true); misconception.focus(); } }, t('goalForm.useMine')),
            h('button', { type: 'button', class: 'btn btn--ghost', onclick: () => misconception.focus() }, t('goalForm.writeForThem')),
          ),
    ];
    box.replaceChildren(...parts.filter(Boolean));
  };
  draw(false);
  // The note's words typed or put back (a draft, ui/draft.js): the warning says they are copied.
  misconception.addEventListener('input', () => {
    const kept = misconception.value.trim() === note.note.trim();
    if (kept !== shown) draw(kept);
  });
  return box;
}
