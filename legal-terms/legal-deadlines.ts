import { dateInWords, dueDate, legalTermDays } from './legal-terms';
import type { PetitionKind } from './legal-terms';

/** The legal-term rules a flow needs: due dates, term lengths, dates in words. */
export interface DeadlineCalculator {
  dueDate(receivedAt: Date, kind: PetitionKind): Date;
  termDays(kind: PetitionKind): number;
  /** "el miércoles 16 de diciembre de 2026" */
  inWords(dueAt: Date): string;
}

/** The legal-term rules as the conversation flows use them. */
export const legalDeadlines: DeadlineCalculator = {
  dueDate,
  termDays: legalTermDays,
  inWords: dateInWords,
};
