import { errorCodes, RequestRefusal } from '../kernel/errors';

/**
 * The refusals of the moderation API, each a short Spanish sentence for the moderator. The codes
 * come from the catalogue (kernel/errors.ts); the edge turns them into HTTP statuses.
 */

/**
 * A request that the question's present state does not allow (closed, already extended, out of
 * the legal window): `action-not-allowed` (409), which a client tells apart from a stale version.
 */
export function notAllowed(message: string): RequestRefusal {
  return new RequestRefusal(errorCodes.actionNotAllowed, message);
}

/** The client acted on a version of the question that is no longer the current one. */
export function staleVersion(seen: number, current: number): RequestRefusal {
  return new RequestRefusal(
    errorCodes.changedMeanwhile,
    `La pregunta cambió desde que la abrió (usted vio la versión ${seen}; ahora es la ${current}). Vuelva a cargarla y repita la acción si aún hace falta.`,
  );
}

export function questionNotFound(): RequestRefusal {
  return new RequestRefusal(errorCodes.notFound, 'No encontramos esa pregunta.');
}

export function invalidInput(problems: string[]): RequestRefusal {
  return new RequestRefusal(
    errorCodes.invalidBody,
    problems.length === 1 ? (problems[0] ?? '') : `La solicitud tiene ${problems.length} errores.`,
    { problems },
  );
}

/** Two-step approval: the person who wrote the draft may not be the one who approves it. */
export function drafterCannotApprove(): RequestRefusal {
  return new RequestRefusal(
    errorCodes.forbidden,
    'Usted redactó este borrador: otra persona del equipo de moderación debe aprobarlo.',
  );
}

export function questionClosed(): RequestRefusal {
  return notAllowed('La pregunta ya está cerrada: no admite este cambio.');
}
