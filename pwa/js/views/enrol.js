// Enrolment from an invite (/invite/<token>), the first-run setup link
// (/setup/<token>) or an admin's recovery link (/recovery/<token>): show who the
// link is for, create a passkey, land on Home.

import '../i18n/screens.js';
import { t, formatDate } from '../i18n/i18n.js';
import { api } from '../data/api.js';
import { passkeysSupported, registerPasskey, describePasskeyError } from '../data/auth.js';
import { h } from '../ui/dom.js';
import { field } from '../ui/form.js';
import { markRecoveredHere } from '../ui/recovery-notice.js';
import { errorMessage } from '../domain/error-messages.js';
import { LIMITS } from '../contract.js';
import { getCurrentPersonId, getKnownPerson } from '../data/store.js';

// A manager can re-invite someone who never made a passkey; only an admin can recover an account.
const askForNew = () => t('enrol.askForNew');

const INTRO = Object.defineProperties({}, Object.fromEntries(['setup', 'invite', 'recovery'].map((kind) => [kind, { enumerable: true, get: () => t(`enrol.intro.${kind}`) }])));

export async function render(ctx, { token }) {
  let invite;
  try {
    invite = await api.get(`/api/invites/${encodeURIComponent(token)}`);
  } catch (err) {
    return problem(err);
  }

  // The first admin was made by `flask setup` as "Admin": she gives her own name here.
  const yourName = invite.kind === 'setup' ? h('input', { type: 'text', class: 'input', maxlength: LIMITS.personName, autocomplete: 'name', 'data-testid': 'your-name' }) : null;
  if (yourName) yourName.value = invite.name;
  const nickname = h('input', { type: 'text', class: 'input', maxlength: LIMITS.passkeyNickname, autocomplete: 'off', placeholder: defaultNickname() });
  const error = h('p', { class: 'error is-hidden', role: 'alert' });
  const button = h('button', { type: 'button', class: 'btn btn--primary btn--huge', 'data-testid': 'create-passkey' }, t('enrol.create'));
  if (!passkeysSupported()) {
    button.disabled = true;
    error.textContent = t('enrol.noPasskeys');
    error.classList.remove('is-hidden');
  }
  button.addEventListener('click', async () => {
    error.classList.add('is-hidden');
    button.disabled = true;
    try {
      const made = await registerPasskey({ invite: token, nickname: nickname.value || defaultNickname() });
      // Named before the session starts: its first profile and sync already read the new name.
      const named = yourName ? await giveName(made, yourName.value.trim()) : { user: made };
      const user = named.user;
      await ctx.startSession(user);
      if (invite.kind === 'recovery') await markRecoveredHere(ctx.session);
      await ctx.navigate('/', { replace: true });
      if (named.problem) ctx.toast(named.problem, { timeout: 8000 });
      else ctx.toast(invite.kind === 'recovery' ? t('enrol.readyBack', { name: user.name }) : t('enrol.ready', { name: user.name }));
    } catch (err) {
      const gone = err.status === 404 || err.status === 410;
      error.textContent = gone ? t('enrol.gone', { ask: askForNew() }) : describePasskeyError(err);
      error.classList.remove('is-hidden');
      button.disabled = false;
    }
  });

  // Someone else is signed in on this device: the new passkey signs them out here. Said
  // before, with what happens to what they have waiting (kept, sent at their next sign-in).
  const current = await signedInHere();
  const someoneElse = current && current.name !== invite.name ? h('p', { class: 'banner banner--warn', 'data-testid': 'invite-signed-in' }, t('enrol.someoneSignedIn', { name: current.name, invitee: invite.name })) : null;
  return h(
    'section',
    { class: 'screen screen--center' },
    someoneElse,
    h('img', { src: '/icons/icon-192.png', alt: '', class: 'logo', width: 96, height: 96 }),
    h('h1', { class: 'screen__title', 'data-testid': 'invitee' }, invite.kind === 'recovery' ? t('enrol.welcomeBack', { name: invite.name }) : t('enrol.welcome', { name: invite.name })),
    h('p', {}, INTRO[invite.kind] || INTRO.invite),
    h('p', { class: 'muted' }, t('enrol.what')),
    yourName ? field(t('enrol.yourName'), yourName, t('enrol.yourNameHint')) : null,
    field(t('enrol.nickname'), nickname, t('enrol.nicknameHint')),
    button,
    error,
  );
}

/**
 * The name she typed at setup, once her passkey made her server session (renaming needs one).
 * A name that cannot be saved (taken, the network gone) keeps "Admin" and says where to change
 * it: {user, problem?}.
 */
async function giveName(user, name) {
  if (!name || name === user.name) return { user };
  try {
    const answer = await api.patch('/api/me', { name });
    return { user: { ...user, name: answer.user.name } };
  } catch (err) {
    return { user, problem: t('enrol.nameNotSaved', { message: errorMessage(err) }) };
  }
}

/** Who is signed in on this device ({id, name}), or null: a link opens without their session. */
async function signedInHere() {
  try {
    const id = await getCurrentPersonId();
    return id ? await getKnownPerson(id) : null;
  } catch {
    return null; // storage refused: nobody known here
  }
}

function problem(err) {
  let message;
  if (err.status === 0) message = t('enrol.offline');
  else if (err.status === 410) message = t('enrol.used', { ask: askForNew() });
  else if (err.status === 404) message = t('enrol.invalid', { ask: askForNew() });
  else message = t('enrol.unchecked', { message: errorMessage(err), ask: askForNew() });
  return h(
    'section',
    { class: 'screen screen--center' },
    h('h1', { class: 'screen__title' }, t('account.inviteLink')),
    h('p', { class: 'error', role: 'alert', 'data-testid': 'invite-error' }, message),
    h('a', { href: '/signin', 'data-link': true, class: 'btn btn--secondary btn--block' }, t('enrol.haveOne')),
  );
}

function deviceKind() {
  const ua = navigator.userAgent;
  if (/iPhone/.test(ua)) return 'iPhone';
  if (/iPad/.test(ua)) return 'iPad';
  if (/Android/.test(ua)) return /Mobile/.test(ua) ? t('enrol.androidPhone') : t('enrol.androidTablet');
  if (/Mac/.test(ua)) return 'Mac';
  if (/Windows/.test(ua)) return t('enrol.windows');
  return t('enrol.thisDevice');
}

/** The device and the day: two phones of one kind, enrolled on different days, read apart. */
export function defaultNickname() {
  const day = formatDate(new Date(), { day: 'numeric', month: 'short', year: 'numeric' });
  return `${deviceKind()}, ${day}`;
}
