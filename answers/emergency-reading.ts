import { asksAboutSafety, isEmergencyReport } from '../dialogs/understanding/emergency';
import { decide, type AnswerDecision } from '../knowledge/retrieval/answer-decision';
import { pointsToEmergency } from '../knowledge/retrieval/emergency-entry';
import type { KnowledgeIndex } from '../knowledge/retrieval/knowledge-index';

/**
 * The knowledge base's reading of a message the emergency check let pass: it reads as the entry
 * on emergencies (answered, or first of "¿Se refiere a…?"), and the message does not just ask
 * about safety in general ("¿qué hago si hay un accidente en una mina?" keeps the entry's answer).
 */
export function decisionReadsAsEmergency(decision: AnswerDecision, question: string): boolean {
  return pointsToEmergency(decision) && !asksAboutSafety(question);
}

/**
 * Two readers for the channels where no answer is composed (a Facebook Live comment, a Teams
 * meeting chat, a message typed inside a prompt): the emergency check's words, then the
 * knowledge base's classifier, trained on writers' emergency reports.
 */
export function readsAsEmergency(index: KnowledgeIndex, text: string): boolean {
  if (isEmergencyReport(text)) return true;
  return decisionReadsAsEmergency(decide(index.search(text)), text);
}
