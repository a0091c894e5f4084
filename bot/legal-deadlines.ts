import { dateInWords, dueDate, legalTermDays } from '../models/legal-terms/legal-terms';
import type { DeadlineCalculator } from '../dialogs/registration-dialog';

/** The legal-term rules as the conversation flows use them. */
export const legalDeadlines: DeadlineCalculator = {
  dueDate,
  termDays: legalTermDays,
  inWords: dateInWords,
};
