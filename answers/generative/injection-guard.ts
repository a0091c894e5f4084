import { foldText } from '../../kernel/text-folding';

// Phrases that try to change the model's role or extract its instructions or other people's
// data, in Spanish and English, written as they arrive (accents already folded away).
const injectionPatterns: RegExp[] = [
  /\b(ignor|olvid|omit|salta|desobedec)\w*\b.{0,40}\b(instruccion|regla|indicacion|orden|restriccion)/,
  /\b(muestr|revel|dim|repit|imprim|escrib|copi|ensen)\w*\b.{0,40}\b(prompt|instrucciones|reglas|mensaje (del|de) sistema)/,
  /\b(system|sistema) prompt\b|\bprompt (del|de) sistema\b/,
  /\b(ahora eres|ahora seras|a partir de ahora (eres|seras|responde|actua)|eres ahora)\b/,
  /\b(actua|finge|haz de cuenta|comportate)\b.{0,20}\bcomo\b/,
  /\b(modo (desarrollador|developer|dios|sin restricciones)|jailbreak|dan mode|developer mode)\b/,
  /\bignore\b.{0,30}\b(instructions|rules|above|previous|prior)\b/,
  /\b(you are now|act as|pretend to be|reveal your|print your)\b/,
  /\b(datos|correos?|telefonos?|nombres?|preguntas?|cedulas?)\b.{0,30}\bde (otros|otras|los demas|otro|otra) (usuarios?|ciudadanos?|personas?)\b/,
];

/**
 * True when a message reads like an attempt to instruct the model rather than a question. Such
 * messages are answered by retrieval alone: the model never sees them.
 */
export function looksLikeInjection(message: string): boolean {
  const folded = foldText(message);
  return injectionPatterns.some((pattern) => pattern.test(folded));
}
