import { loadKnowledgeBase } from '../knowledge-base';
import { KnowledgeIndex } from '../retrieval/knowledge-index';
import { loadLexicon } from '../retrieval/lexicon';
import { SpanishAnalyzer } from '../retrieval/spanish-analyzer';
import { reportProbability } from './emergency-report-classifier';

const index = new KnowledgeIndex(loadKnowledgeBase(), new SpanishAnalyzer(loadLexicon()));
const reader = index.emergencyReports;

describe('the emergency report reader', () => {
  it.each([
    'el malacate se reventó y la vagoneta bajó con dos compañeros encima, no se mueven',
    'llevamos tres horas sin saber de los muchachos del frente 4, la ventilación se paró',
    'mi esposo bajó al pozo a las 6 y ya son las 10 y no ha vuelto a subir, el celador no contesta',
  ])(
    'when a report tells of people in danger in words of its own, then it reads as a report: %s',
    (text) => {
      expect(reader.isReport(text)).toBe(true);
    },
  );

  it.each([
    'hace 5 años murió mi tío en una mina y nunca nos pagaron nada',
    '¿cuáles son las normas de seguridad para una mina subterránea de carbón?',
    'se cayó la página de AnnA Minería y no he podido radicar la propuesta',
    'quiero saber si la ARL le paga la pensión a un minero que quedó inválido hace años',
  ])(
    'when a message tells of a past accident, a rule or a website down, then it is no report: %s',
    (text) => {
      expect(reader.isReport(text)).toBe(false);
    },
  );

  it('when a short greeting to "la gente" looks like a report to the model, then it is not taken for one', () => {
    const greeting = 'hola gente buenas tardes';
    expect(reader.reportProbability(greeting)).toBeGreaterThanOrEqual(reportProbability);
    expect(reader.isReport(greeting)).toBe(false);
  });

  it('when a message has no word the model knows, then it is no report', () => {
    expect(reader.reportProbability('')).toBe(0);
    expect(reader.isReport('zzzz qqqq xxxx wwww vvvv')).toBe(false);
  });
});
