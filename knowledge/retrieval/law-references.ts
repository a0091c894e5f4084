import type { KnowledgeEntry } from '../entry';
import { words } from './spanish-analyzer';

/**
 * "¿Qué dice la Ley 1755?", "decreto 1666 de 2016 qué dice", "ley 2056 qué cambió": a question
 * about what a law says. An entry answers it only if it rests on that law (names it, or cites it
 * as its source); an entry on the same subject that rests on other norms would answer a question
 * nobody asked. No entry tells how a law changed the rules before it, so "¿qué cambió?" is
 * never answered from the knowledge base: the bot offers to register it.
 */
export interface LawQuestion {
  /** The numbers of the laws and decrees named ("1755", "1666"). */
  laws: string[];
  /** It asks what a law changed or reformed, not what it says. */
  asksChange: boolean;
}

const lawWords = new Set(['ley', 'decreto', 'resolucion', 'convenio']);
const contentWords = new Set(['dice', 'dicen', 'establece', 'regula', 'trata', 'contiene']);
const changeWords = new Set(['cambio', 'cambia', 'cambiaron', 'modifico', 'modifica', 'reformo']);

/** The numbers of the laws and decrees a text names ("ley 1755", "Decreto 1886 de 2015"). */
export function lawNumbers(text: string): string[] {
  const found = words(text);
  const numbers: string[] = [];
  for (let index = 0; index + 1 < found.length; index++) {
    const number = found[index + 1] ?? '';
    if (lawWords.has(found[index] ?? '') && /^\d{2,5}$/.test(number)) numbers.push(number);
  }
  return numbers;
}

/** The law a question asks about, if it names one and asks what it says or changed. */
export function lawQuestion(question: string): LawQuestion | undefined {
  const laws = lawNumbers(question);
  if (laws.length === 0) return undefined;
  const found = words(question);
  const asksChange = found.some((word) => changeWords.has(word));
  if (!asksChange && !found.some((word) => contentWords.has(word) || word === 'resumen'))
    return undefined;
  return { laws, asksChange };
}

/** Whether an entry can answer what the law says: it names the law or rests on it. */
export function answersLawQuestion(entry: KnowledgeEntry, question: LawQuestion): boolean {
  if (question.asksChange) return false;
  const cited = new Set(
    [entry.title, ...entry.questions, ...entry.keywords, entry.source.label].flatMap((text) =>
      words(text).filter((word) => /^\d{2,5}$/.test(word)),
    ),
  );
  return question.laws.every((law) => cited.has(law));
}
