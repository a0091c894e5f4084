import { words } from './spanish-analyzer';

/**
 * "¿Qué es el barequeo?", "q es eso del barequeo", "que significa caducidad", "anm que es", "en que
 * consiste el barequeo": one meaningful word, but a question about it, not a subject name typed
 * alone ("barequeo", "audiencias"). Read from the first words, or the last two of a short message,
 * after folding (no accents, lower case).
 */
const whatWords = new Set(['que', 'q', 'k', 'ke', 'qe']);
const definitionVerbs = new Set(['es', 'son', 'significa', 'significan', 'seria', 'sera']);
const consistVerbs = new Set(['consiste', 'consisten']);

/** "anm que es", "el canon q es": the asking words after the subject, in a message this short. */
const shortMessageWords = 5;

export function asksForDefinition(query: string): boolean {
  const read = words(query, shortMessageWords + 1);
  const startsAsking =
    isWhatIs(read[0], read[1]) ||
    (read[0] === 'en' && whatWords.has(read[1] ?? '') && consistVerbs.has(read[2] ?? ''));
  const endsAsking = read.length <= shortMessageWords && isWhatIs(read.at(-2), read.at(-1));
  return startsAsking || endsAsking;
}

function isWhatIs(what: string | undefined, verb: string | undefined): boolean {
  return (
    what !== undefined && verb !== undefined && whatWords.has(what) && definitionVerbs.has(verb)
  );
}
