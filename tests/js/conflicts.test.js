// A record changed on two devices at once: what waits for review, and how its values read.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { displayValue, isText, openConflicts, recordTitle } from '../../pwa/js/domain/conflicts.js';
import en from '../../pwa/js/i18n/en.js';
import enScreens from '../../pwa/js/i18n/en-screens.js';
import { useCatalog } from '../../pwa/js/i18n/i18n.js';

useCatalog('en', en, enScreens); // the app loads its catalog at boot, the screens' part with a view

const revision = (fields) => ({ version: 1, at: '2026-11-30T09:00:00Z', ...fields });

test('the conflicts since the last review wait; those settled before do not', () => {
  const revisions = [
    revision({ conflicts: { note: 'Settled long ago' } }),
    revision({ changes: { flagged: false } }), // resolved: what came before is settled
    revision({ conflicts: { note: 'Written on the tablet' } }),
    revision({ conflicts: { note: 'Written on the tablet', kind: 'safety' } }),
  ];
  const { fields, deletion } = openConflicts(revisions);
  assert.deepEqual([...fields.keys()].sort(), ['kind', 'note']);
  assert.deepEqual(fields.get('note').map((o) => o.value), ['Written on the tablet']); // the same value once
  assert.equal(deletion, null);
});

test('a stale delete waits for review as a deletion', () => {
  const stale = revision({ op: 'delete', conflicts: { deleted: true } });
  assert.equal(openConflicts([stale]).deletion, stale);
});

test('values read as words: kinds, people, empty fields; only text can be combined by hand', () => {
  const profile = { user: { id: 'maya', name: 'Maya' }, people: [{ id: 'lee', name: 'Lee' }] };
  assert.equal(displayValue('kind', 'skill_gap'), 'Skill gap');
  assert.equal(displayValue('personId', 'lee', profile), 'Lee');
  assert.equal(displayValue('note', ''), '(empty)');
  assert.equal(isText('note', 'a', 'b'), true);
  assert.equal(isText('kind', 'safety', 'idea'), false);
  assert.equal(recordTitle('goal', { action: 'Stop at the first defect' }), 'Stop at the first defect');
});
