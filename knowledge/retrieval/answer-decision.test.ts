import type { KnowledgeEntry } from '../entry';
import { decide } from './answer-decision';
import type { Candidate, SearchOutcome } from './search-outcome';

function entry(id: string, related: string[] = [], source = 'Ley 685 de 2001'): KnowledgeEntry {
  return {
    id,
    topic: 'titulo-minero',
    title: `¿Pregunta ${id}?`,
    questions: ['una pregunta de ejemplo'],
    answer: 'Una respuesta de ejemplo para la prueba.',
    source: { label: source },
    keywords: [],
    related,
    forOwnCase: false,
    reviewed: '2026-11-30',
  };
}

function candidate(
  id: string,
  probability: number,
  lexical: number,
  related: string[] = [],
): Candidate {
  return {
    entry: entry(id, related),
    similarity: lexical,
    relevance: lexical,
    probability,
    lexical,
    score: 0.2 * lexical + 0.8 * probability,
  };
}

function outcome(candidates: Candidate[], overrides: Partial<SearchOutcome> = {}): SearchOutcome {
  return {
    candidates: [...candidates].sort((a, b) => b.score - a.score),
    questionStems: ['pid', 'titul', 'miner'],
    knownStems: ['pid', 'titul', 'miner'],
    foreignStems: [],
    noneProbability: 0.01,
    lawQuestion: undefined,
    ...overrides,
  };
}

describe('decide', () => {
  it('when the classifier and the words agree on a clear leader, then the bot answers directly', () => {
    const decision = decide(outcome([candidate('a', 0.6, 0.8), candidate('b', 0.1, 0.5)]));
    expect(decision).toMatchObject({ kind: 'answer', entry: { id: 'a' } });
  });

  it('when the words of the question point to another entry and the classifier is not sure, then the bot asks', () => {
    const decision = decide(outcome([candidate('a', 0.55, 0.5), candidate('b', 0.1, 0.9)]));
    expect(decision.kind).toBe('clarify');
    expect(decision.kind === 'clarify' && decision.options.map((option) => option.id)).toEqual([
      'a',
      'b',
    ]);
  });

  it('when the classifier alone is sure, then the bot answers even if the words lean elsewhere', () => {
    const decision = decide(outcome([candidate('a', 0.8, 0.5), candidate('b', 0.05, 0.9)]));
    expect(decision).toMatchObject({ kind: 'answer', entry: { id: 'a' } });
  });

  it('when a related entry comes close, then the bot asks between them', () => {
    const decision = decide(outcome([candidate('a', 0.55, 0.8, ['b']), candidate('b', 0.4, 0.7)]));
    expect(decision.kind).toBe('clarify');
  });

  it('when the question is a single word shared by several entries, then the bot asks', () => {
    const decision = decide(
      outcome([candidate('a', 0.5, 0.85), candidate('b', 0.3, 0.7)], {
        questionStems: ['audienci'],
        knownStems: ['audienci'],
      }),
    );
    expect(decision.kind).toBe('clarify');
  });

  it('when the question is most likely about no entry, then the bot offers registration', () => {
    const decision = decide(outcome([candidate('a', 0.5, 0.8)], { noneProbability: 0.6 }));
    expect(decision).toMatchObject({ kind: 'unknown', inDomain: true });
  });

  it('when "no entry" is possible but less likely than not and one entry clearly leads, then the bot answers with it', () => {
    const decision = decide(outcome([candidate('a', 0.5, 0.8)], { noneProbability: 0.4 }));
    expect(decision).toMatchObject({ kind: 'answer', entry: { id: 'a' } });
  });

  it('when a question asks what a law says and the best entry does not rest on it, then the bot offers registration', () => {
    const decision = decide(
      outcome([candidate('a', 0.9, 0.9)], { lawQuestion: { laws: ['1658'], asksChange: false } }),
    );
    expect(decision).toMatchObject({ kind: 'unknown', inDomain: true });
  });

  it('when a question asks for a price the best entry does not state, then the bot offers registration', () => {
    const decision = decide(outcome([candidate('a', 0.9, 0.9)], { figureAsked: 'price' }));
    expect(decision).toMatchObject({ kind: 'unknown', inDomain: true });
  });

  it('when a question asks what something costs and the best entry says it is free, then the bot answers', () => {
    const free = candidate('a', 0.9, 0.9);
    free.entry.answer = 'El derecho de petición es gratis y no necesita abogado.';
    const decision = decide(outcome([free], { figureAsked: 'price' }));
    expect(decision).toMatchObject({ kind: 'answer', entry: { id: 'a' } });
  });

  it("when a message is about the writer's own case and the best entry answers general questions, then the bot offers registration", () => {
    const decision = decide(outcome([candidate('a', 0.9, 0.9)], { ownCase: true }));
    expect(decision).toMatchObject({ kind: 'unknown', inDomain: true, reason: 'own-case' });
  });

  it("when a message is about the writer's own case and the best entry is on following one's request, then the bot answers", () => {
    const followUp = candidate('a', 0.9, 0.9);
    followUp.entry.forOwnCase = true;
    const decision = decide(outcome([followUp], { ownCase: true }));
    expect(decision).toMatchObject({ kind: 'answer', entry: { id: 'a' } });
  });

  it('when half the words are real words the knowledge base never uses and the classifier is unsure, then the bot offers registration', () => {
    const decision = decide(
      outcome([candidate('a', 0.3, 0.6)], {
        questionStems: ['equip', 'futbol'],
        knownStems: ['equip'],
        foreignStems: ['futbol'],
      }),
    );
    expect(decision).toMatchObject({ kind: 'unknown', inDomain: true });
  });

  it('when the same question has fewer foreign words or a sure classifier, then the bot answers', () => {
    const fewer = outcome([candidate('a', 0.5, 0.8)], {
      questionStems: ['equip', 'protec', 'futbol'],
      knownStems: ['equip', 'protec'],
      foreignStems: ['futbol'],
    });
    expect(decide(fewer)).toMatchObject({ kind: 'answer', entry: { id: 'a' } });
    const sure = outcome([candidate('a', 0.7, 0.8)], {
      questionStems: ['equip', 'futbol'],
      knownStems: ['equip'],
      foreignStems: ['futbol'],
    });
    expect(decide(sure)).toMatchObject({ kind: 'answer', entry: { id: 'a' } });
  });
});
