import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { defaultTrainingOptions } from '../classifier/softmax-classifier';
import { loadKnowledgeBase } from '../knowledge-base';
import { KnowledgeIndex } from './knowledge-index';
import { loadLexicon } from './lexicon';
import { SpanishAnalyzer } from './spanish-analyzer';

/*
 * The lexical signal compares a question with each entry's ways of being asked: its own title,
 * sample questions and keywords, and the citizens' phrasings the classifier is trained on for it.
 */
describe('citizens’ phrasings as lexical samples', () => {
  const entries = loadKnowledgeBase().slice(0, 2);
  const analyzer = new SpanishAnalyzer(loadLexicon());
  const [first, second] = entries;
  // Words no entry of the base uses: only the training phrasings below can bring them (a word
  // counts as the base's once two of them use it).
  const phrasing = 'tarabita vereda cucharita sumerce';
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'paraphrase-samples-'));
    writeFileSync(
      path.join(folder, `${second?.id}.yaml`),
      `id: ${second?.id}\nphrasings:\n  - '${phrasing}'\n  - 'sumerce, la cucharita de la tarabita de la vereda'\n`,
    );
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  const indexOf = (trainingDir: string) =>
    new KnowledgeIndex(entries, analyzer, {
      classifier: {
        trainingDir,
        cacheDir: false,
        options: { ...defaultTrainingOptions, epochs: 2, shuffles: 1 },
      },
      isSpanishWord: () => true,
    });

  it('when a citizen writes as a training phrasing of an entry does, then that entry is the lexically closest and its words are not foreign', () => {
    const outcome = indexOf(folder).search(phrasing);
    const candidate = outcome.candidates.find(({ entry }) => entry.id === second?.id);
    expect(candidate?.similarity).toBeCloseTo(1, 5);
    expect(outcome.candidates.find(({ entry }) => entry.id === first?.id)?.similarity ?? 0).toBe(0);
    expect(outcome.foreignStems).toEqual([]);
  });

  it('when the entry has no such phrasing, then the same words are foreign and bring it no lexical closeness', () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'paraphrase-samples-empty-'));
    try {
      const outcome = indexOf(empty).search(phrasing);
      expect(outcome.candidates.every(({ similarity }) => similarity === 0)).toBe(true);
      expect(outcome.foreignStems.length).toBeGreaterThan(0);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
