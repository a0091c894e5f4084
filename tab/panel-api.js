// Calls to the live panel's API (/api/live/…), each with the signed-in staff member's token
// (`Authorization: Bearer`). Every failure becomes a PanelApiError whose message is a Spanish
// sentence ready to show to staff; a 401 also sends the page back to its sign-in prompt.

import { staffApiClient, staffApiErrorClass } from './staff-api.js';

export const PanelApiError = staffApiErrorClass('PanelApiError');

const client = staffApiClient({
  ErrorClass: PanelApiError,
  messagesByStatus: {
    400: 'La solicitud no es válida.',
    401: 'Su sesión terminó. Inicie sesión de nuevo.',
    403: 'Su cuenta no tiene el rol necesario para esta acción.',
    404: 'No encontramos lo que buscaba. Puede haber cambiado; actualice el panel.',
    409: 'No se pudo hacer el cambio porque la sesión cambió. Revise el panel e intente de nuevo.',
    413: 'La solicitud es demasiado grande.',
    415: 'La solicitud no es válida.',
  },
  offlineMessage:
    'No pudimos conectarnos con el servidor. Revise su conexión; el panel lo intentará de nuevo.',
});

/** The staff session of staff-sign-in.js: `token()` and `signedOut(message)`. */
export const useStaffSession = client.useStaffSession;
const request = client.request;

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
