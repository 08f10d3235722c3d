// Small DOM helpers. Text always goes in through textContent (never innerHTML),
// so nothing a person typed can run as code.

import { KINDS } from './domain/mutators.js';

/**
 * h('button', {class: 'btn', onclick: fn, type: 'button'}, 'Save')
 * Attributes starting with "on" become event listeners; `class` may be an array;
 * `dataset` is an object; true/false toggle boolean attributes; null/undefined are skipped.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (key === 'class') {
      el.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (key === 'value') {
      el.value = value;
    } else if (key === 'checked' || key === 'selected' || key === 'disabled') {
      el[key] = Boolean(value);
    } else if (value === true) {
      el.setAttribute(key, '');
    } else {
      el.setAttribute(key, String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

export const kindLabel = (kind) => (KINDS.find(([value]) => value === kind) || [kind, kind || 'Note'])[1];

// Made once: building an Intl formatter costs more than formatting (a list of notes calls
// formatWhen once a card, on every redraw).
const TIME = new Intl.DateTimeFormat([], { hour: '2-digit', minute: '2-digit' });
const DAY = new Intl.DateTimeFormat([], { day: 'numeric', month: 'short' });
const DAY_YEAR = new Intl.DateTimeFormat([], { day: 'numeric', month: 'short', year: 'numeric' });

export function formatWhen(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const now = new Date();
  const time = TIME.format(date);
  if (date.toDateString() === now.toDateString()) return `Today ${time}`;
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  if (date.toDateString() === yesterday.toDateString()) return `Yesterday ${time}`;
  return `${(date.getFullYear() === now.getFullYear() ? DAY : DAY_YEAR).format(date)} ${time}`;
}

export function pendingText(count) {
  if (!count) return 'All changes synced';
  return `${count} waiting to sync`;
}

// ---------------------------------------------------------------- toast

let toastTimer = null;
let toastDone = null;
let toastHasAction = false;

/**
 * Show a short message at the bottom. With `action`, shows a button; the
 * returned promise resolves true if it was pressed, false when the toast
 * went away (timeout, or replaced by another toast).
 */
export function toast(message, { action = null, timeout = 4000 } = {}) {
  const region = document.getElementById('toast');
  if (toastDone) toastDone(false);
  clearTimeout(toastTimer);
  clear(region);
  return new Promise((resolve) => {
    const finish = (pressed) => {
      if (toastDone !== finish) return;
      toastDone = null;
      clearTimeout(toastTimer);
      clear(region);
      region.classList.remove('toast--visible');
      resolve(pressed);
    };
    toastDone = finish;
    toastHasAction = Boolean(action);
    const box = h('div', { class: 'toast__box', role: 'status' }, h('span', { class: 'toast__text' }, message));
    if (action) box.append(h('button', { type: 'button', class: 'toast__action', onclick: () => finish(true) }, action));
    region.append(box);
    region.classList.add('toast--visible');
    toastTimer = setTimeout(() => finish(false), timeout);
  });
}

/** Close the current toast now, as if it timed out (toasts with an action stay unless `all`). */
export function dismissToast({ all = true } = {}) {
  if (toastDone && (all || !toastHasAction)) toastDone(false);
}

// ---------------------------------------------------------------- confirm

/** An in-page confirmation (a <dialog>), resolves true when confirmed. */
export function confirmDialog({ title, body, confirmLabel = 'OK', cancelLabel = 'Cancel', danger = false }) {
  return new Promise((resolve) => {
    const dialog = h(
      'dialog',
      { class: 'dialog', 'aria-labelledby': 'dialog-title' },
      h('h2', { id: 'dialog-title', class: 'dialog__title' }, title),
      h('p', { class: 'dialog__body' }, body),
      h(
        'div',
        { class: 'dialog__actions' },
        h('button', { type: 'button', class: 'btn btn--secondary', value: 'cancel', onclick: () => dialog.close('cancel') }, cancelLabel),
        h(
          'button',
          { type: 'button', class: ['btn', danger ? 'btn--danger' : 'btn--primary'], value: 'ok', onclick: () => dialog.close('ok') },
          confirmLabel,
        ),
      ),
    );
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(dialog.returnValue === 'ok');
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}

export function field(label, control, hint = null) {
  const id = control.id || `f-${Math.random().toString(36).slice(2, 9)}`;
  control.id = id;
  return h(
    'div',
    { class: 'field' },
    h('label', { class: 'field__label', for: id }, label),
    control,
    hint ? h('p', { class: 'field__hint' }, hint) : null,
  );
}

export function errorBox(message) {
  return h('p', { class: 'error', role: 'alert' }, message);
}
