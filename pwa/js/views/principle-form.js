// Publish a learned goal's principle to the library (`/principles/new?goal=<id>`), or edit one
// (`/principles/<id>/edit`). Nothing is published without the coach's explicit edit
// (docs/decisions.md §100): the goal's words are offered, each to be reread and confirmed;
// the worked case starts empty, for her to rewrite without names; a text that names the
// learner is refused here, as the server refuses it.

import '../i18n/screens.js';
import { t } from '../i18n/i18n.js';
import { createRecord, updateRecord } from '../data/outbox.js';
import { h } from '../ui/dom.js';
import { field, form, firstProblem } from '../ui/form.js';
import { mayCoach, viewerOf, myId } from '../domain/access.js';
import { naming, TEXT_FIELDS } from '../domain/principles.js';
import { maxLength } from '../domain/mutators.js';
import { screen, backLink } from './parts.js';

export async function render(ctx, { id = null } = {}) {
  const { session } = ctx;
  const profile = session.profile;
  const existing = id ? await session.store.getRecord('principle', id) : null;
  const goalId = existing ? null : new URLSearchParams(location.search).get('goal');
  const goal = goalId ? await session.store.getRecord('goal', goalId) : null;
  const allowed = existing ? existing.authorId === myId(profile) : goal && goal.status === 'achieved' && mayCoach(viewerOf(profile), goal) && (profile.people || []).length;
  if (!allowed) return screen(t('edit.notFound'), h('p', {}, t('principleForm.cannot')), backLink('/principles', t('principles.title')));

  const learnerName = goal && goal.learnerId !== myId(profile) ? goal.learnerName : null;
  const from = existing || { title: goal.action, principle: goal.reason, misconception: goal.misconception || '', workedCase: '' };
  const text = (name, rows, value) => {
    const area = h(rows ? 'textarea' : 'input', { class: 'input', name, maxlength: maxLength('principle', name), 'data-testid': `principle-${name}`, ...(rows ? { rows } : { type: 'text' }) });
    area.value = value || '';
    return area;
  };
  const inputs = {
    title: text('title', 0, from.title),
    principle: text('principle', 4, from.principle),
    misconception: text('misconception', 3, from.misconception),
    workedCase: text('workedCase', 6, from.workedCase),
  };
  // Each field offered from the goal is reread and confirmed, one by one (one the goal left
  // empty offers nothing to reread: no box to tick over an empty field).
  const confirms = existing
    ? {}
    : Object.fromEntries(['title', 'principle', 'misconception'].filter((name) => from[name]).map((name) => [name, h('input', { type: 'checkbox', class: 'checkbox', name: `confirm-${name}`, 'data-testid': `confirm-${name}` })]));
  const confirmRow = (name) =>
    confirms[name] ? h('label', { class: 'pick confirm' }, confirms[name], h('span', { class: 'pick__text' }, t('principleForm.confirm'))) : null;
  const values = () => Object.fromEntries(TEXT_FIELDS.map((name) => [name, inputs[name].value.trim()]));
  const warning = h('p', { class: 'banner banner--warn is-hidden', role: 'status', 'data-testid': 'names-warning' });
  const warn = () => {
    const found = learnerName ? naming(values(), learnerName) : null;
    warning.classList.toggle('is-hidden', !found);
    warning.textContent = found ? t('principleForm.namesLearner', { name: found.name, field: t(`principleField.${found.field}`) }) : '';
    return found;
  };
  for (const input of Object.values(inputs)) input.addEventListener('input', warn);

  const rules = [
    { name: 'title', required: t('principleForm.needTitle') },
    { name: 'principle', required: t('principleForm.needPrinciple') },
    { name: 'workedCase', required: t('principleForm.needCase') },
  ];
  const publishForm = form({
    fields: [
      h('div', { class: 'card', role: 'note' }, h('p', {}, t('principleForm.whoReads')), learnerName ? h('p', {}, t('principleForm.noName', { name: learnerName })) : null),
      field(t('principleField.title'), inputs.title, t('principleForm.titleHint')),
      confirmRow('title'),
      field(t('principleField.principle'), inputs.principle, t('principleForm.principleHint')),
      confirmRow('principle'),
      field(t('principleField.misconception'), inputs.misconception, t('principleForm.misconceptionHint')),
      confirmRow('misconception'),
      field(t('principleField.workedCase'), inputs.workedCase, t('principleForm.caseHint')),
      warning,
    ],
    submitLabel: existing ? t('edit.save') : t('principleForm.publish'),
    submitAttrs: { 'data-testid': 'publish-principle' },
    validate: () => {
      const problem = firstProblem(rules, values());
      if (problem) return { message: problem.message, focus: inputs[problem.name] };
      const unconfirmed = Object.entries(confirms).find(([, box]) => !box.checked);
      if (unconfirmed) return { message: t('principleForm.confirmEach'), focus: unconfirmed[1] };
      const found = warn();
      if (found) return { message: t('principleForm.namesLearner', { name: found.name, field: t(`principleField.${found.field}`) }), focus: inputs[found.field] };
      return null;
    },
    onSubmit: () => (existing ? save(ctx, existing, values()) : publish(ctx, goal, values())),
    extraActions: [h('a', { href: existing ? `/principles/${encodeURIComponent(existing.id)}` : `/goals/${encodeURIComponent(goal.id)}`, 'data-link': true, class: 'btn btn--ghost btn--block' }, t('common.cancel'))],
  });
  return screen(existing ? t('principleForm.editTitle') : t('principleForm.newTitle'), publishForm);
}

/** Publish, and link the goal it came from: it is the first time the principle was taught. */
async function publish(ctx, goal, fields) {
  const { store } = ctx.session;
  const mutation = await createRecord(store, 'principle', { goalId: goal.id, ...fields });
  if (!goal.principleId) await updateRecord(store, 'goal', goal.id, { principleId: mutation.args.id });
  await ctx.navigate(`/principles/${encodeURIComponent(mutation.args.id)}`);
  ctx.toast(t('principleForm.published'));
}

async function save(ctx, existing, fields) {
  const mutation = await updateRecord(ctx.session.store, 'principle', existing.id, fields);
  await ctx.navigate(`/principles/${encodeURIComponent(existing.id)}`);
  ctx.toast(mutation ? t('edit.saved') : t('edit.unchanged'));
}
