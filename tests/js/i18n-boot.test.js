// At boot the first screen's module can ask for the screens' words (i18n/screens.js) while the
// language's own catalog is still loading: a French visitor must get both, in French, whichever
// import arrives first (no raw keys like "account.title" on the screen). Its own file: node
// runs each test file in a fresh process, so the catalog starts unloaded as in a browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { t, loadLanguage, loadScreens } from '../../pwa/js/i18n/i18n.js';

test('a view asking for the screens words while the language loads keeps both, in that language', async () => {
  await Promise.all([loadLanguage('fr'), loadScreens()]);
  assert.equal(t('account.title'), 'Votre compte'); // a screens word
  assert.match(t('when.today', { time: '08:00' }), /^Aujourd’hui 08:00$/); // a first-screen word
});
