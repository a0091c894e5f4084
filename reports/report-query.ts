import type { Types } from 'mongoose';
import { z } from 'zod';

import { errorCodes, RequestRefusal } from '../kernel/errors';
import { parseObjectId } from '../models/object-id';
import { spaceTypes } from '../models/space-kinds';
import type { ReportFilters } from './report-types';

/**
 * The reports' query strings, checked with zod before anything is read: every problem at once,
 * each a Spanish sentence naming the parameter; a parameter not listed is refused, as is one given
 * twice. Refusals are `invalid-body` (400) with `problems`, as the moderators' queue answers its
 * query string, and `invalid-id` for a malformed space id.
 */

export const reportFormats = ['json', 'csv', 'xlsx'] as const;
export type ReportFormat = (typeof reportFormats)[number];

export const firstReportYear = 2000;
export const lastReportYear = 2100;

const once = (name: string) =>
  z.string({ error: `El parámetro "${name}" debe aparecer una sola vez.` });

function isCalendarDate(value: string): boolean {
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

const dateOf = (name: string) =>
  once(name)
    .regex(/^\d{4}-\d{2}-\d{2}$/, `El parámetro "${name}" debe ser una fecha AAAA-MM-DD.`)
    .refine(isCalendarDate, `El parámetro "${name}" no es una fecha que exista.`)
    .refine(
      (value) =>
        Number(value.slice(0, 4)) >= firstReportYear && Number(value.slice(0, 4)) <= lastReportYear,
      `El parámetro "${name}" debe estar entre los años ${firstReportYear} y ${lastReportYear}.`,
    );

const placeOf = (name: string) =>
  once(name)
    .trim()
    .min(1, `El parámetro "${name}" no puede estar vacío.`)
    .max(120, `El parámetro "${name}" admite hasta 120 caracteres.`);

const parameters = {
  type: once('type')
    .pipe(
      z.enum(spaceTypes, {
        error: `El parámetro "type" admite: ${spaceTypes.join(', ')}.`,
      }),
    )
    .optional(),
  department: placeOf('department').optional(),
  municipality: placeOf('municipality').optional(),
  channel: once('channel')
    .regex(
      /^[a-z0-9-]{1,40}$/,
      'El parámetro "channel" debe ser el identificador de un canal (por ejemplo msteams, facebook o webchat).',
    )
    .optional(),
  format: once('format')
    .pipe(z.enum(reportFormats, { error: 'El parámetro "format" admite: json, csv o xlsx.' }))
    .optional(),
};

const spacesQuery = z
  .object({ from: dateOf('from').optional(), to: dateOf('to').optional(), ...parameters })
  .strict()
  .refine((query) => !query.from || !query.to || query.from <= query.to, {
    error: 'La fecha "from" debe ser anterior o igual a la fecha "to".',
  });

const yearQuery = z.object(parameters).strict();

const singleSpaceQuery = z
  .object({ channel: parameters.channel, format: parameters.format })
  .strict();

function invalidQuery(problems: string[]): RequestRefusal {
  return new RequestRefusal(
    errorCodes.invalidBody,
    problems.length === 1 ? (problems[0] ?? '') : `La consulta tiene ${problems.length} errores.`,
    { problems },
  );
}

function problemsOf(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    if (issue.code !== 'unrecognized_keys') return issue.message;
    const names = issue.keys.map((key) => `"${key}"`).join(', ');
    return issue.keys.length === 1
      ? `El parámetro ${names} no se admite aquí.`
      : `Los parámetros ${names} no se admiten aquí.`;
  });
}

function parsed<T>(schema: z.ZodType<T>, query: unknown): T {
  const result = schema.safeParse(query ?? {});
  if (!result.success) throw invalidQuery(problemsOf(result.error));
  return result.data;
}

export interface ReportRequest<F> {
  filters: F;
  format: ReportFormat;
}

/** `GET /api/reports/spaces?from=&to=&type=&department=&municipality=&channel=&format=` */
export function spacesRequestOf(query: unknown): ReportRequest<ReportFilters> {
  const { from, to, type, department, municipality, channel, format } = parsed(spacesQuery, query);
  return {
    filters: {
      from: from ?? null,
      to: to ?? null,
      type: type ?? null,
      department: department ?? null,
      municipality: municipality ?? null,
      channel: channel ?? null,
    },
    format: format ?? 'json',
  };
}

/** `GET /api/reports/years/{year}?type=&department=&municipality=&channel=&format=` */
export function yearRequestOf(
  year: unknown,
  query: unknown,
): ReportRequest<Omit<ReportFilters, 'from' | 'to'>> & { year: number } {
  const number = typeof year === 'string' && /^\d{4}$/.test(year) ? Number(year) : Number.NaN;
  const problems =
    number >= firstReportYear && number <= lastReportYear
      ? []
      : [
          `El año debe ser un número de cuatro cifras entre ${firstReportYear} y ${lastReportYear}.`,
        ];
  const result = yearQuery.safeParse(query ?? {});
  if (!result.success) problems.push(...problemsOf(result.error));
  if (problems.length > 0 || !result.success) throw invalidQuery(problems);
  const { type, department, municipality, channel, format } = result.data;
  return {
    year: number,
    filters: {
      type: type ?? null,
      department: department ?? null,
      municipality: municipality ?? null,
      channel: channel ?? null,
    },
    format: format ?? 'json',
  };
}

/** `GET /api/reports/spaces/{id}?channel=&format=` */
export function singleSpaceRequestOf(
  spaceId: unknown,
  query: unknown,
): ReportRequest<{ channel: string | null }> & { spaceId: Types.ObjectId } {
  const id = parseObjectId(spaceId);
  if (!id) {
    throw new RequestRefusal(
      errorCodes.invalidId,
      'El identificador del espacio no es válido: debe tener 24 caracteres hexadecimales (0-9, a-f).',
    );
  }
  const { channel, format } = parsed(singleSpaceQuery, query);
  return { spaceId: id, filters: { channel: channel ?? null }, format: format ?? 'json' };
}
