import { foldText } from '../kernel/text-folding';
import { readablePart } from '../knowledge/retrieval/text-bounds';
import { withoutLeadingGreeting } from '../dialogs/understanding/small-talk';

const interrogativeStart =
  /^((cada|a|de|por|en|hasta|desde|para|con) )?(que|como|cuando|donde|adonde|cuanto|cuanta|cuantos|cuantas|quien|quienes|cual|cuales|porque)\b/;
const requestPhrase =
  /\b(quisiera saber|quiero saber|queria saber|me gustaria saber|necesito saber|quisiera preguntar|quiero preguntar|tengo una (pregunta|duda|inquietud)|mi pregunta es|pregunta para|me (pueden|podrian|puede|podria) (decir|explicar|informar|aclarar|contar|responder)|(pueden|podrian|puede|podria)n? (explicar|aclarar|informar)|solicito (informacion|que me informen)|favor (explicar|aclarar|informar))\b/;
// "¡Qué bien!", "que buena transmisión": exclamations that start like a question.
const exclamation =
  /^(que|como) (bien|bueno|buena|buenisimo|chevere|bacano|lindo|linda|bonito|bonita|excelente|interesante|importante|gran|pena|mal|horror|orgullo|alegria|emocion|belleza|maravilla)\b/;

/**
 * Whether a message in a live session is a question for the ANM: a question mark, a Spanish
 * interrogative at the start (with or without accents) or a request to know something.
 * Greetings, thanks and applause are not.
 */
export function isQuestion(message: string): boolean {
  const text = withoutLeadingGreeting(readablePart(message).trim());
  const folded = foldText(text)
    .replace(/[¡!¿?.,;:"'()*]+/g, (mark) => (mark.includes('?') ? ' ? ' : ' '))
    .replace(/\s+/g, ' ')
    .trim();
  const words = folded.split(' ').filter((word) => word !== '?' && word !== '');
  if (words.length < 2) return false;
  if (exclamation.test(folded) && !folded.includes('?')) return false;
  if (folded.includes('?')) return true;
  if (requestPhrase.test(folded)) return true;
  return interrogativeStart.test(folded) && words.length >= 3;
}
