import type { Types } from 'mongoose';
import { z } from 'zod';

import { errorCodes, RequestRefusal } from '../kernel/errors';
import { petitionKinds } from '../legal-terms/legal-terms';
import { parseObjectId } from '../models/object-id';
import { questionStatuses } from '../models/question';
import { invalidInput } from './moderation-refusals';
import { decodeCursor, type QueueFilters } from './queue-query';

/**
 * The moderation API's input, checked with zod before anything is read or written. Every problem
 * is reported at once, each as a Spanish sentence naming the field; fields not listed are refused
 * (a client sending `status` or `dueAt` in a body learns they cannot be set).
 */

export const maxPageSize = 100;
export const defaultPageSize = 50;
const maxDuplicates = 50;

const hex24 = /^[0-9a-f]{24}$/i;

export function questionIdOf(value: unknown): Types.ObjectId {
  const id = parseObjectId(value);
  if (!id) {
    throw new RequestRefusal(
      errorCodes.invalidId,
      'El identificador de la pregunta no es válido: debe tener 24 caracteres hexadecimales (0-9, a-f).',
    );
  }
  return id;
}

const version = z
  .number({
    error: 'El campo "version" debe ser el número de versión de la pregunta que usted vio.',
  })
  .int('El campo "version" debe ser un número entero.')
  .min(1, 'El campo "version" empieza en 1.');

function text(field: string, min: number, max: number) {
  return z
    .string({ error: `El campo "${field}" debe ser un texto.` })
    .trim()
    .min(
      min,
      min === 1
        ? `El campo "${field}" no puede estar vacío.`
        : `El campo "${field}" debe tener al menos ${min} caracteres.`,
    )
    .max(max, `El campo "${field}" admite hasta ${max} caracteres.`);
}

const staffRef = z
  .object(
    {
      subject: text('assignee.subject', 1, 200),
      name: z
        .string({ error: 'El campo "assignee.name" debe ser un texto.' })
        .trim()
        .max(200, 'El campo "assignee.name" admite hasta 200 caracteres.')
        .default(''),
    },
    { error: 'El campo "assignee" debe ser un objeto { "subject", "name" } o null.' },
  )
  .strict();

const versionOnly = z.object({ version }).strict();

export const actionBodies = {
  assign: z
    .object({
      version,
      area: text('area', 1, 120).nullable().optional(),
      assignee: staffRef.nullable().optional(),
    })
    .strict()
    .refine((body) => body.area !== undefined || body.assignee !== undefined, {
      error: 'Indique "area", "assignee" o los dos (null para quitarlos).',
    }),
  reclassify: z
    .object({
      version,
      petitionKind: z.enum(petitionKinds, {
        error: `El campo "petitionKind" debe ser uno de: ${petitionKinds.join(', ')}.`,
      }),
    })
    .strict(),
  extend: z
    .object({
      version,
      reason: text('reason', 10, 2000),
      businessDays: z
        .number({ error: 'El campo "businessDays" debe ser un número de días hábiles.' })
        .int('El campo "businessDays" debe ser un número entero.')
        .min(1, 'El campo "businessDays" debe ser al menos 1.')
        .max(30, 'El campo "businessDays" no puede pasar de 30 (el doble del plazo más largo).')
        .optional(),
    })
    .strict(),
  group: z
    .object({
      version,
      duplicates: z
        .array(
          z
            .object({
              id: z
                .string({ error: 'Cada duplicado necesita su "id".' })
                .regex(hex24, 'El "id" de un duplicado debe tener 24 caracteres hexadecimales.'),
              version,
            })
            .strict(),
          { error: 'El campo "duplicates" debe ser una lista de { "id", "version" }.' },
        )
        .min(1, 'El campo "duplicates" debe tener al menos una pregunta.')
        .max(
          maxDuplicates,
          `El campo "duplicates" admite hasta ${maxDuplicates} preguntas a la vez.`,
        ),
    })
    .strict(),
  ungroup: versionOnly,
  forward: z
    .object({ version, authority: text('authority', 2, 200), reason: text('reason', 10, 2000) })
    .strict(),
  reject: z.object({ version, reason: text('reason', 5, 2000) }).strict(),
  withdraw: versionOnly,
  answer: z.object({ version, text: text('text', 1, 5000) }).strict(),
  suggest: versionOnly,
  approve: versionOnly,
} as const;

