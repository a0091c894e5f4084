import type { Candidate, SearchOutcome } from './search-outcome';
import { maxQuestionWords } from './text-bounds';

type Blended = 'similarity' | 'relevance' | 'probability' | 'lexical' | 'score';

/**
 * Two readings of one message searched apart and weighed together, entry by entry: a follow-up
 * alone and with the previous question, or a long message whole and its question alone. An
 * entry missing from one reading's candidates counts as 0 there.
 */
export function blendOutcomes(
  first: SearchOutcome,
  second: SearchOutcome,
  secondWeight: number,
): SearchOutcome {
  const firstWeight = 1 - secondWeight;
  const inFirst = new Map(first.candidates.map((candidate) => [candidate.entry.id, candidate]));
  const inSecond = new Map(second.candidates.map((candidate) => [candidate.entry.id, candidate]));
  const candidates: Candidate[] = [];
  for (const id of new Set([...inFirst.keys(), ...inSecond.keys()])) {
    const a = inFirst.get(id);
    const b = inSecond.get(id);
    const entry = (a ?? b)?.entry;
    if (!entry) continue;
    const mix = (field: Blended) =>
      firstWeight * (a?.[field] ?? 0) + secondWeight * (b?.[field] ?? 0);
    candidates.push({
      entry,
      similarity: mix('similarity'),
      relevance: mix('relevance'),
      probability: mix('probability'),
      lexical: mix('lexical'),
      score: mix('score'),
    });
  }
  candidates.sort((x, y) => y.score - x.score);
  return {
    candidates: candidates.slice(0, Math.max(first.candidates.length, second.candidates.length)),
    // The union stays within what one question may cost (text-bounds.ts).
    questionStems: [...new Set([...first.questionStems, ...second.questionStems])].slice(
      0,
      maxQuestionWords,
    ),
    knownStems: [...new Set([...first.knownStems, ...second.knownStems])].slice(
      0,
      maxQuestionWords,
    ),
    foreignStems: [...new Set([...first.foreignStems, ...second.foreignStems])].slice(
      0,
      maxQuestionWords,
    ),
    noneProbability: firstWeight * first.noneProbability + secondWeight * second.noneProbability,
    lawQuestion: first.lawQuestion ?? second.lawQuestion,
    definitionQuestion: first.definitionQuestion === true || second.definitionQuestion === true,
    figureAsked: first.figureAsked ?? second.figureAsked,
    ownCase: first.ownCase === true || second.ownCase === true,
  };
}
