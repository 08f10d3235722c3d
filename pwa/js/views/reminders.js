// Account's "Reminders" card (docs/decisions.md §90-§92): notifications on or off for the
// signed-in person, and quiet hours in this device's time zone, stored on the server so that
// `flask send-reminders` honours them. Turning them on asks the browser's permission,
// subscribes this device with the server's VAPID key and sends the subscription; turning them
// off unsubscribes this device. A browser without Web Push says so; Today still counts.

import '../i18n/screens.js';
import { t, language } from '../i18n/i18n.js';
import { request } from '../data/api.js';
import { deviceSubscription, subscribeThisDevice, unsubscribeThisDevice } from '../data/push.js';
import { h, clear, put } from '../ui/dom.js';
import { field } from '../ui/form.js';
import { errorMessage } from '../domain/error-messages.js';

const pushSupported = () => 'serviceWorker' in navigator && 'PushManager' in globalThis && 'Notification' in globalThis;

export const timeZone = () => {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
};

/** The service worker that will show the notifications, once it is active. */
function activeWorker() {
  const late = new Promise((resolve, reject) => setTimeout(() => reject(new Error(t('reminders.noWorker'))), 10000));
  return Promise.race([navigator.serviceWorker.ready, late]);
}

async function turnOn() {
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') throw Object.assign(new Error(t('reminders.blocked')), { shown: true });
  await subscribeThisDevice(await activeWorker());
}

export function remindersSection() {
  const body = h('div', { class: 'reminders', 'data-testid': 'reminders' });
  const card = h('section', { class: 'card' }, h('h2', { class: 'card__title' }, t('reminders.title')), h('p', { class: 'muted small' }, t('reminders.hint')), body);
  if (!pushSupported()) {
    put(body, h('p', { class: 'muted', 'data-testid': 'reminders-unsupported' }, t('reminders.unsupported')));
    return card;
  }
  (async () => {
    try {
      const [{ settings }, subscription] = await Promise.all([request('GET', '/api/push/settings'), deviceSubscription()]);
      put(body, settingsForm(settings, Boolean(subscription)));
    } catch (err) {
      put(body, h('p', { class: 'muted' }, err.status === 0 ? t('reminders.offline') : t('reminders.couldNotLoad', { message: errorMessage(err) })));
    }
  })();
  return card;
}

function settingsForm(settings, subscribedHere) {
  const on = h('input', { type: 'checkbox', class: 'checkbox', 'data-testid': 'reminders-on' });
  on.checked = Boolean(settings.enabled && subscribedHere);
  const from = h('input', { type: 'time', class: 'input', 'data-testid': 'quiet-from', value: settings.quietFrom || '' });
  const to = h('input', { type: 'time', class: 'input', 'data-testid': 'quiet-to', value: settings.quietTo || '' });
  const status = h('p', { class: 'small', role: 'status', 'data-testid': 'reminders-status' });
  const save = h('button', { type: 'submit', class: 'btn btn--secondary btn--block', 'data-testid': 'reminders-save' }, t('reminders.save'));
  const describe = (s) => (s.enabled ? t('reminders.onDevices', { count: s.devices }) : t('reminders.off'));
  put(status, describe(settings));

  const submit = async (event) => {
    event.preventDefault();
    const quiet = from.value || to.value;
    if (quiet && (!from.value || !to.value || from.value === to.value)) {
      put(clear(status), h('span', { class: 'error' }, t('reminders.quietBoth')));
      (from.value ? to : from).focus();
      return;
    }
    save.disabled = true;
    try {
      if (on.checked) await turnOn();
      else await unsubscribeThisDevice();
      const answer = await request('PUT', '/api/push/settings', {
        enabled: on.checked,
        quietFrom: quiet ? from.value : null,
        quietTo: quiet ? to.value : null,
        timeZone: timeZone(),
        language: language(), // the notification's words
      });
      put(clear(status), describe(answer.settings));
    } catch (err) {
      const message = err.shown ? err.message : err.status === 0 ? t('reminders.offline') : t('reminders.notSaved', { message: errorMessage(err) });
      on.checked = false;
      put(clear(status), h('span', { class: 'error' }, message));
    } finally {
      save.disabled = false;
    }
  };
  return h(
    'form',
    { class: 'form', onsubmit: submit, novalidate: true },
    h('label', { class: 'check' }, on, t('reminders.on')),
    h('fieldset', { class: 'reminders__quiet' }, h('legend', { class: 'field__label' }, t('reminders.quiet')), field(t('reminders.quietFrom'), from), field(t('reminders.quietTo'), to), h('p', { class: 'field__hint' }, t('reminders.quietHint', { zone: timeZone() }))),
    save,
    status,
  );
}
