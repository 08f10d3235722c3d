// The server's error codes (ERROR_CODES in contract.js) worded for the person using the app,
// in the chosen language: the words are the catalogs' `error.<code>` keys (i18n/en.js, fr.js).
// A test (tests/js/error-messages.test.js) fails when the server adds a code they do not word.

import '../i18n/screens.js';
import { ERROR_CODES } from '../contract.js';
import { t } from '../i18n/i18n.js';

/** The words of every code the server answers with, in the current language (read when shown). */
export const MESSAGES = Object.defineProperties({}, Object.fromEntries(Object.keys(ERROR_CODES).map((code) => [code, { enumerable: true, get: () => t(`error.${code}`) }])));

/**
 * The words to show for an error (an ApiError, a refused change's `error`, or a code and the
 * server's message). The server's own message wins when it says more than its code's default
 * (a field's limit, a date's problem); otherwise the table's words; an unknown code keeps
 * the server's message.
 */
export function errorMessage(code, serverMessage = null) {
  if (code && typeof code === 'object') {
    // An answer with neither a message nor a code we know (a proxy's bare 404, say): its
    // status, in the person's language.
    if (code.serverMessage === null && !(code.code in ERROR_CODES) && code.status) return t('error.http', { status: code.status });
    return errorMessage(code.code, code.serverMessage === undefined ? code.message : code.serverMessage);
  }
  const known = ERROR_CODES[code];
  if (serverMessage && (!known || serverMessage !== known.message)) return serverMessage;
  return (code in ERROR_CODES ? MESSAGES[code] : null) || serverMessage || t('error.refused');
}
