// A half-typed form survives a reload, Back, Cancel and a closed app (decisions §121): as she
// types, what the form's controls hold is kept in her own store on the device (never sent,
// never another person's), and when the same form opens again it is put back, with a line
// that says so and offers to discard it. Saving the form drops it, in the same IndexedDB
// transaction that queues the change, so a saved note never comes back as a draft.
//
// What a form holds is read from its controls: every named input, textarea and select, and
// every radio group marked `data-draft="<name>"` (its value is its checked button's
// data-value). Photos are not kept (they wait in memory until the note is saved): the line
// says how many were not.

import '../i18n/screens.js';
import { t } from '../i18n/i18n.js';
import { formatWhen } from './format.js';
import { toast } from './toast.js';
import { h } from './dom.js';

const SKIPPED = new Set(['file', 'search', 'hidden', 'password', 'submit', 'button', 'reset', 'radio', 'image']);
const TEXT_TYPES = new Set(['text', 'email', 'url', 'tel', 'number', 'textarea']);
const WAIT_MS = 200; // after the last key: one write per pause, not per letter

function controls(formElement) {
  return [...formElement.querySelectorAll('input[name], textarea[name], select[name]')].filter((c) => !(c.tagName === 'INPUT' && SKIPPED.has(c.type)));
}

/** A radio group's choice: its checked button's data-value ('' when none is). */
function checkedValue(group) {
  const on = group.querySelector('[aria-checked="true"]');
  return on ? on.dataset.value : '';
}

/** What the form holds: {name: value}, in the order its controls come. */
export function formValues(formElement) {
  const values = {};
  for (const control of controls(formElement)) values[control.name] = control.type === 'checkbox' ? control.checked : control.value;
  for (const group of formElement.querySelectorAll('[data-draft]')) values[group.dataset.draft] = checkedValue(group);
  return values;
}

/** Photos shown in the form's picker (added ones are not kept in a draft: the notice says so). */
const photoCount = (formElement) => formElement.querySelectorAll('[data-testid="photo-thumbs"] figure').length;

/** What she changed since the form opened: {name: value} of the controls that differ. */
function changesFrom(values, initial) {
  return Object.fromEntries(Object.entries(values).filter(([name, value]) => JSON.stringify(value) !== JSON.stringify(initial[name])));
}

/** Whether she typed something: a text control among `changes` (a tap alone is no draft). */
function typedIn(formElement, changes) {
  return controls(formElement).some((c) => TEXT_TYPES.has(c.type) && c.name in changes && String(changes[c.name]).trim() !== '');
}

/**
 * Put `values` back in the form's controls, as if typed and tapped (their listeners hear it).
 * Returns the names it could not put back (a person no longer on the list, a field gone).
 */
export function putBack(formElement, values) {
  const missed = [];
  for (const [name, value] of Object.entries(values)) {
    const group = formElement.querySelector(`[data-draft="${CSS.escape(name)}"]`);
    if (group) {
      if (checkedValue(group) === value) continue;
      if (group.choose) group.choose(value);
      else [...group.querySelectorAll('[data-value]')].find((b) => b.dataset.value === value)?.click();
      if (checkedValue(group) !== value) missed.push(name);
      continue;
    }
    const control = controls(formElement).find((c) => c.name === name);
    if (!control || (control.tagName === 'SELECT' && ![...control.options].some((o) => o.value === value))) {
      missed.push(name);
      continue;
    }
    if (control.type === 'checkbox') control.checked = Boolean(value);
    else control.value = value;
    for (const type of ['input', 'change']) control.dispatchEvent(new Event(type, { bubbles: true }));
  }
  return missed;
}

/**
 * Keep the draft of `formElement` (a view's form, drawn with what it opens with) under `key`
 * in the signed-in person's store, and put back the one kept from before.
 *
 * `whole`: keep every value, for a form that makes a new record (its defaults, the last
 * person or the first learner on the list, may have moved by the next time). Otherwise only
 * what she changed is kept: put back on a record that a sync changed meanwhile, it changes her
 * fields again, never another device's back. form() calls `draftSaving()` before its onSubmit
 * (the next change queued drops the draft in its own transaction), then `draftSaved()` or
 * `draftNotSaved()`; a view calls `draftSaved()` when the record goes (Delete).
 */
