// Fetch wrapper for the Gembakit JSON API.
// Every call is same-origin JSON; failures become ApiError so callers can
// branch on `status` (0 = the network itself failed) and the server's `code`.

export class ApiError extends Error {
  constructor(status, code, message, details = null, retryAfter = null) {
    super(message || code || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.retryAfter = retryAfter; // seconds, from the Retry-After header
  }

  get isNetwork() {
    return this.status === 0;
  }
}

function parseRetryAfter(value) {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, (date - Date.now()) / 1000);
}

/** `contentType` sends `body` as it is (a Blob for a photo); otherwise it goes as JSON. */
export async function request(method, path, body, { signal, contentType = null } = {}) {
  const init = {
    method,
    credentials: 'same-origin',
    headers: { Accept: 'application/json' },
    cache: 'no-store',
    signal,
  };
  if (body !== undefined) {
    init.headers['Content-Type'] = contentType || 'application/json';
    init.body = contentType ? body : JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (err) {
    if (err && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network', 'No connection to the server.');
  }
  let payload = null;
  const text = await response.text().catch(() => '');
  if (text) {
    try {
      payload = JSON.parse(text);
    } catch {
      payload = null;
    }
  }
  if (!response.ok) {
    const error = (payload && payload.error) || {};
    const failure = new ApiError(
      response.status,
      error.code || `http_${response.status}`,
      error.message || `The server answered ${response.status}.`,
      error.details ?? null,
      parseRetryAfter(response.headers.get('Retry-After')),
    );
    // The server's own words, or null: then domain/error-messages.js words it from the status.
    failure.serverMessage = error.message || null;
    throw failure;
  }
  return payload;
}

export const api = {
  get: (path, opts) => request('GET', path, undefined, opts),
  post: (path, body = {}, opts) => request('POST', path, body, opts),
  patch: (path, body = {}, opts) => request('PATCH', path, body, opts),
  // DELETE carries an empty JSON body: the server wants JSON on every state change.
  delete: (path, opts) => request('DELETE', path, {}, opts),
  /** PUT raw bytes (a photo) with their own content type. */
  putBlob: (path, blob, contentType, opts) => request('PUT', path, blob, { ...opts, contentType: contentType || blob.type }),
};
