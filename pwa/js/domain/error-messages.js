// The server's error codes (ERROR_CODES in contract.js) worded for the person using the app:
// one table, one line each. A test (tests/js/error-messages.test.js) fails when the server
// adds a code this table does not word.

import { ERROR_CODES } from '../contract.js';

export const MESSAGES = {
  account_disabled: 'This account is switched off. Ask your admin.',
  attachment_too_large: 'This photo is too large to send.',
  bad_hash: 'A photo could not be sent: it was damaged on this device. Take it again.',
  bad_origin: 'This request did not come from the Gembakit app. Reload the page.',
  bad_parent: 'A site goes at the top, a line in a site, a cell in a line.',
  bad_range: 'The end date is before the start date.',
  bad_request: 'The server could not read this request. Reload the app and try again.',
  challenge_expired: 'Signing in took too long. Start again.',
  challenge_missing: 'This sign-in attempt is no longer valid. Start again.',
  client_of_another_person: 'This device’s waiting changes belong to someone else. Sign in as that person to send them.',
  conflict: 'Someone changed this at the same time. Reload and try again.',
  content_mismatch: 'This file is not a photo the app can send.',
  empty_attachment: 'This photo is empty.',
  error: 'The server refused this. Try again.',
  forbidden: 'You may not do this.',
  gone: 'This is no longer here.',
  hash_mismatch: 'A photo arrived damaged. It will be sent again.',
  id_taken: 'This was already saved once.',
  integrity_error: 'This refers to something that no longer exists.',
  internal_error: 'Something went wrong on the server; nothing was saved. Try again.',
  invalid_json: 'The server could not read this request. Reload the app and try again.',
  invalid_text: 'This address holds characters that are not text.',
  invite_unknown: 'This invite link is not valid. Ask your manager for a new invite link.',
  invite_used: 'This invite link was already used or has expired. Ask your manager for a new invite link.',
  last_admin: 'This is the last admin: make someone else an admin first.',
  last_credential: 'This is your only passkey. Add another one before removing it.',
  method_not_allowed: 'The server does not take this request. Reload the app.',
  mutation_gap: 'Some earlier changes are missing on the server; they are sent again.',
  mutations_out_of_order: 'Changes arrived out of order; they are sent again.',
  name_taken: 'Someone else already goes by this name.',
  not_done: 'You can offer to help others once the challenge is done.',
  not_found: 'There is nothing here that you may see.',
  observation_about_someone_else: 'A linked observation is about someone else.',
  own_chain: 'This would put you in the person’s reporting chain; another admin must do it.',
  passkey_exists: 'This passkey is already registered.',
  passkey_invalid: 'This passkey could not be checked. Try again.',
  passkey_unknown: 'This passkey is not registered here.',
  payload_too_large: 'Too much to send at once; it is sent in smaller parts.',
  person_inactive: 'This person is switched off.',
  query_too_short: 'Describe what the learner is stuck on, in a few words of three letters or more.',
  rate_limited: 'Too many tries. Wait a minute and try again.',
  reporting_cycle: 'Someone cannot report to themselves or to one of their own reports.',
  schema_not_ready: 'The server is being upgraded. Try again later.',
  server_error: 'The server could not apply this change; it keeps it for review.',
  too_many_mutations: 'Too many changes at once; they are sent in smaller parts.',
  unauthenticated: 'Sign in with your passkey to continue.',
  unavailable: 'The server is busy; nothing was saved. Try again shortly.',
  unknown_area: 'That area does not exist.',
  unknown_challenge: 'The challenge does not exist, or you may not see it.',
  unknown_goal: 'The learning goal does not exist, is about someone else, or you may not see it.',
  unknown_helper: 'This helper cannot be asked now.',
  unknown_manager: 'That manager does not exist.',
  unknown_mutation: 'This version of the app sent a change the server does not know. Reload the app.',
  unknown_observation: 'A linked observation does not exist, or you may not see it.',
  unknown_participant: 'This person is not taking part in the workshop, or cannot now.',
  unknown_photo: 'A photo on this note has not reached the server.',
  unknown_workshop: 'This workshop does not exist, or only its facilitator may add to it.',
  unsupported_media_type: 'The server could not read this request. Reload the app and try again.',
  validation_error: 'Some fields are missing or not valid.',
};

/**
 * The words to show for an error (an ApiError, a refused change's `error`, or a code and the
 * server's message). The server's own message wins when it says more than its code's default
 * (a field's limit, a date's problem); otherwise the table's words; an unknown code keeps
 * the server's message.
 */
export function errorMessage(code, serverMessage = null) {
  if (code && typeof code === 'object') return errorMessage(code.code, code.message);
  const known = ERROR_CODES[code];
  if (serverMessage && (!known || serverMessage !== known.message)) return serverMessage;
  return MESSAGES[code] || serverMessage || 'The server refused this.';
}
