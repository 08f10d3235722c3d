// Numbers typed into a target, a baseline or an actual. A text field (inputmode=decimal), not
// <input type=number>: Chromium's number field follows the browser's locale, not the app's,
// and turned a French "1,8" typed on an English phone into 18 without a word. Here a comma and
// a point are both a decimal separator, spaces group thousands, and anything that could be read
// two ways ("1,250": one and a quarter, or twelve hundred and fifty?) is asked again.

/** The largest magnitude a measure may have: more is a typo, and breaks every screen. */
export const LARGEST = 1e12;

/**
 * `text` as a number: {value} (null for an empty field), or {error}: 'notANumber',
 * 'ambiguous' (one separator followed by exactly three digits, as in "1,250" or "1.250"),
 * or 'tooLarge' (beyond ±LARGEST). Pure (tests/js/numbers.test.js).
 */
export function readNumber(text) {
  const compact = String(text ?? '').replace(/[\s\u00a0\u202f']/g, '');
  if (compact === '') return { value: null };
  const match = /^([+\-\u2212]?)(\d*)(?:([.,])(\d*))?$/.exec(compact);
  if (!match || (match[2] === '' && !match[4])) return { error: 'notANumber' };
  const [, sign, whole, separator, fraction = ''] = match;
  if (separator && fraction.length === 3 && whole !== '' && whole !== '0' && !/\s/.test(String(text).trim())) {
    return { error: 'ambiguous' };
  }
  const value = Number(`${sign === '' || sign === '+' ? '' : '-'}${whole || '0'}.${fraction || '0'}`);
  if (!Number.isFinite(value) || Math.abs(value) > LARGEST) return { error: 'tooLarge' };
  return { value: Object.is(value, -0) ? 0 : value };
}

/** A number as the field shows it for editing: the language's decimal separator, no grouping. */
export function numberForEditing(value, decimalSeparator = '.') {
  if (value === null || value === undefined || value === '') return '';
  return String(value).replace('.', decimalSeparator);
}
