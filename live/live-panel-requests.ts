import type { Types } from 'mongoose';

import { errorCodes, RequestRefusal } from '../kernel/errors';
import type { StaffRef } from '../kernel/staff-identity';
import { parseObjectId } from '../models/object-id';
import type { SpaceDocument } from '../models/space';

/** The live panel's requests as the HTTP edge hands them over, and their validation. */

export interface LivePanelRequest {
  /** Route parameters: `spaceId` or `questionId`. */
  params: Record<string, string | undefined>;
  contentType?: string | undefined;
  body?: Buffer | undefined;
  /** The signed-in staff member who acts (the edge checked the token and the role). */
  staff: StaffRef;
}

export interface JsonResponse {
  status: number;
  body: unknown;
}

export function objectIdOf(value: unknown, what: string): Types.ObjectId {
  const id = parseObjectId(value);
  if (!id) {
    throw new RequestRefusal(
      errorCodes.invalidId,
      `${what} no es válido: debe tener 24 caracteres hexadecimales (0-9, a-f).`,
    );
  }
  return id;
}

/** Every action is a JSON POST: a plain cross-site form cannot send one without CORS consent. */
export function jsonBodyOf(request: LivePanelRequest): Record<string, unknown> {
  if (!/^application\/json\s*(;|$)/i.test(request.contentType ?? '')) {
    throw new RequestRefusal(
      errorCodes.unsupportedMediaType,
      'Envíe la solicitud como JSON (Content-Type: application/json).',
    );
  }
  const text = request.body?.toString('utf8').trim() ?? '';
  if (text === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new RequestRefusal(
      errorCodes.invalidBody,
      'El cuerpo de la solicitud no es JSON válido.',
    );
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new RequestRefusal(
      errorCodes.invalidBody,
      'El cuerpo de la solicitud debe ser un objeto JSON.',
    );
  }
  return parsed as Record<string, unknown>;
}

export function requireOpen(space: SpaceDocument): void {
  if (space.state === 'closed') {
    throw new RequestRefusal(
      errorCodes.spaceClosed,
      'La sesión ya está cerrada: sus preguntas no se pueden cambiar desde el panel.',
    );
  }
  if (space.state === 'scheduled') {
    throw new RequestRefusal(errorCodes.spaceNotOpen, 'La sesión todavía no ha empezado.');
  }
}
