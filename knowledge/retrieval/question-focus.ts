import { words } from './spanish-analyzer';

/**
 * A long message often tells a story and asks at the end: "Vivo en una vereda de Nariño… ¿Quién
 * vigila eso y dónde pongo la queja?". Its question sentences are read apart too, so that the
 * story's words do not drown the question's.
 */

/** Below this many words a message is read whole only. */
const minFocusWords = 20;
/** At most this many question sentences, the last ones, make the focus. */
const maxFocusSentences = 2;

const questionOpeners = new Set([
  'que',
  'como',
  'cuando',
  'donde',
  'cuanto',
  'cuanta',
  'cuantos',
  'cuantas',
  'quien',
  'quienes',
  'cual',
  'cuales',
  'puedo',
  'pueden',
  'podemos',
  'debo',
  'tengo',
  'hay',
  'es',
  'se',
  'a',
  'ante',
  'por',
  'para',
]);

/** The question sentences of a long message, or undefined when it has none or is short. */
export function questionFocus(text: string): string | undefined {
  if (words(text, minFocusWords).length < minFocusWords) return undefined;
  // A sentence ends at ".", "!", "?" or a line break, or starts at "¿".
  const sentences = text
    .split(/(?<=[.!?\n])|(?=¿)/)
    .map((sentence) => sentence.trim())
    .filter((sentence) => words(sentence, 1).length > 0);
  if (sentences.length < 2) return undefined;
  const asking = sentences.filter(
    (sentence) =>
      sentence.includes('?') ||
      sentence.startsWith('¿') ||
      // "Qué necesito para tener un título…" without its question marks.
      (sentence === sentences.at(-1) && questionOpeners.has(words(sentence, 1)[0] ?? '')),
  );
  if (asking.length === 0) return undefined;
  return asking.slice(-maxFocusSentences).join(' ');
}
