import { asksAboutSafety, isEmergencyReport } from '../dialogs/understanding/emergency';
import { decide, type AnswerDecision } from '../knowledge/retrieval/answer-decision';
import { pointsToEmergency } from '../knowledge/retrieval/emergency-entry';
import type { KnowledgeIndex } from '../knowledge/retrieval/knowledge-index';

/**
 * The knowledge base's reading of a message the emergency check let pass: it reads as the entry
 * on emergencies (answered, or first of "¿Se refiere a…?"), or the emergency report reader,
 * trained on reports and their look-alikes, reads it as a report. A message that only asks about
 * safety in general ("¿qué hago si hay un accidente en una mina?") keeps the entry's answer.
 */
export function decisionReadsAsEmergency(
  index: KnowledgeIndex,
  decision: AnswerDecision,
  question: string,
): boolean {
  if (asksAboutSafety(question)) return false;
  return pointsToEmergency(decision) || index.emergencyReports.isReport(question);
}

/**
 * Three readers for the channels where no answer is composed (a Facebook Live comment, a Teams
 * meeting chat, a message typed inside a prompt): the emergency check's words, then the
 * knowledge base's classifier and its emergency report reader.
 */
export function readsAsEmergency(index: KnowledgeIndex, text: string): boolean {
  if (isEmergencyReport(text)) return true;
  return decisionReadsAsEmergency(index, decide(index.search(text)), text);
}
