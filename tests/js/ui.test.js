// How times read on cards: today, yesterday, this year, another year.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { formatWhen, pendingText } from '../../pwa/js/ui/format.js';
import en from '../../pwa/js/i18n/en.js';
import enScreens from '../../pwa/js/i18n/en-screens.js';
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

test('the pending count says what waits', () => {
  assert.equal(pendingText(0), 'All changes synced');
  assert.equal(pendingText(3), '3 waiting to sync');
});
