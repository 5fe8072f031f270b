/* The one API client of the field app: JSON in and out, the bearer token or the page's CSRF token,
 * JSON errors as ApiError, when the server last answered, and the back-off between retries. */

export class ApiError extends Error {
  constructor(status, error) {
    super((error && error.message) || `HTTP ${status}`);
    this.status = status;  // 0: no network
    this.code = (error && error.code) || (status ? 'http' : 'offline');
    this.fields = (error && error.fields) || {};
  }
}

let answeredAt = 0;

/* When the server itself last answered this page without failing (any status under 500, not a saved copy). */
export const lastAnswerAt = () => answeredAt;

/* Send a request; resolve with { status, body } on 2xx, reject with an ApiError otherwise.
 * auth: { token } for the outbox (bearer) or { csrf } for a call with the page's session. */
export async function request(path, { method = 'GET', body, auth = {} } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) { headers['Content-Type'] = 'application/json'; }
  if (auth.token) { headers.Authorization = `Bearer ${auth.token}`; }
  if (auth.csrf) { headers['X-CSRFToken'] = auth.csrf; }
  let response;
  try {
    response = await fetch(path, {
      method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body)
    });
  } catch (offline) {
    throw new ApiError(0, null);
  }
  const offlineCopy = response.headers.get('X-Offline-Copy') === '1';
  if (response.status < 500 && !offlineCopy) { answeredAt = Date.now(); }
  const type = response.headers.get('Content-Type') || '';
  const answer = type.includes('json') ? await response.json().catch(() => null) : null;
  if (!response.ok) { throw new ApiError(response.status, answer && answer.error); }
  return { status: response.status, body: answer, offlineCopy };
}

/* Whether a failure will not get better by sending the same thing again. */
export function isRefusal(error) {
  return [400, 403, 404, 409, 413, 422].includes(error.status);
}

/* Growing, jittered delays in seconds: 5, 10, 20 ... up to `max`; reset() after a success. */
export function backoff(max = 300) {
  let delay = 0;
  return {
    next() {
      delay = Math.min(delay ? delay * 2 : 5, max);
      return Math.round(delay * (0.75 + Math.random() / 2));
    },
    reset() { delay = 0; }
  };
}
