import { words } from './spanish-analyzer';

/**
 * "¿Qué es el barequeo?", "q es eso del barequeo", "que significa caducidad": one meaningful word,
 * but a question about it, not a subject name typed alone ("barequeo", "audiencias"). Read from
 * the first words only, after folding (no accents, lower case).
 */
const whatWords = new Set(['que', 'q', 'k', 'ke', 'qe']);
const definitionVerbs = new Set(['es', 'son', 'significa', 'significan', 'seria', 'sera']);

export function asksForDefinition(query: string): boolean {
  const [first, second] = words(query, 3);
  return first !== undefined && whatWords.has(first) && second !== undefined
    ? definitionVerbs.has(second)
    : false;
}
