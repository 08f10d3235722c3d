// Resolve a conflict: for each field changed on two devices at once, the value
// the server kept and the other device's value(s), from the record's revision
// history. Pick one, or write a combination; saving queues an update with the
// chosen values, the record's current version as base, and `resolve: true`,
// which clears the flag on the server. A stale delete offers "Delete anyway"
// (a delete with the current base) or "Keep". Needs the network: the other
// values live in the server's history.

import '../i18n/screens.js';
import { t } from '../i18n/i18n.js';
import { api } from '../data/api.js';
import { STORE_FOR_TYPE } from '../domain/mutators.js';
import { updateRecord, deleteRecord } from '../data/outbox.js';
import {
  openConflicts, recordTitle, historyPath, fieldLabel, displayValue, isText, sameJson, TYPE_LABELS,
} from '../domain/conflicts.js';
import { h } from '../ui/dom.js';
import { formatWhen } from '../ui/format.js';
import { errorMessage } from '../domain/error-messages.js';

export async function render(ctx, { type, id }) {
  const { session } = ctx;
  const record = STORE_FOR_TYPE[type] ? await session.store.getRecord(type, id) : null;
  const title = h('h1', { class: 'screen__title' }, t('reviewRecord.title'));
  const back = h('a', { href: '/review', 'data-link': true, class: 'btn btn--ghost btn--block' }, t('common.back'));
  if (!record) {
    return h('section', { class: 'screen' }, title, h('p', {}, t('reviewRecord.gone')), back);
  }
  const historyLink = h('a', { href: historyPath(type, id), 'data-link': true, class: 'btn btn--small btn--ghost' }, t('edit.history'));
  const intro = [
    h('div', { class: 'screen__head' }, title, historyLink),
    h('p', { class: 'muted' }, TYPE_LABELS[type] || type),
    h('p', { class: 'obs__note obs__note--full' }, recordTitle(type, record)),
  ];
  if (!record.flagged) {
    return h('section', { class: 'screen' }, ...intro, h('p', {}, t('reviewRecord.settled')), back);
  }
  let revisions;
  try {
    ({ revisions } = await api.get(`/api/sync/history/${encodeURIComponent(type)}/${encodeURIComponent(id)}`));
  } catch (err) {
    return h('section', { class: 'screen' }, ...intro, ...historyUnavailable(ctx, err), back);
  }
  return h('section', { class: 'screen' }, ...intro, ...resolveForm(ctx, { type, id, record, revisions: revisions || [], back }));
}

/** Why the other device's values cannot be shown now, and a way to try again. */
function historyUnavailable(ctx, err) {
  const message =
    err.status === 0
      ? t('reviewRecord.offline')
      : err.status === 404
        ? t('reviewRecord.serverGone')
        : t('reviewRecord.failed', { message: errorMessage(err) });
  const retry = h('button', { type: 'button', class: 'btn btn--secondary btn--block', onclick: () => ctx.navigate(location.pathname, { replace: true }) }, t('reviewRecord.retry'));
  return [h('p', { class: 'banner banner--warn', 'data-testid': 'review-offline' }, message), retry];
}

/** The choices for each field in conflict, the stale delete if any, and Save. */
function resolveForm(ctx, { type, id, record, revisions, back }) {
  const { session } = ctx;
  const { fields, deletion } = openConflicts(revisions);
  const choices = [];
  for (const [field, options] of fields) {
    const others = options.filter((o) => !sameJson(o.value, record[field]));
    if (others.length) choices.push(fieldChoice(field, record[field], others, session.profile));
  }
  const error = h('p', { class: 'error is-hidden', role: 'alert' });
  const showError = (message) => {
    error.textContent = message;
    error.classList.remove('is-hidden');
  };
  const leave = async (message) => {
    const remaining = await session.store.listFlagged(session.personId);
    await ctx.navigate(remaining.length ? '/review' : '/');
    ctx.toast(message);
  };
  const settle = async (values) => {
    await updateRecord(session.store, type, id, values, { resolve: true });
    await leave(t('reviewRecord.saved'));
  };
  const save = saveButton(choices, settle, showError);
  const deleted = deletion ? deletionCard(deletion, { hasChoices: choices.length > 0, settle, remove: async () => {
    await deleteRecord(session.store, type, id);
    await leave(t('reviewRecord.deleted'));
  } }) : null;
  return [
    !choices.length && !deletion ? h('p', {}, t('reviewRecord.same')) : null,
    choices.length ? h('p', {}, t('reviewRecord.hint')) : null,
    deleted,
    ...choices.map((c) => c.element),
    error,
    h('div', { class: 'form__actions' }, deletion && !choices.length ? null : save, back),
  ].filter(Boolean);
}

