import { foldText } from '../../kernel/text-folding';
import type { KnowledgeEntry } from '../entry';

/**
 * "¿Cuánto cuesta la póliza?", "¿a qué hora es el Facebook Live?": a question that asks for a
 * price or a time. The knowledge base explains procedures and rights; it keeps no prices, fees or
 * schedules, which change. An entry on the same subject that does not state the figure would
 * answer a question nobody asked, so the bot offers to register it for an official answer
 * (writers' messages of this kind were all labelled "no entry answers it": bench/README.md).
 */
export type FigureAsked = 'price' | 'time';

const howMuch = new Set(['cuanto', 'cuanta', 'cuantos', 'cuantas']);
/** "cuánto cuesta", "cuánto vale", "cuánta plata": a price, not a duration or a count. */
const priceWords = new Set([
  'cuesta',
  'cuestan',
  'costaria',
  'vale',
  'valen',
  'valdria',
  'cobran',
  'cobra',
  'plata',
  'dinero',
  'pesos',
]);
const priceNouns = new Set(['precio', 'precios', 'tarifa', 'tarifas']);
/** "¿a qué hora…?", "¿cuál es el horario…?" */
const hourNouns = new Set(['hora', 'horario']);
/**
 * "¿qué día es…?", "¿en qué fecha es…?" ask the date of an event; "¿desde qué día se cuenta el
 * plazo?" and "¿en qué fecha se paga el canon?" ask a rule, which an entry may state.
 */
const dayNouns = new Set(['dia', 'fecha']);
const eventVerbs = new Set(['es', 'sera', 'son', 'empieza', 'abren']);

/** What figure the question asks for, read on its words (lower case, no accents). */
export function figureAsked(words: readonly string[]): FigureAsked | undefined {
  for (let index = 0; index < words.length; index++) {
    const word = words[index] ?? '';
    const next = words[index + 1] ?? '';
    // "cada cuánto se paga" asks how often, which an entry may state.
    if (howMuch.has(word) && words[index - 1] !== 'cada' && priceWords.has(next)) return 'price';
    if (priceNouns.has(word)) return 'price';
    if ((word === 'que' || word === 'cual') && hourNouns.has(next)) return 'time';
    if (word === 'que' && dayNouns.has(next) && eventVerbs.has(words[index + 2] ?? ''))
      return 'time';
    // "¿cuál es la fecha de la audiencia?", "¿cuál es el horario?"
    const noun = words[index + 3] ?? '';
    if (word === 'cual' && next === 'es' && (hourNouns.has(noun) || dayNouns.has(noun)))
      return 'time';
  }
  return undefined;
}

/**
 * A sum, "gratis", or what the amount depends on ("puede haber un costo… no mayor que…", "el valor
 * se calcula por hectárea"): an answer that speaks of the price answers what can be said of it.
 */
const statesPrice =
  /\$|\bpesos?\b|\bgratis\b|\bgratuit|\bcosto|\bcuesta|\bcobr|\bvalor|\bprecio|\btarifa/;
/** A time of day, a date, or where the dates are published. */
const statesTime =
  /\b\d{1,2}(:\d{2})? ?[ap]\. ?m\b|\b\d{1,2} de (enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre)\b|\bfechas?\b|\bhorarios?\b/;

const answerStates = new WeakMap<Pick<KnowledgeEntry, 'answer'>, Record<FigureAsked, boolean>>();

/** Whether the entry's answer states the kind of figure asked (read once per entry). */
export function answersFigure(entry: Pick<KnowledgeEntry, 'answer'>, asked: FigureAsked): boolean {
  let states = answerStates.get(entry);
  if (!states) {
    const answer = foldText(entry.answer);
    states = { price: statesPrice.test(answer), time: statesTime.test(answer) };
    answerStates.set(entry, states);
  }
  return states[asked];
}
