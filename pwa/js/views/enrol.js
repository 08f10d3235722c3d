// Enrolment from an invite (/invite/<token>), the first-run setup link
// (/setup/<token>) or an admin's recovery link (/recovery/<token>): show who the
// link is for, create a passkey, land on Home.

import { api } from '../data/api.js';
import { passkeysSupported, registerPasskey, describePasskeyError } from '../data/auth.js';
import { h } from '../ui/dom.js';
import { field } from '../ui/form.js';
import { markRecoveredHere } from '../ui/recovery-notice.js';
import { errorMessage } from '../domain/error-messages.js';
import { LIMITS } from '../contract.js';

// A manager can re-invite someone who never made a passkey; only an admin can recover an account.
const ASK_FOR_NEW = 'Ask your manager for a new invite link or, if you already had a passkey, an admin for a recovery link.';

const INTRO = {
  setup: 'You are setting up Gembakit as its first administrator.',
  invite: 'You have been invited to Gembakit, the coaching notebook for the gemba.',
  recovery:
    'This recovery link, from your admin, adds a passkey for you on this device. Using it signs you out on every other device, and each of them tells you so at its next sign-in.',
};

export async function render(ctx, { token }) {
  let invite;
  try {
    invite = await api.get(`/api/invites/${encodeURIComponent(token)}`);
  } catch (err) {
    return problem(err);
  }

  const nickname = h('input', { type: 'text', class: 'input', maxlength: LIMITS.passkeyNickname, autocomplete: 'off', placeholder: defaultNickname() });
  const error = h('p', { class: 'error is-hidden', role: 'alert' });
  const button = h('button', { type: 'button', class: 'btn btn--primary btn--huge', 'data-testid': 'create-passkey' }, 'Create passkey');
  if (!passkeysSupported()) {
    button.disabled = true;
    error.textContent = 'This browser cannot create passkeys. Open the link in an up-to-date browser.';
    error.classList.remove('is-hidden');
  }
  button.addEventListener('click', async () => {
    error.classList.add('is-hidden');
    button.disabled = true;
    try {
      const user = await registerPasskey({ invite: token, nickname: nickname.value || defaultNickname() });
      await ctx.startSession(user);
      if (invite.kind === 'recovery') await markRecoveredHere(ctx.session);
      await ctx.navigate('/', { replace: true });
      ctx.toast(invite.kind === 'recovery' ? `Welcome back, ${user.name}. Your new passkey is ready; your other devices were signed out.` : `Welcome, ${user.name}. Your passkey is ready.`);
    } catch (err) {
      const gone = err.status === 404 || err.status === 410;
      error.textContent = gone ? `This link can no longer be used. ${ASK_FOR_NEW}` : describePasskeyError(err);
      error.classList.remove('is-hidden');
      button.disabled = false;
    }
  });

  return h(
    'section',
    { class: 'screen screen--center' },
    h('img', { src: '/icons/icon-192.png', alt: '', class: 'logo', width: 96, height: 96 }),
    h('h1', { class: 'screen__title', 'data-testid': 'invitee' }, invite.kind === 'recovery' ? `Welcome back, ${invite.name}` : `Welcome, ${invite.name}`),
    h('p', {}, INTRO[invite.kind] || INTRO.invite),
    h('p', { class: 'muted' }, 'A passkey lets you sign in with this device’s fingerprint, face or screen lock. No password.'),
    field('Name this device (optional)', nickname, 'Helps you recognise it later in your passkey list.'),
    button,
    error,
  );
}

function problem(err) {
  let message;
  if (err.status === 0) message = 'You are offline. Connect to the network, then open the link again.';
  else if (err.status === 410) message = `This link cannot be used any more: it was already used or has expired. ${ASK_FOR_NEW}`;
  else if (err.status === 404) message = `This link is not valid. Check that you opened the whole link. ${ASK_FOR_NEW}`;
  else message = `This link could not be checked (${errorMessage(err)}). ${ASK_FOR_NEW}`;
  return h(
    'section',
    { class: 'screen screen--center' },
    h('h1', { class: 'screen__title' }, 'Invite link'),
    h('p', { class: 'error', role: 'alert', 'data-testid': 'invite-error' }, message),
    h('a', { href: '/signin', 'data-link': true, class: 'btn btn--secondary btn--block' }, 'I already have a passkey'),
  );
}

function deviceKind() {
  const ua = navigator.userAgent;
  if (/iPhone/.test(ua)) return 'iPhone';
  if (/iPad/.test(ua)) return 'iPad';
  if (/Android/.test(ua)) return /Mobile/.test(ua) ? 'Android phone' : 'Android tablet';
  if (/Mac/.test(ua)) return 'Mac';
  if (/Windows/.test(ua)) return 'Windows PC';
  return 'This device';
}

/** The device and the day: two phones of one kind, enrolled on different days, read apart. */
export function defaultNickname() {
  const day = new Date().toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
  return `${deviceKind()}, ${day}`;
}
