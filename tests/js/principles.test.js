// The principles library on the device (issue 13.6): the name check said before publishing is
// the server's (server/coaching/principles.py `naming`), and the library is searched offline
// without regard to case or accents.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { naming, nameParts, searchPrinciples, countsOf, fold } from '../../pwa/js/domain/principles.js';

test('a principle that names the learner is found out, whole words only, any case, any accents', () => {
  assert.deepEqual(naming({ workedCase: 'Zoe fixed the jig' }, 'Zoé Martin'), { field: 'workedCase', name: 'Zoé' });
  assert.deepEqual(naming({ title: 'Ask MARTIN', workedCase: 'x' }, 'Zoé Martin'), { field: 'title', name: 'Martin' });
  assert.equal(naming({ principle: 'Martinez did it' }, 'Zoé Martin'), null);
  assert.equal(naming({ workedCase: 'The sleeve was worn' }, 'Lee'), null);
  assert.deepEqual(naming({ principle: 'Li said' }, 'Li'), { field: 'principle', name: 'Li' });
  assert.equal(naming({ principle: 'a little light' }, 'Li Wu'), null, 'short parts are not looked for alone');
  assert.deepEqual(nameParts('Anne-Marie Lee'), ['Anne-Marie Lee', 'Anne', 'Marie', 'Lee']);
  // A word of the name counts as a name is written, capitalised; the whole name in any case.
  assert.equal(naming({ title: 'Stop the line' }, 'Lee Line'), null);
  assert.deepEqual(naming({ title: 'Ask Line first' }, 'Lee Line'), { field: 'title', name: 'Line' });
  assert.deepEqual(naming({ title: 'ask lee line' }, 'Lee Line'), { field: 'title', name: 'Lee Line' });
});

test('the library is searched offline: every word, any case, any accents, by title', () => {
  const library = [
    { id: 'b', title: 'Stop at the first defect', principle: 'A defect found late hides its cause' },
    { id: 'a', title: 'Arrêter au premier défaut', principle: 'Un défaut trouvé tard cache sa cause', workedCase: 'Une presse' },
    { id: 'c', title: 'Pull, do not push', principle: 'Make only what the next step takes' },
  ];
  assert.deepEqual(searchPrinciples(library, 'DEFAUT').map((p) => p.id), ['a']);
  assert.deepEqual(searchPrinciples(library, 'defect cause').map((p) => p.id), ['b']);
  assert.deepEqual(searchPrinciples(library, 'presse arreter').map((p) => p.id), ['a']);
  assert.deepEqual(searchPrinciples(library, '').map((p) => p.id), ['a', 'c', 'b']);
  assert.equal(fold('Écarté'), 'ecarte');
});

test('counts are read from the last answer the device kept', () => {
  const kept = { principles: [{ id: 'a', taught: 2, outcomes: null }], outcomesFrom: 3 };
  assert.deepEqual(countsOf(kept, 'a'), { id: 'a', taught: 2, outcomes: null });
  assert.equal(countsOf(kept, 'z'), null);
  assert.equal(countsOf(null, 'a'), null);
});

test('the library says how the challenges ended in words that agree with the numbers, in French too', async () => {
  const { countsText } = await import('../../pwa/js/views/principles.js');
  const { useCatalog } = await import('../../pwa/js/i18n/i18n.js');
  const catalog = async (code) => [(await import(`../../pwa/js/i18n/${code}.js`)).default, (await import(`../../pwa/js/i18n/${code}-screens.js`)).default];
  const count = { taught: 4, outcomes: { reached: 2, missed: 1, open: 1, notMeasured: 1 } };
  useCatalog('fr', ...(await catalog('fr')));
  // It read "2 cible atteinte, 1 manquée" and "1 terminés sans résultat mesuré".
  assert.equal(countsText(count, 3), 'Enseigné 4 fois · défis — cible atteinte : 2, manquée : 1, en cours : 1, sans résultat mesuré : 1');
  useCatalog('en', ...(await catalog('en')));
  assert.equal(countsText(count, 3), 'Taught 4 times · challenges: 2 reached the target, 1 missed, 1 open, 1 done without a measured result');
});
