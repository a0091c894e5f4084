// Calls to a staff API, each with the signed-in staff member's token (`Authorization: Bearer`).
// Every failure becomes an error whose message is a Spanish sentence ready to show; a 401 also
// sends the page back to its sign-in prompt. Each page names its errors and its messages.

/** An API's refusal: `status`, the server's `code`, every `problems` of a form, its `field`. */
export function staffApiErrorClass(name) {
  return class extends Error {
    constructor(message, status, { code, problems = [], field } = {}) {
      super(message);
      this.name = name;
      this.status = status;
      this.code = code;
      this.problems = problems;
      this.field = field;
    }
  };
}

const technicalProblem = 'Tuvimos un problema técnico. Intente de nuevo en unos segundos.';

/**
 * A client: `useStaffSession(session)` with the session of staff-sign-in.js (`token()`,
 * `signedOut(message)`), then `request(method, path, body)`, which resolves with the JSON reply.
 */
export function staffApiClient({ ErrorClass, messagesByStatus, offlineMessage }) {
  let staffSession;

  async function bearerToken() {
    let token;
    try {
      token = await staffSession?.token();
    } catch (error) {
      staffSession?.signedOut(error.message);
      throw new ErrorClass(error.message, 401);
    }
    if (!token) {
      staffSession?.signedOut(messagesByStatus[401]);
      throw new ErrorClass(messagesByStatus[401], 401);
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
      throw new ErrorClass(offlineMessage, 0);
    }
    const payload = await response.json().catch(() => undefined);
    if (!response.ok) {
      const error = payload?.error;
      const message =
        typeof error?.message === 'string'
          ? error.message
          : (messagesByStatus[response.status] ?? technicalProblem);
      if (response.status === 401) staffSession?.signedOut(message);
      throw new ErrorClass(message, response.status, {
        code: typeof error?.code === 'string' ? error.code : undefined,
        problems: Array.isArray(error?.problems)
          ? error.problems.filter((problem) => typeof problem === 'string')
          : [],
        field: typeof error?.field === 'string' ? error.field : undefined,
      });
    }
    return payload;
  }

  return {
    useStaffSession(session) {
      staffSession = session;
    },
    request,
  };
}
