import { boundedIncomingText } from '../../dialogs/understanding/incoming-text';
import { parseCommand } from '../../dialogs/understanding/commands';
import {
  asksAboutHearings,
  findPlaceMention,
  placeWords,
  type KnownPlace,
} from '../../dialogs/understanding/place-mention';
import { replyWord } from '../../dialogs/understanding/reply-words';
import { smallTalkIntent, withoutLeadingGreeting } from '../../dialogs/understanding/small-talk';
import { isQuestion } from '../../live/question-detector';
import { SimilarQuestions } from '../../live/similar-questions';
import { scrubPersonalData } from '../../kernel/personal-data';
import { loadKnowledgeBase } from '../../knowledge/knowledge-base';
import { decide } from '../../knowledge/retrieval/answer-decision';
import { KnowledgeIndex } from '../../knowledge/retrieval/knowledge-index';
import { loadLexicon } from '../../knowledge/retrieval/lexicon';
import { SpanishAnalyzer } from '../../knowledge/retrieval/spanish-analyzer';
import { maxQuestionWords, readablePart } from '../../knowledge/retrieval/text-bounds';
import { findTrackingCodeText, parseTrackingCode } from '../../models/tracking-code';

/** One function that reads what a citizen typed, as the bot calls it. */
export interface TextReader {
  name: string;
  read: (text: string) => unknown;
}

const syllables = ['ca', 'ra', 'san', 'to', 'mi', 'lo', 'pe', 'gua', 'ti', 'ba', 'nu', 'que'];

/**
 * A calendar as large as Colombia's (1,103 municipalities in 32 departments): the names are
 * invented, plus a few real ones, so that place matching is measured at its real size.
 */
export function largeCalendar(): KnownPlace[] {
  const places: KnownPlace[] = [
    { departamento: 'Huila', municipio: 'Pitalito' },
    { departamento: 'La Guajira', municipio: 'San Juan del Cesar' },
    { departamento: 'Guaviare', municipio: 'San José del Guaviare' },
  ];
  for (let index = 0; places.length < 1103; index++) {
    const name = (seed: number, length: number): string =>
      Array.from({ length }, (_, part) => syllables[(seed >> (part * 3)) % syllables.length]).join(
        '',
      );
    const municipio = `${index % 5 === 0 ? 'San ' : ''}${name(index * 7 + 3, 3 + (index % 3))}`;
    places.push({ departamento: `Depto ${name(index % 32, 3)}`, municipio });
  }
  return places;
}

/**
 * Every reader of citizen text the bot has, ready to run: the intents, the question detector,
 * the tracking-code finder, the analyzer and the knowledge index, personal-data masking, and the
 * whole path of a typed message and of a live comment as the bot takes them.
 */
export function textReaders(): TextReader[] {
  const analyzer = new SpanishAnalyzer(loadLexicon());
  const index = new KnowledgeIndex(loadKnowledgeBase(), analyzer);
  const similar = new SimilarQuestions(analyzer);
  const places = largeCalendar();
  const earlierQuestions = loadKnowledgeBase()
    .flatMap((entry) => entry.questions)
    .slice(0, 200)
    .map((question) => similar.stems(question));

  return [
    { name: 'incoming text (cut)', read: (text) => boundedIncomingText({ text }) },
    { name: 'parseCommand', read: parseCommand },
    { name: 'replyWord', read: replyWord },
    { name: 'smallTalkIntent', read: smallTalkIntent },
    { name: 'withoutLeadingGreeting', read: withoutLeadingGreeting },
    { name: 'asksAboutHearings', read: asksAboutHearings },
    { name: 'findPlaceMention', read: (text) => findPlaceMention(text, places) },
    { name: 'placeWords', read: placeWords },
    { name: 'isQuestion', read: isQuestion },
    { name: 'findTrackingCodeText', read: findTrackingCodeText },
    // Reached only with what a prompt received, cut by bot/submitted-text.ts.
    { name: 'parseTrackingCode (as cut)', read: (text) => parseTrackingCode(readablePart(text)) },
    {
      name: 'analyzer stems (question)',
      read: (text) => analyzer.stems(readablePart(text), maxQuestionWords),
    },
    { name: 'similar question stems', read: (text) => similar.stems(text) },
    { name: 'knowledge index search', read: (text) => index.search(text) },
    // Applied to registered questions: chat messages are cut on arrival (bot/submitted-text.ts).
    { name: 'scrubPersonalData (as cut)', read: (text) => scrubPersonalData(readablePart(text)) },
    {
      name: 'typed message, whole path',
      read: (raw) => {
        const { text, cut } = boundedIncomingText({ type: 'message', text: raw });
        const command = parseCommand(text);
        const intent = smallTalkIntent(text);
        const question = withoutLeadingGreeting(text);
        const place = asksAboutHearings(question)
          ? (findPlaceMention(question, places) ?? placeWords(question))
          : undefined;
        const decision = decide(index.search(question));
        return { cut, length: text.length, command, intent, place, decision: decision.kind };
      },
    },
    {
      name: 'live comment, whole path',
      read: (text) => {
        if (!isQuestion(text)) return { question: false };
        return { question: true, same: similar.closest(similar.stems(text), earlierQuestions) };
      },
    },
  ];
}
