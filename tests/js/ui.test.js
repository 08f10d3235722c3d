// How times read on cards: today, yesterday, this year, another year.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { formatWhen, pendingText } from '../../pwa/js/ui/format.js';
import en from '../../pwa/js/i18n/en.js';
import enScreens from '../../pwa/js/i18n/en-screens.js';
import fr from '../../pwa/js/i18n/fr.js';
import frScreens from '../../pwa/js/i18n/fr-screens.js';
import { t } from '../../pwa/js/i18n/i18n.js';
import { useCatalog } from '../../pwa/js/i18n/i18n.js';

useCatalog('en', en, enScreens); // the app loads its catalog at boot, the screens' part with a view

test('a time reads as today, yesterday, or a day with the year only when it is another year', () => {
  const now = new Date();
  const at = (days, hours = 9) => { const d = new Date(now); d.setDate(d.getDate() - days); d.setHours(hours, 5, 0, 0); return d.toISOString(); };
  assert.match(formatWhen(at(0)), /^Today \d{2}:05/);
  assert.match(formatWhen(at(1)), /^Yesterday \d{2}:05/);
  const lastYear = new Date(now.getFullYear() - 1, 2, 14, 9, 5).toISOString();
  assert.match(formatWhen(lastYear), new RegExp(`${now.getFullYear() - 1}`));
  assert.equal(formatWhen(null), '');
  assert.equal(formatWhen('not a date'), '');
});

// A time inside a sentence ("Last sync today 09:05") is lowercase; alone on a card it is
// capitalised. Every {when} of the catalogs sits mid-sentence.
const atDaysAgo = (days) => { const d = new Date(); d.setDate(d.getDate() - days); d.setHours(9, 5, 0, 0); return d.toISOString(); };

test('inside a sentence, today and yesterday read lowercase in English', () => {
  assert.match(formatWhen(atDaysAgo(0), { inline: true }), /^today 09:05\b/);
  assert.match(formatWhen(atDaysAgo(1), { inline: true }), /^yesterday 09:05\b/);
  assert.match(t('header.lastSync', { when: formatWhen(atDaysAgo(0), { inline: true }) }), /^Last sync today 09:05\b/);
  const lastYear = new Date(new Date().getFullYear() - 1, 2, 14, 9, 5).toISOString();
  assert.equal(formatWhen(lastYear, { inline: true }), formatWhen(lastYear)); // a date reads the same
  assert.equal(formatWhen(null, { inline: true }), '');
  assert.match(formatWhen(atDaysAgo(0)), /^Today 09:05\b/); // alone, still capitalised
});

test('inside a sentence, aujourd’hui and hier read lowercase in French', () => {
  useCatalog('fr', fr, frScreens);
  try {
    assert.match(formatWhen(atDaysAgo(0), { inline: true }), /^aujourd’hui 09:05$/);
    assert.match(formatWhen(atDaysAgo(1), { inline: true }), /^hier 09:05$/);
    assert.match(formatWhen(atDaysAgo(0)), /^Aujourd’hui 09:05$/);
    assert.equal(t('header.lastSync', { when: formatWhen(atDaysAgo(0), { inline: true }) }), 'Synchro aujourd’hui 09:05');
    assert.equal(t('account.added', { when: formatWhen(atDaysAgo(1), { inline: true }), how: 'avec un lien d’invitation' }), 'Ajoutée hier 09:05 avec un lien d’invitation');
  } finally {
    useCatalog('en', en, enScreens);
  }
});

test('the pending count says what waits', () => {
  assert.equal(pendingText(0), 'All changes synced');
  assert.equal(pendingText(3), '3 waiting to sync');
});
