import { placeKey } from '../../models/place-names';
import { spellAsSpoken } from '../../knowledge/retrieval/spanish-analyzer';
import { maxQuestionWords, readablePart } from '../../knowledge/retrieval/text-bounds';
import { allowedTypos, editDistance } from '../../knowledge/retrieval/typo-tolerance';
import {
  calendarNames,
  type KnownPlace,
  type NamedPlace,
  type PlaceMention,
} from './calendar-names';

export type { KnownPlace, PlaceMention };

/** A whole name matches the words at a position, allowing typos in longer words (Pitalto). */
function matchesAt(words: string[], start: number, name: string[]): boolean {
  if (start + name.length > words.length) return false;
  return name.every((token, offset) => {
    const word = words[start + offset] ?? '';
    return (
      word === token ||
      editDistance(word, token, allowedTypos(token.length)) <= allowedTypos(token.length)
    );
  });
}

/**
 * The municipality or department of the calendar that a question names ("¿cuándo es la audiencia
 * en Pitalito?", "hay audiencias en el huila"). Only names the imported calendar knows are
 * recognised. Longer names win over shorter ones they contain, exact spellings over typos, and a
 * municipality over a department of the same name.
 */
export function findPlaceMention(question: string, places: KnownPlace[]): PlaceMention | undefined {
  const words = placeKey(readablePart(question)).split(' ', maxQuestionWords);
  const { named, firstWords } = calendarNames(places);
  let best: { place: NamedPlace; exact: boolean } | undefined;
  for (let start = 0; start < words.length; start++) {
    for (const position of firstWords.candidates(words[start] ?? '')) {
      const place = named[position];
      if (!place || !matchesAt(words, start, place.tokens)) continue;
      const exact = place.tokens.every((token, offset) => words[start + offset] === token);
      const better =
        !best ||
        place.tokens.length > best.place.tokens.length ||
        (place.tokens.length === best.place.tokens.length && exact && !best.exact) ||
        (place.tokens.length === best.place.tokens.length &&
          exact === best.exact &&
          place.mention.kind === 'municipio' &&
          best.place.mention.kind === 'departamento');
      if (better) best = { place, exact };
    }
  }
  return best?.place.mention;
}

/**
 * Whether a question is about the hearings at all: only then are place names looked for.
 * Spelled as spoken, so that "audiensia" and "audencia" count too.
 */
export function asksAboutHearings(question: string): boolean {
  return /\baudi?ens/.test(spellAsSpoken(placeKey(readablePart(question))));
}

const placeArticles = new Set(['el', 'la', 'los']);
const notPlaceWords = ['audienc', 'terceros', 'mineria', 'municipio', 'departamento'];
/** Longest place name read after "en" or "de". */
const maxPlaceWordsLength = 40;

/** Letters and spaces only, 3 to 40 characters: what can be read as a place's name. */
function readsAsPlace(words: string): boolean {
  if (words.length < 3 || words.length > maxPlaceWordsLength) return false;
  for (const character of words) {
    if (character !== ' ' && (character < 'a' || character > 'z')) return false;
  }
  return true;
}

/**
 * The words after "en" or "de" at the end of a question, to say which place has no hearing:
 * "¿Cuándo es la audiencia en Bogotá?" → "bogota". The first "en" or "de" whose rest (without an
 * article) reads as a place wins. Only the end of the question is read: a name is short.
 */
export function placeWords(question: string): string | undefined {
  const key = placeKey(readablePart(question));
  // Enough for "en los " and the longest name; the cut word in front of it is dropped.
  let tail = key.slice(-(maxPlaceWordsLength + 8));
  if (tail.length < key.length && key.charAt(key.length - tail.length - 1) !== ' ') {
    tail = tail.slice(tail.indexOf(' ') + 1);
  }
  const words = tail.split(' ');
  for (let index = 0; index < words.length - 1; index++) {
    if (words[index] !== 'en' && words[index] !== 'de') continue;
    const rest = words.slice(index + 1);
    const withoutArticle = placeArticles.has(rest[0] ?? '') ? rest.slice(1).join(' ') : '';
    const found = readsAsPlace(withoutArticle) ? withoutArticle : rest.join(' ');
    if (readsAsPlace(found)) {
      return notPlaceWords.some((word) => found.includes(word)) ? undefined : found;
    }
  }
  return undefined;
}
