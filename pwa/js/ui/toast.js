// The short message at the bottom of the screen, with an optional action (Undo).

import { h, clear } from './dom.js';

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
