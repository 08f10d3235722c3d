// Form building blocks shared by every form: a labelled field and an error line.

import { h } from './dom.js';

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
