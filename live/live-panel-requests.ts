import { Types } from 'mongoose';

import type { SpaceDocument } from '../models/space';

/** The live panel's requests as the HTTP edge hands them over, and their validation. */

export interface LivePanelRequest {
  /** Route parameters: `spaceId` or `questionId`. */
  params: Record<string, string | undefined>;
  contentType?: string | undefined;
  body?: Buffer | undefined;
}

export interface JsonResponse {
  status: number;
  body: unknown;
}

const objectIdPattern = /^[0-9a-f]{24}$/i;

/** What an error may add for the form: every problem, or the field it is about. */
export interface PanelErrorDetails {
  problems?: string[];
  field?: string;
}

/** An expected failure, answered with its status and a Spanish sentence staff can read. */
export class PanelError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: PanelErrorDetails = {},
  ) {
    super(message);
    this.name = 'PanelError';
  }

  response(): JsonResponse {
    return {
      status: this.status,
      body: { error: { code: this.code, message: this.message, ...this.details } },
    };
  }
}

export function objectIdOf(value: unknown, what: string): Types.ObjectId {
  if (typeof value !== 'string' || !objectIdPattern.test(value)) {
    throw new PanelError(
      400,
      'invalid-id',
      `${what} no es válido: debe tener 24 caracteres hexadecimales (0-9, a-f).`,
    );
  }
  return new Types.ObjectId(value);
}

/** Every action is a JSON POST: a plain cross-site form cannot send one without CORS consent. */
export function jsonBodyOf(request: LivePanelRequest): Record<string, unknown> {
  if (!/^application\/json\s*(;|$)/i.test(request.contentType ?? '')) {
    throw new PanelError(
      415,
      'unsupported-media-type',
      'Envíe la solicitud como JSON (Content-Type: application/json).',
    );
  }
  const text = request.body?.toString('utf8').trim() ?? '';
  if (text === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new PanelError(400, 'invalid-body', 'El cuerpo de la solicitud no es JSON válido.');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new PanelError(400, 'invalid-body', 'El cuerpo de la solicitud debe ser un objeto JSON.');
  }
  return parsed as Record<string, unknown>;
}

export function requireOpen(space: SpaceDocument): void {
  if (space.state === 'closed') {
    throw new PanelError(
      409,
      'space-closed',
      'La sesión ya está cerrada: sus preguntas no se pueden cambiar desde el panel.',
    );
  }
  if (space.state === 'scheduled') {
    throw new PanelError(409, 'space-not-open', 'La sesión todavía no ha empezado.');
  }
}
