import type { KnowledgeEntry } from '../entry';
import type { Candidate, SearchOutcome } from './search-outcome';
import { blendOutcomes } from './outcome-blend';

function candidate(id: string, probability: number): Candidate {
  const entry = { id, related: [] } as unknown as KnowledgeEntry; // only the id is read
  return { entry, similarity: 0, relevance: 0, probability, lexical: 0, score: probability };
}

function outcome(candidates: Candidate[], noneProbability: number): SearchOutcome {
  return {
    candidates,
    questionStems: ['a'],
    knownStems: ['a'],
    foreignStems: [],
    noneProbability,
    lawQuestion: undefined,
  };
}

describe('blendOutcomes', () => {
  it('when two readings are blended, then each entry gets the weighted mean and is ranked by it', () => {
    const blended = blendOutcomes(
      outcome([candidate('a', 0.8), candidate('b', 0.1)], 0.2),
      outcome([candidate('b', 0.9)], 0),
      0.5,
    );
    expect(blended.candidates.map((c) => [c.entry.id, c.probability])).toEqual([
      ['b', 0.5],
      ['a', 0.4],
    ]);
    expect(blended.noneProbability).toBeCloseTo(0.1);
  });
});
