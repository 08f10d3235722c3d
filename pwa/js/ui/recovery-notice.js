// The recovery notice (docs/decisions.md §22). When a recovery link was used on
// this account, /api/me carries that recovery ({id, at, nickname, issuedBy}).
// Each device shows it until the person acknowledges it there, and remembers the
// acknowledged id in its own storage: every device tells its owner once.

import { t } from '../i18n/i18n.js';
import { h } from './dom.js';
import { formatWhen } from './format.js';
import { getDeviceValue, setDeviceValue } from '../data/store.js';

const seenKey = (personId) => `recoveryNoticeSeen:${personId}`;
const hereKey = (personId) => `recoveredHere:${personId}`;

/** Read which recovery this device already showed to the session's person. */
export async function loadRecoverySeen(session) {
  session.recoverySeen = (await getDeviceValue(seenKey(session.personId)).catch(() => null)) ?? null;
  session.recoveredHere = (await getDeviceValue(hereKey(session.personId)).catch(() => null)) ?? null;
}

/** This device made the recovery itself: its notice says so instead of raising an alarm. */
export async function markRecoveredHere(session) {
  const recovery = session.profile && session.profile.recovery;
  if (!recovery) return;
  session.recoveredHere = recovery.id;
  await setDeviceValue(hereKey(session.personId), recovery.id).catch(() => {});
}

/** The banner for an unacknowledged recovery, or null. `rerender` redraws the banners. */
export function recoveryBanner(session, rerender) {
  const recovery = session.profile && session.profile.recovery;
  if (!recovery || session.recoverySeen === undefined || session.recoverySeen === recovery.id) return null;
  const by = recovery.issuedBy ? recovery.issuedBy.name : t('recovery.operator');
  const passkey = recovery.nickname ? ` “${recovery.nickname}”` : '';
  const acknowledge = async () => {
    session.recoverySeen = recovery.id;
    await setDeviceValue(seenKey(session.personId), recovery.id).catch(() => {});
    rerender();
  };
  return h(
    'div',
    { class: 'banner banner--warn notice', role: 'alert', 'data-testid': 'recovery-notice' },
    h(
      'p',
      { class: 'notice__text' },
      session.recoveredHere === recovery.id
        ? t('recovery.here', { when: formatWhen(recovery.at, { inline: true }), by, passkey })
        : t('recovery.elsewhere', { when: formatWhen(recovery.at, { inline: true }), by, passkey }),
    ),
    h('a', { href: '/account', 'data-link': true, class: 'banner__action' }, t('recovery.see')),
    h('button', { type: 'button', class: 'banner__action', onclick: acknowledge }, t('recovery.ok')),
  );
}
