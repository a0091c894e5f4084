import { words } from './spanish-analyzer';

/** The last question the bot answered from the knowledge base in a conversation. */
export interface ConversationTopic {
  question: string;
  entryId: string;
  answeredAt: string;
}

/** A follow-up is short: a longer message carries its own topic. */
const maxFollowUpWords = 8;
/** After this long, "¿y eso?" no longer refers to the last answer. */
export const topicLifetimeMs = 30 * 60 * 1000;

const leadingWords = new Set(['y', 'e', 'entonces', 'tambien', 'ahora']);
/** "ok y después cómo la consulto": an acknowledgement before the follow-up itself. */
const acknowledgements = new Set([
  'ok',
  'okey',
  'oki',
  'listo',
  'bueno',
  'vale',
  'ah',
  'aja',
  'gracias',
]);
const referringWords = new Set([
  'eso',
  'esa',
  'ese',
  'esto',
  'esta',
  'este',
  'ahi',
  'alli',
  'alla',
]);

/**
 * "¿y para documentos?", "¿y eso cuánto cuesta?", "¿y en el Huila?": a short message that starts
 * with "y" (or "entonces", "también"…) or points back with "eso", "ahí". Such a message is read
 * together with the previous question, which gives it its topic.
 */
export function isFollowUp(text: string): boolean {
  const written = words(text, maxFollowUpWords + 2);
  const found = acknowledgements.has(written[0] ?? '') ? written.slice(1) : written;
  if (found.length === 0 || found.length > maxFollowUpWords) return false;
  if (leadingWords.has(found[0] ?? '')) return true;
  return found.some((word) => referringWords.has(word));
}

/** True when the message follows up a topic answered less than `topicLifetimeMs` ago. */
export function followsTopic(
  question: string,
  topic: ConversationTopic | undefined,
  now: Date = new Date(),
): topic is ConversationTopic {
  if (!topic || !isFollowUp(question)) return false;
  return now.getTime() - Date.parse(topic.answeredAt) <= topicLifetimeMs;
}

/** The question to search for: a follow-up carries the topic of the previous question. */
export function questionInContext(
  question: string,
  topic: ConversationTopic | undefined,
  now: Date = new Date(),
): string {
  return followsTopic(question, topic, now) ? `${topic.question} ${question}` : question;
}
