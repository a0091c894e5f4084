// Calls to the live panel's API (/api/live/…), each with the signed-in staff member's token
// (`Authorization: Bearer`). Every failure becomes a PanelApiError whose message is a Spanish
// sentence ready to show to staff; a 401 also sends the page back to its sign-in prompt.

export class PanelApiError extends Error {
  /** `problems`: every Spanish problem of a form; `field`: the form field the error is about. */
  constructor(message, status, { problems = [], field } = {}) {
    super(message);
    this.name = 'PanelApiError';
    this.status = status;
    this.problems = problems;
    this.field = field;
  }
}

const messagesByStatus = {
  400: 'La solicitud no es válida.',
  401: 'Su sesión terminó. Inicie sesión de nuevo.',
  403: 'Su cuenta no tiene el rol necesario para esta acción.',
  404: 'No encontramos lo que buscaba. Puede haber cambiado; actualice el panel.',
  409: 'No se pudo hacer el cambio porque la sesión cambió. Revise el panel e intente de nuevo.',
  413: 'La solicitud es demasiado grande.',
  415: 'La solicitud no es válida.',
};

/** The staff session of staff-sign-in.js: `token()` and `signedOut(message)`. */
let staffSession;

export function useStaffSession(session) {
  staffSession = session;
}

async function bearerToken() {
  let token;
  try {
    token = await staffSession?.token();
  } catch (error) {
    staffSession?.signedOut(error.message);
    throw new PanelApiError(error.message, 401);
  }
  if (!token) {
    staffSession?.signedOut(messagesByStatus[401]);
    throw new PanelApiError(messagesByStatus[401], 401);
  }
  return token;
}

async function request(method, path, body) {
  const token = await bearerToken();
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: {
        accept: 'application/json',
        authorization: `Bearer ${token}`,
        ...(method === 'POST' ? { 'content-type': 'application/json' } : {}),
      },
      body: method === 'POST' ? JSON.stringify(body ?? {}) : undefined,
      cache: 'no-store',
    });
  } catch {
    throw new PanelApiError(
      'No pudimos conectarnos con el servidor. Revise su conexión; el panel lo intentará de nuevo.',
      0,
    );
  }
  const payload = await response.json().catch(() => undefined);
  if (!response.ok) {
    const message =
      typeof payload?.error?.message === 'string'
        ? payload.error.message
        : (messagesByStatus[response.status] ??
          'Tuvimos un problema técnico. Intente de nuevo en unos segundos.');
    const problems = Array.isArray(payload?.error?.problems)
      ? payload.error.problems.filter((problem) => typeof problem === 'string')
      : [];
    const field = typeof payload?.error?.field === 'string' ? payload.error.field : undefined;
    if (response.status === 401) staffSession?.signedOut(message);
    throw new PanelApiError(message, response.status, { problems, field });
  }
  return payload;
}

const segment = (id) => encodeURIComponent(id);

export const panelApi = {
  spaces: () => request('GET', '/api/live/spaces'),
  formOptions: () => request('GET', '/api/live/space-form-options'),
  schedule: (details) => request('POST', '/api/live/spaces', details),
  saveDetails: (spaceId, details) =>
    request('POST', `/api/live/spaces/${segment(spaceId)}/details`, details),
  questions: (spaceId) => request('GET', `/api/live/spaces/${segment(spaceId)}/questions`),
  answeredLive: (questionId) =>
    request('POST', `/api/live/questions/${segment(questionId)}/answered-live`),
  split: (questionId) => request('POST', `/api/live/questions/${segment(questionId)}/split`),
  merge: (targetQuestionId, questionIds) =>
    request('POST', '/api/live/groups/merge', { targetQuestionId, questionIds }),
  close: (spaceId) => request('POST', `/api/live/spaces/${segment(spaceId)}/close`),
};