export type ModerationAction = keyof typeof actionBodies;
export type ActionBody<A extends ModerationAction> = z.output<(typeof actionBodies)[A]>;

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function problemsOf(error: z.ZodError, input: unknown, noun: 'campo' | 'parámetro'): string[] {
  return error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const names = issue.keys.map((key) => `"${key}"`).join(', ');
      return issue.keys.length === 1
        ? `El ${noun} ${names} no se admite aquí.`
        : `Los ${noun}s ${names} no se admiten aquí.`;
    }
    if (issue.path.length === 0 && issue.code === 'invalid_type')
      return 'El cuerpo de la solicitud debe ser un objeto JSON.';
    if (issue.code === 'invalid_type' && valueAt(input, issue.path) === undefined)
      return `Falta el ${noun} "${issue.path.join('.')}".`;
    return issue.message;
  });
}

export function actionBodyOf<A extends ModerationAction>(action: A, body: unknown): ActionBody<A> {
  const parsed = actionBodies[action].safeParse(body);
  if (!parsed.success) throw invalidInput(problemsOf(parsed.error, body, 'campo'));
  return parsed.data as ActionBody<A>;
}

const single = (name: string) =>
  z.string({ error: `El parámetro "${name}" debe aparecer una sola vez.` });

const queueQuery = z
  .object({
    status: single('status')
      .transform((value) =>
        value
          .split(',')
          .map((status) => status.trim())
          .filter(Boolean),
      )
      .pipe(
        z.array(
          z.enum(questionStatuses, {
            error: `El parámetro "status" admite, separados por comas: ${questionStatuses.join(', ')}.`,
          }),
        ),
      )
      .optional(),
    spaceId: single('spaceId')
      .regex(hex24, 'El parámetro "spaceId" debe tener 24 caracteres hexadecimales.')
      .optional(),
    area: single('area')
      .trim()
      .min(1, 'El parámetro "area" no puede estar vacío.')
      .max(120, 'El parámetro "area" admite hasta 120 caracteres.')
      .optional(),
    channel: single('channel')
      .trim()
      .min(1, 'El parámetro "channel" no puede estar vacío.')
      .max(40, 'El parámetro "channel" admite hasta 40 caracteres.')
      .optional(),
    overdue: z
      .enum(['true', 'false'], { error: 'El parámetro "overdue" debe ser true o false.' })
      .optional(),
    dueWithin: single('dueWithin')
      .regex(
        /^\d{1,2}$/,
        'El parámetro "dueWithin" debe ser un número de días hábiles entre 0 y 60.',
      )
      .transform(Number)
      .pipe(
        z
          .number()
          .max(60, 'El parámetro "dueWithin" debe ser un número de días hábiles entre 0 y 60.'),
      )
      .optional(),
    q: single('q').trim().max(200, 'El parámetro "q" admite hasta 200 caracteres.').optional(),
    cursor: single('cursor')
      .max(200, 'El parámetro "cursor" no es válido: use el "nextCursor" de la página anterior.')
      .optional(),
    limit: single('limit')
      .regex(/^\d{1,3}$/, `El parámetro "limit" debe ser un número entre 1 y ${maxPageSize}.`)
      .transform(Number)
      .pipe(
        z
          .number()
          .min(1, `El parámetro "limit" debe ser un número entre 1 y ${maxPageSize}.`)
          .max(maxPageSize, `El parámetro "limit" debe ser un número entre 1 y ${maxPageSize}.`),
      )
      .optional(),
  })
  .strict();

/** The queue's query string (`request.query`, parsed by restify) as filters. */
export function queueFiltersOf(query: unknown): QueueFilters {
  const parsed = queueQuery.safeParse(query ?? {});
  if (!parsed.success) throw invalidInput(problemsOf(parsed.error, query, 'parámetro'));
  const { status, spaceId, area, channel, overdue, dueWithin, q, cursor, limit } = parsed.data;
  const after = cursor === undefined ? undefined : decodeCursor(cursor);
  if (cursor !== undefined && !after)
    throw invalidInput([
      'El parámetro "cursor" no es válido: use el "nextCursor" de la página anterior.',
    ]);
  return {
    statuses: status,
    spaceId: spaceId?.toLowerCase(),
    area,
    channel,
    overdue: overdue === 'true',
    dueWithin,
    search: q === '' ? undefined : q,
    after,
    limit: limit ?? defaultPageSize,
  };
}
