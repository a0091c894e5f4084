import { readFileSync } from 'node:fs';
import path from 'node:path';

import { parse as parseYaml } from 'yaml';

import { projectRoot } from '../../kernel/project-root';
import { loadKnowledgeBase } from '../knowledge-base';
import { loadLexicon } from '../retrieval/lexicon';
import { SpanishAnalyzer } from '../retrieval/spanish-analyzer';
import { QuestionFeatureRows, questionFeatures } from './question-features';
import { featureRowsOf } from './softmax-classifier';
import { loadTrainingSet } from './training-set';

const analyzer = new SpanishAnalyzer(loadLexicon());
const training = loadTrainingSet(loadKnowledgeBase()).map((example) => example.text);
const blind = (
  parseYaml(
    readFileSync(path.join(projectRoot(), 'bench', 'answers', 'blind-questions.yaml'), 'utf8'),
  ) as { q: string }[]
).map((question) => question.q);

/** A model's feature rows, as training builds them: the features of some texts, in order. */
function featureRowsFrom(texts: string[]): Map<string, number> {
  const rows = new Map<string, number>();
  for (const text of texts)
    for (const feature of questionFeatures(analyzer, text))
      if (!rows.has(feature)) rows.set(feature, rows.size);
  return rows;
}

describe('the feature rows of a question, each word computed once', () => {
  it('when the same questions are read twice, against a model that knows only part of their features, then every question gets exactly the rows, in the order, that its feature list gives', () => {
    // Every other training phrasing: the rest and the blind questions have unknown features.
    const model = { featureRows: featureRowsFrom(training.filter((_, index) => index % 2 === 0)) };
    const fast = new QuestionFeatureRows(analyzer, (feature) => model.featureRows.get(feature));
    const questions = [
      ...training,
      ...blind,
      'ya pagué el canon hace tres meses y me negaron el radicado 20231234567, expediente IH3-15001',
      'canon canon canon superficiario superficiario',
      '',
      '¿¿??',
      'de la de la y el',
    ];
    let known = 0;
    for (const round of [1, 2]) {
      for (const question of questions) {
        const expected = featureRowsOf(model, questionFeatures(analyzer, question));
        expect([round, question, fast.rows(question)]).toEqual([round, question, expected]);
        known += expected.length;
      }
    }
    // The comparison is not vacuous: most questions have known features.
    expect(known).toBeGreaterThan(questions.length * 10);
  });
});
