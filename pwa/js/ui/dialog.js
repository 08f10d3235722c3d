// An in-page confirmation before anything that cannot be taken back.

import { t } from '../i18n/i18n.js';
import { h } from './dom.js';

/** An in-page confirmation (a <dialog>), resolves true when confirmed. */
export function confirmDialog({ title, body, confirmLabel = t('common.ok'), cancelLabel = t('common.cancel'), danger = false }) {
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