export async function keepDraft(ctx, formElement, key, { whole = false } = {}) {
  const store = ctx.session.store;
  const initial = formValues(formElement);
  const photosAtStart = photoCount(formElement);
  let timer = null;
  let done = false;
  let last = JSON.stringify([whole ? initial : {}, 0]); // what the store holds, as write() compares it
  const write = () => {
    clearTimeout(timer);
    timer = null;
    if (done) return;
    const now = formValues(formElement);
    const changes = changesFrom(now, initial);
    const kept = whole ? now : changes;
    const photos = Math.max(0, photoCount(formElement) - photosAtStart);
    if (JSON.stringify([kept, photos]) === last) return;
    last = JSON.stringify([kept, photos]);
    const saving = typedIn(formElement, changes) ? store.saveDraft(key, { values: kept, photos, at: new Date().toISOString() }) : store.dropDraft(key);
    saving.catch(() => {}); // storage refused: the form still holds it, as before drafts
  };
  const later = () => {
    if (done) return;
    clearTimeout(timer);
    timer = setTimeout(write, WAIT_MS);
  };
  for (const type of ['input', 'change', 'click']) formElement.addEventListener(type, later);
  // Leaving the screen (a link, Back, the idle lock) or the app (closed, reloaded) within the
  // pause: write now. The screen's own leaving ends the listeners.
  const flush = () => timer && write();
  ctx.listen(window, 'pagehide', flush);
  ctx.listen(document, 'visibilitychange', flush);
  ctx.onLeave(flush);
  formElement.draftSaving = () => {
    done = true;
    clearTimeout(timer);
    store.dropDraftWithNextChange(key);
  };
  formElement.draftNotSaved = () => {
    store.dropDraftWithNextChange(null);
    done = false;
    last = null;
    write(); // kept again, in case the change did not go where the draft went
  };
  formElement.draftSaved = async () => {
    done = true;
    clearTimeout(timer);
    store.dropDraftWithNextChange(null);
    await store.dropDraft(key).catch(() => {});
  };

  const saved = await store.getDraft(key).catch(() => null);
  if (!saved || !saved.values) return formElement;
  const missed = putBack(formElement, saved.values);
  const restored = changesFrom(formValues(formElement), initial);
  if (!typedIn(formElement, restored)) {
    putBack(formElement, initial); // nothing of it is new any more (saved elsewhere, or a field gone)
    await store.dropDraft(key).catch(() => {});
    return formElement;
  }
  last = JSON.stringify([whole ? formValues(formElement) : restored, 0]);
  const here = location.pathname + location.search;
  // Discard: the form drawn afresh, as it opens without a draft; Undo: the draft back again.
  const discard = async () => {
    done = true;
    clearTimeout(timer);
    await store.dropDraft(key).catch(() => {});
    await ctx.navigate(here, { replace: true }); // a fresh keepDraft() for the fresh form
    if (await toast(t('draft.discarded'), { action: t('common.undo'), timeout: 6000 })) {
      await store.saveDraft(key, saved).catch(() => {});
      if (location.pathname + location.search === here) await ctx.navigate(here, { replace: true });
    }
  };
  const words = [t('draft.restored', { when: formatWhen(saved.at, { inline: true }) })];
  if (missed.length) words.push(t('draft.check')); // who it was for is no longer on the list
  if (saved.photos) words.push(t('draft.noPhotos', { count: saved.photos })); // they waited in memory
  const notice = h(
    'div',
    { class: 'banner draft-notice', role: 'status', 'data-testid': 'draft-notice' },
    h('span', {}, words.join(' ')),
    h('button', { type: 'button', class: 'banner__action', 'data-testid': 'draft-discard', onclick: discard }, t('draft.discard')),
  );
  formElement.prepend(notice);
  return formElement;
}
