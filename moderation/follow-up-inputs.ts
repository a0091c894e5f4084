import { z } from 'zod';

import { errorCodes, RequestRefusal } from '../kernel/errors';
import { deliveryChannels, deliveryKinds } from '../models/deliveries';
import { defaultPageSize, maxPageSize } from './moderation-inputs';
import { invalidInput } from './moderation-refusals';

/**
 * The input of the follow-up of deliveries (the lists of problems and their retries), checked
 * with zod before anything is read or written, every problem reported at once in Spanish.
 */

const notices = deliveryKinds.filter((kind) => kind !== 'answer').join('|');
/** "<questionId>#<channel>" (the answer) or "<questionId>#<kind>#<channel>" (a notice). */
const deliveryIdPattern = new RegExp(
  `^[0-9a-f]{24}(#(${notices}))?#(${deliveryChannels.join('|')})$`,
);

export function deliveryIdOf(value: unknown): string {
  if (typeof value !== 'string' || !deliveryIdPattern.test(value)) {
    throw new RequestRefusal(
      errorCodes.invalidId,
      'El identificador del envío no es válido: use el "id" que da la lista de envíos.',
    );
  }
  return value;
}

const single = (name: string) =>
  z.string({ error: `El parámetro "${name}" debe aparecer una sola vez.` });

const cursorProblem =
  'El parámetro "cursor" no es válido: use el "nextCursor" de la página anterior.';
const limitProblem = `El parámetro "limit" debe ser un número entre 1 y ${maxPageSize}.`;

const page = {
  cursor: single('cursor').max(300, cursorProblem).optional(),
  limit: single('limit')
    .regex(/^\d{1,3}$/, limitProblem)
    .transform(Number)
    .pipe(z.number().min(1, limitProblem).max(maxPageSize, limitProblem))
    .optional(),
};

function statusList<S extends string>(allowed: readonly [S, ...S[]]) {
  return single('status')
    .transform((value) =>
      value
        .split(',')
        .map((status) => status.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z.enum(allowed, {
          error: `El parámetro "status" admite, separados por comas: ${allowed.join(', ')}.`,
        }),
      ),
    )
    .optional();
}

export const deliveryProblemStatuses = ['failed', 'unreachable'] as const;
export type DeliveryProblemStatus = (typeof deliveryProblemStatuses)[number];

/** Where a page ends: the time of its last line and that line's id. */
export interface FollowUpCursor {
  at: number;
  id: string;
}

export function encodeFollowUpCursor(cursor: FollowUpCursor): string {
  return Buffer.from(JSON.stringify([cursor.at, cursor.id])).toString('base64url');
}

function decodeFollowUpCursor(text: string, idPattern: RegExp): FollowUpCursor | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown;
    if (!Array.isArray(parsed) || parsed.length !== 2) return undefined;
    const [at, id] = parsed as unknown[];
    if (typeof at !== 'number' || !Number.isFinite(at)) return undefined;
    if (typeof id !== 'string' || !idPattern.test(id)) return undefined;
    return { at, id };
  } catch {
    return undefined;
  }
}

function problemsOf(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const names = issue.keys.map((key) => `"${key}"`).join(', ');
      return issue.keys.length === 1
        ? `El parámetro ${names} no se admite aquí.`
        : `Los parámetros ${names} no se admiten aquí.`;
    }
    return issue.message;
  });
}

export interface FollowUpPageRequest<S extends string> {
  statuses: S[];
  after: FollowUpCursor | undefined;
  limit: number;
}

function pageRequestOf<S extends string>(
  query: unknown,
  allowed: readonly [S, ...S[]],
  idPattern: RegExp,
): FollowUpPageRequest<S> {
  const parsed = z
    .object({ status: statusList(allowed), ...page })
    .strict()
    .safeParse(query ?? {});
  if (!parsed.success) throw invalidInput(problemsOf(parsed.error));
  const { status, cursor, limit } = parsed.data;
  const after = cursor === undefined ? undefined : decodeFollowUpCursor(cursor, idPattern);
  if (cursor !== undefined && !after) throw invalidInput([cursorProblem]);
  return {
    statuses: status && status.length > 0 ? status : [...allowed],
    after,
    limit: limit ?? defaultPageSize,
  };
}

/** `GET /api/moderation/deliveries?status=failed,unreachable&cursor=&limit=`. */
export function deliveryProblemQueryOf(query: unknown) {
  return pageRequestOf(query, deliveryProblemStatuses, deliveryIdPattern);
}

/** `GET /api/moderation/facebook-replies?status=failed&cursor=&limit=` (failed is the one status). */
export function failedReplyQueryOf(query: unknown) {
  return pageRequestOf(query, ['failed'] as const, /^[0-9a-f]{24}$/);
}

/** A retry names the state the moderator saw: `version`, as every moderation action does. */
const retryBody = z
  .object({
    version: z
      .number({
        error: 'El campo "version" debe ser la versión del envío que usted vio en la lista.',
      })
      .int('El campo "version" debe ser un número entero.')
      .min(0, 'El campo "version" no puede ser negativo.'),
  })
  .strict();

export function retryBodyOf(body: unknown): { version: number } {
  const parsed = retryBody.safeParse(body);
  if (!parsed.success) {
    throw invalidInput(
      parsed.error.issues.map((issue) => {
        if (issue.code === 'unrecognized_keys')
          return `El campo ${issue.keys.map((key) => `"${key}"`).join(', ')} no se admite aquí.`;
        if (issue.path.length === 0) return 'El cuerpo de la solicitud debe ser un objeto JSON.';
        if ((body as Record<string, unknown>).version === undefined)
          return 'Falta el campo "version".';
        return issue.message;
      }),
    );
  }
  return parsed.data;
}
