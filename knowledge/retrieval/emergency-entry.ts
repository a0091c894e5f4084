import type { AnswerDecision } from './answer-decision';

/** The entry on what to do in a mine emergency; writers label emergency reports with it too. */
export const emergencyEntryId = 'emergencia-en-una-mina';

/**
 * A message the emergency check did not recognise, but that the knowledge base reads as the
 * emergency entry (its answer, or the first of the options it would offer): the citizen gets the
 * emergency reply, never "¿Se refiere a…?" with the emergency first. The check's word lists are
 * one signal; the classifier, trained on writers' emergency reports, is the second.
 */
export function pointsToEmergency(decision: AnswerDecision): boolean {
  if (decision.kind === 'answer') return decision.entry.id === emergencyEntryId;
  if (decision.kind === 'clarify') return decision.options[0]?.id === emergencyEntryId;
  return false;
}