function saveButton(choices, settle, showError) {
  const save = h('button', { type: 'button', class: 'btn btn--primary btn--block', 'data-testid': 'resolve-save' }, choices.length ? t('reviewRecord.save') : t('reviewRecord.mark'));
  save.addEventListener('click', async () => {
    const values = {};
    for (const choice of choices) {
      const picked = choice.value();
      if (picked.error) return showError(picked.error);
      values[choice.field] = picked.value;
    }
    save.disabled = true;
    try {
      await settle(values);
    } catch (err) {
      showError(t('form.couldNotSave', { message: err.message }));
      save.disabled = false;
    }
  });
  return save;
}

/** A delete made on a device that had not seen the latest changes: delete anyway, or keep. */
function deletionCard(deletion, { hasChoices, settle, remove }) {
  const keep = h('button', { type: 'button', class: 'btn btn--secondary' }, t('reviewRecord.keep'));
  const removeButton = h('button', { type: 'button', class: 'btn btn--danger' }, t('reviewRecord.deleteAnyway'));
  const card = h(
    'section',
    { class: 'card card--conflict', 'data-testid': 'conflict-delete' },
    h('h2', { class: 'card__title' }, t('reviewRecord.deletedElsewhere')),
    h('p', {}, t('reviewRecord.deletedBy', { who: deletion.authorName || t('reviewRecord.someoneCap'), when: formatWhen(deletion.deviceAt || deletion.at, { inline: true }) })),
    h('div', { class: 'card__actions' }, keep, removeButton),
  );
  removeButton.addEventListener('click', async () => {
    removeButton.disabled = true;
    await remove();
  });
  keep.addEventListener('click', async () => {
    if (hasChoices) return card.replaceWith(h('p', { class: 'muted' }, t('reviewRecord.keptChoose')));
    keep.disabled = true;
    await settle({});
  });
  return card;
}

/** One field: "Kept" (the value on the record now), each other device's value, and for text "Edit to combine". */
function fieldChoice(field, kept, others, profile) {
  const label = fieldLabel(field);
  const options = [
    { label: t('reviewRecord.kept'), detail: t('reviewRecord.keptDetail'), value: kept },
    ...others.map((o) => ({
      label: t('reviewRecord.other'),
      detail: `${o.revision.authorName || t('audit.someone')}, ${formatWhen(o.revision.deviceAt || o.revision.at, { inline: true })}`,
      value: o.value,
    })),
  ];
  const text = isText(field, kept, ...others.map((o) => o.value));
  if (text) options.push({ label: t('reviewRecord.combine'), combine: true });
  let selected = 0;

  const combined = h('textarea', { class: 'input input--note', rows: 5, 'aria-label': t('reviewRecord.combined', { field: label.toLowerCase() }) });
  combined.value = [kept, ...others.map((o) => o.value)].filter(Boolean).join('\n');
  const combineBox = h('div', { class: 'field is-hidden' }, combined);

  const group = h('div', { class: 'choices', role: 'radiogroup', 'aria-label': label });
  options.forEach((option, i) => {
    group.append(
      h(
        'button',
        { type: 'button', class: 'choice', role: 'radio', onclick: () => pick(i) },
        h('span', { class: 'choice__label' }, option.label),
        option.combine ? null : h('span', { class: 'choice__value' }, displayValue(field, option.value, profile)),
        option.detail ? h('span', { class: 'choice__detail' }, option.detail) : null,
      ),
    );
  });

  function pick(i) {
    selected = i;
    [...group.children].forEach((button, j) => {
      button.classList.toggle('choice--on', j === i);
      button.setAttribute('aria-checked', String(j === i));
    });
    combineBox.classList.toggle('is-hidden', !options[i].combine);
    if (options[i].combine) combined.focus();
  }
  pick(0);

  return {
    field,
    element: h('section', { class: 'card card--conflict', 'data-testid': 'conflict-field', dataset: { field } }, h('h2', { class: 'card__title' }, label), group, combineBox),
    value() {
      const option = options[selected];
      if (!option.combine) return { value: option.value };
      const value = combined.value.trim();
      return value ? { value } : { error: t('reviewRecord.needCombined', { field: label.toLowerCase() }) };
    },
  };
}
