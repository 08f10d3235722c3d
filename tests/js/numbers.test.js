// What a coach types as a target or an actual is read as she meant it, in either language.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { LARGEST, numberForEditing, readNumber } from '../../pwa/js/domain/numbers.js';

test('a decimal comma and a decimal point both read as decimals', () => {
  assert.deepEqual(readNumber('1,8'), { value: 1.8 });
  assert.deepEqual(readNumber('1.8'), { value: 1.8 });
  assert.deepEqual(readNumber(' 20 '), { value: 20 });
  assert.deepEqual(readNumber('-3,25'), { value: -3.25 });
  assert.deepEqual(readNumber(',5'), { value: 0.5 });
  assert.deepEqual(readNumber('0,125'), { value: 0.125 });
});

test('an empty field is no number, not zero', () => {
  assert.deepEqual(readNumber(''), { value: null });
  assert.deepEqual(readNumber('   '), { value: null });
});

test('spaces group thousands, as French writes them', () => {
  assert.deepEqual(readNumber('1 250 000'), { value: 1250000 });
  assert.deepEqual(readNumber('1\u202f250,5'), { value: 1250.5 });
});

test('a number that reads two ways is asked again rather than guessed', () => {
  assert.deepEqual(readNumber('1,250'), { error: 'ambiguous' });
  assert.deepEqual(readNumber('1.250'), { error: 'ambiguous' });
  assert.deepEqual(readNumber('1,250.5'), { error: 'notANumber' });
  assert.deepEqual(readNumber('1.250,5'), { error: 'notANumber' });
});

test('words, exponents and huge numbers are refused, not dropped', () => {
  for (const text of ['abc', '1e3', '1e999', '--1', '1,2,3', '.', '12a']) {
    assert.deepEqual(readNumber(text), { error: 'notANumber' }, text);
  }
  assert.deepEqual(readNumber(String(LARGEST * 10)), { error: 'tooLarge' });
  assert.deepEqual(readNumber('9'.repeat(400)), { error: 'tooLarge' });
  assert.deepEqual(readNumber(String(LARGEST)), { value: LARGEST });
});

test('a number is shown for editing with the language’s separator', () => {
  assert.equal(numberForEditing(2.5, ','), '2,5');
  assert.equal(numberForEditing(2.5), '2.5');
  assert.equal(numberForEditing(null, ','), '');
});
