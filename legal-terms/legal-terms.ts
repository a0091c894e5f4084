import { AppError, errorCodes } from '../kernel/errors';
import { addBusinessDays, bogotaDate } from './business-days';

/**
 * Terms to answer a petition (Ley 1755 de 2015, art. 14), in business days counted from the day
 * after receipt: a general petition 15, a request for documents or information 10, a consultation
 * to an authority about matters in its charge 30. Questions raised in accountability spaces are
 * general petitions unless the space says otherwise.
 */
export const petitionKinds = ['peticion-general', 'documentos', 'consulta'] as const;
export type PetitionKind = (typeof petitionKinds)[number];

const termDays: Record<PetitionKind, number> = {
  'peticion-general': 15,
  documentos: 10,
  consulta: 30,
};

export function legalTermDays(kind: PetitionKind): number {
  return termDays[kind];
}

export function dueDate(receivedAt: Date, kind: PetitionKind = 'peticion-general'): Date {
  return addBusinessDays(receivedAt, legalTermDays(kind));
}

export interface Extension {
  dueAt: Date;
  reason: string;
  decidedAt: Date;
}

/**
 * Art. 14, parágrafo: when the authority cannot answer in time it must tell the person before the
 * term expires, with the reasons and the date it will answer, which cannot exceed double the
 * initial term. Returns the extension to record, or throws with the rule that was broken.
 */
export function extendDueDate(
  receivedAt: Date,
  kind: PetitionKind,
  requestedDueAt: Date,
  decidedAt: Date,
  reason: string,
): Extension {
  const currentDueAt = dueDate(receivedAt, kind);
  const latestDueAt = addBusinessDays(receivedAt, 2 * legalTermDays(kind));
  const problems: string[] = [];
  if (reason.trim() === '') problems.push('an extension needs its reason');
  if (decidedAt.getTime() > currentDueAt.getTime()) {
    problems.push(
      `the term already expired on ${bogotaDate(currentDueAt)}; an extension must be decided before`,
    );
  }
  if (requestedDueAt.getTime() <= currentDueAt.getTime()) {
    problems.push(`the new due date must be after the current one (${bogotaDate(currentDueAt)})`);
  }
  if (requestedDueAt.getTime() > latestDueAt.getTime()) {
    problems.push(`the new due date cannot be after ${bogotaDate(latestDueAt)} (double the term)`);
  }
  if (problems.length > 0) {
    throw new AppError(
      errorCodes.deadlineExtensionInvalid,
      `invalid extension: ${problems.join('; ')}`,
    );
  }
  return { dueAt: requestedDueAt, reason: reason.trim(), decidedAt };
}

const weekdays = ['domingo', 'lunes', 'martes', 'miércoles', 'jueves', 'viernes', 'sábado'];
/** The months' names in Spanish, January first. */
export const monthNames = [
  'enero',
  'febrero',
  'marzo',
  'abril',
  'mayo',
  'junio',
  'julio',
  'agosto',
  'septiembre',
  'octubre',
  'noviembre',
  'diciembre',
];

/** "el miércoles 16 de diciembre de 2026": the Bogotá date of an instant, in words. */
export function dateInWords(instant: Date): string {
  const date = bogotaDate(instant);
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const weekday = weekdays[new Date(`${date}T00:00:00Z`).getUTCDay()] ?? '';
  return `el ${weekday} ${day} de ${monthNames[month - 1] ?? ''} de ${year}`;
}
