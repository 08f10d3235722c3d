// A half-typed form survives a reload, Back, Cancel and a closed app (decisions §121): as she
// types, what the form's controls hold is kept in her own store on the device (never sent,
// never another person's), and when the same form opens again it is put back, with a line
// that says so and offers to discard it. Saving the form drops it.
//
// What a form holds is read from its controls: every named input, textarea and select, and
// every radio group marked `data-draft="<name>"` (its value is its checked button's
// data-value). Photos are not kept (they wait in memory until the note is saved).

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

/** What the form holds: {name: value}, in the order its controls come. */
export function formValues(formElement) {
  const values = {};
  for (const control of controls(formElement)) values[control.name] = control.type === 'checkbox' ? control.checked : control.value;
  for (const group of formElement.querySelectorAll('[data-draft]')) {
    const on = group.querySelector('[aria-checked="true"]');
    values[group.dataset.draft] = on ? on.dataset.value : '';
  }
  return values;
}

/** What she changed since the form opened: {name: value} of the controls that differ. */
function changesFrom(values, initial) {
  return Object.fromEntries(Object.entries(values).filter(([name, value]) => JSON.stringify(value) !== JSON.stringify(initial[name])));
}

/** Whether she typed something: a text control among `changes` (a tap alone is no draft). */
function typedIn(formElement, changes) {
  return controls(formElement).some((c) => TEXT_TYPES.has(c.type) && c.name in changes && String(changes[c.name]).trim() !== '');
}

/** Put `values` back in the form's controls, as if typed and tapped (their listeners hear it). */
export function putBack(formElement, values) {
  for (const [name, value] of Object.entries(values)) {
    const group = formElement.querySelector(`[data-draft="${CSS.escape(name)}"]`);
    if (group) {
      const on = group.querySelector('[aria-checked="true"]');
      if ((on ? on.dataset.value : '') === value) continue;
      if (group.choose) group.choose(value);
      else {
        const button = [...group.querySelectorAll('[data-value]')].find((b) => b.dataset.value === value);
        if (button) button.click();
      }
      continue;
    }
    const control = controls(formElement).find((c) => c.name === name);
    if (!control) continue; // a field this version of the form no longer has
    if (control.type === 'checkbox') control.checked = Boolean(value);
    else if (control.tagName === 'SELECT' && ![...control.options].some((o) => o.value === value)) continue; // someone no longer on the list
    else control.value = value;
    for (const type of ['input', 'change']) control.dispatchEvent(new Event(type, { bubbles: true }));
  }
}

/**
 * Keep `formElement`'s draft under `key` in `store` (the person's PersonStore), and put back
 * the one kept from before. Call it once the form is built with what it opens with. A draft
 * holds only what she changed: put back on a record that changed since (a sync), it changes
 * only her fields again, never another device's back. The form() scaffold drops the draft
 * once a save went through (`formElement.draftSaved()`).
 */
export async function keepDraft(formElement, store, key) {
  const initial = formValues(formElement);
  let timer = null;
  let done = false;
  let last = '{}'; // the changes the store holds (a draft put back keeps its time)
  const write = () => {
    clearTimeout(timer);
    timer = null;
    if (done) return;
    const changes = changesFrom(formValues(formElement), initial);
    if (JSON.stringify(changes) === last) return;
    last = JSON.stringify(changes);
    const kept = typedIn(formElement, changes) ? store.saveDraft(key, { values: changes, at: new Date().toISOString() }) : store.dropDraft(key);
    kept.catch(() => {}); // storage refused: the form still holds it, as before drafts
  };
  const later = () => {
    if (done) return;
    clearTimeout(timer);
    timer = setTimeout(write, WAIT_MS);
  };
  for (const type of ['input', 'change', 'click']) formElement.addEventListener(type, later);
  // Leaving within the pause (a link, Back, closing the app, a reload): write now.
  const flush = () => {
    if (timer) write();
    if (!formElement.isConnected) stop();
  };
  const onLink = (event) => event.target.closest && event.target.closest('a[href]') && flush();
  const stop = () => {
    removeEventListener('pagehide', flush);
    removeEventListener('popstate', flush, true);
    document.removeEventListener('visibilitychange', flush);
    document.removeEventListener('click', onLink, true);
  };
  addEventListener('pagehide', flush);
  addEventListener('popstate', flush, true);
  document.addEventListener('visibilitychange', flush);
  document.addEventListener('click', onLink, true);
  formElement.draftSaved = async () => {
    done = true;
    clearTimeout(timer);
    stop();
    await store.dropDraft(key).catch(() => {});
  };

  const saved = await store.getDraft(key).catch(() => null);
  if (!saved || !saved.values) return formElement;
  putBack(formElement, saved.values);
  const restored = changesFrom(formValues(formElement), initial);
  if (!typedIn(formElement, restored)) {
    putBack(formElement, initial); // nothing of it is new any more (saved elsewhere, or a field gone)
    await store.dropDraft(key).catch(() => {});
    return formElement;
  }
  last = JSON.stringify(restored);
  const discard = async () => {
    putBack(formElement, initial);
    notice.remove();
    last = '{}';
    await store.dropDraft(key).catch(() => {});
    if (await toast(t('draft.discarded'), { action: t('common.undo'), timeout: 6000 })) {
      putBack(formElement, restored);
      write();
    }
  };
  const notice = h(
    'p',
    { class: 'banner draft-notice', role: 'status', 'data-testid': 'draft-notice' },
    h('span', {}, t('draft.restored', { when: formatWhen(saved.at, { inline: true }) })),
    h('button', { type: 'button', class: 'banner__action', 'data-testid': 'draft-discard', onclick: discard }, t('draft.discard')),
  );
  formElement.prepend(notice);
  return formElement;
}
