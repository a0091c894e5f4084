// Calls to the moderators' API (/api/moderation/…), each with the signed-in staff member's token
// (`Authorization: Bearer`). Every failure becomes a ModerationApiError whose message is a Spanish
// sentence ready to show; a 401 also sends the page back to its sign-in prompt.

import { staffApiClient, staffApiErrorClass } from './staff-api.js';

/** `code`: the server's error code (`changed-meanwhile`, `action-not-allowed`…). */
export const ModerationApiError = staffApiErrorClass('ModerationApiError');

const client = staffApiClient({
  ErrorClass: ModerationApiError,
  messagesByStatus: {
    400: 'La solicitud no es válida.',
    401: 'Su sesión terminó. Inicie sesión de nuevo.',
    403: 'Su cuenta no tiene el rol de moderación que pide esta página.',
    404: 'No encontramos esa pregunta. Puede haber cambiado; actualice la lista.',
    409: 'La pregunta cambió mientras la tenía abierta. La volvimos a cargar: revise y repita la acción.',
    413: 'La solicitud es demasiado grande.',
  },
  offlineMessage: 'No pudimos conectarnos con el servidor. Revise su conexión e intente de nuevo.',
});

/** The staff session of staff-sign-in.js: `token()` and `signedOut(message)`. */
export const useStaffSession = client.useStaffSession;
const request = client.request;

const questionPath = (id) => `/api/moderation/questions/${encodeURIComponent(id)}`;

/** The queue's filters as the API's query string; empty filters are left out. */
function queueQuery(filters, cursor) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) {
    if (value !== undefined && value !== '' && value !== false) query.set(name, String(value));
  }
  if (cursor) query.set('cursor', cursor);
  const text = query.toString();
  return text ? `?${text}` : '';
}

export const moderationApi = {
  /** `{ items, nextCursor, counts }`. */
  queue: (filters, cursor) =>
    request('GET', `/api/moderation/questions${queueQuery(filters, cursor)}`),
  /** `{ question, group, space, history, deliveries }`. */
  question: (id) => request('GET', questionPath(id)),
  /** One action (`answer`, `approve`, `assign`…) with its body, which carries the `version` read. */
  act: (id, action, body) => request('POST', `${questionPath(id)}/${action}`, body),
  /** `{ spaces }`: the spaces the queue's questions were asked in, for its filter. */
  spaces: () => request('GET', '/api/moderation/spaces'),
  /** `{ items, nextCursor }`: deliveries the deliverer gave up or could not deliver. */
  deliveryProblems: (cursor) =>
    request('GET', `/api/moderation/deliveries${queueQuery({}, cursor)}`),
  /** Puts a delivery back in the deliverer's work list; `version` is the one the list showed. */
  retryDelivery: (id, version) =>
    request('POST', `/api/moderation/deliveries/${encodeURIComponent(id)}/retry`, { version }),
  /** `{ items, nextCursor }`: Facebook Live private replies that failed. */
  failedReplies: (cursor) =>
    request('GET', `/api/moderation/facebook-replies${queueQuery({}, cursor)}`),
  /** Hands a failed private reply back to the Facebook worker, which checks before it sends. */
  retryReply: (id, version) =>
    request('POST', `/api/moderation/facebook-replies/${encodeURIComponent(id)}/retry`, {
      version,
    }),
};
