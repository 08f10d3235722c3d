// This device's Web Push subscription (docs/decisions.md §92): subscribe with the server's
// VAPID key and send the subscription; unsubscribe here and on the server. Signing out
// unsubscribes too, so a shared device never shows the previous person's reminders.

import { request } from './api.js';

/** This device's subscription, or null (also while no service worker is installed yet). */
export async function deviceSubscription() {
  if (!('serviceWorker' in navigator)) return null;
  const registration = await navigator.serviceWorker.getRegistration();
  return registration && registration.pushManager ? registration.pushManager.getSubscription() : null;
}

/** The applicationServerKey: base64url text to bytes. */
function keyBytes(text) {
  const base64 = (text + '='.repeat((4 - (text.length % 4)) % 4)).replace(/-/g, '+').replace(/_/g, '/');
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

/** Subscribe with `registration` (an active worker's) and tell the server this device is mine. */
export async function subscribeThisDevice(registration) {
  const { publicKey } = await request('GET', '/api/push/key');
  const subscription =
    (await registration.pushManager.getSubscription()) ||
    (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) }));
  await request('POST', '/api/push/subscriptions', subscription.toJSON());
}

/** Unsubscribe this device, on the server (a 404: already gone) and in the browser. */
export async function unsubscribeThisDevice() {
  const subscription = await deviceSubscription();
  if (!subscription) return;
  try {
    await request('DELETE', '/api/push/subscriptions', { endpoint: subscription.endpoint });
  } catch (err) {
    if (err.status !== 404) throw err;
  }
  await subscription.unsubscribe();
}

/** At sign-out: stop this device's reminders, best effort (offline, the browser's unsubscribe
 * makes the push service answer 410 later, and the server then deletes the subscription). */
export async function forgetThisDevice() {
  try {
    await unsubscribeThisDevice();
  } catch {
    const subscription = await deviceSubscription().catch(() => null);
    if (subscription) await subscription.unsubscribe().catch(() => {});
  }
}
