/**
 * Masks personal data in a free text: an error message before it is logged, a question sent to a
 * third-party model, or a question kept for the public record after its author withdrew it or
 * asked to erase their data (Ley 1581 de 2012).
 *
 * No Spanish named-entity library fits offline, so these are conservative rules over the words of
 * the text: e-mails, numbers long enough to be phones or documents, any number after a document
 * or phone word ("cédula 12345", "cel 310…"), street addresses ("calle 10 # 5-23"), the name of
 * a vereda, finca or barrio, and names after a cue ("me llamo…", "soy María", "Atentamente, …").
 * Law and article numbers, dates, years and tracking codes stay.
 *
 * Every step is a single pass over the words with a bounded look-ahead, and no regular expression
 * runs on the text: the cost is linear in its length, whatever a citizen types.
 */

import {
  addressTailWords,
  idWords,
  idWordsInCapitals,
  labelNameCues,
  nameConnectors,
  nameStops,
  notNames,
  numberFillers,
  phoneWords,
  placeWords,
  streetWords,
  strongNameCues,
  weakNameCues,
} from './personal-data-words';
import { chunksOf, isDate, isDigit, isLetter, isYear, type Chunk } from './text-chunks';

export interface ScrubOptions {
  /** Values known to be this person's (their name as they gave it): each word is masked too. */
  knownNames?: readonly string[];
}

const labels = {
  email: '[correo]',
  number: '[número]',
  address: '[dirección]',
  place: '[lugar]',
  name: '[nombre]',
} as const;
type Label = (typeof labels)[keyof typeof labels];

/** A whitespace-separated piece of the text, its punctuation trimmed. */
const maxNameWords = 4;
const maxPlaceWords = 5;
const maxAddressChunks = 10;
const maxFillers = 4;

function matchesCue(chunks: Chunk[], index: number, cue: string[]): boolean {
  for (let offset = 0; offset < cue.length; offset++) {
    const chunk = chunks[index + offset];
    if (!chunk || chunk.folded !== cue[offset]) return false;
    // A cue is one phrase: "mi nombre. Es…" is not "mi nombre es".
    if (offset < cue.length - 1 && chunk.closesClause) return false;
  }
  return true;
}

function isNameWord(chunk: Chunk): boolean {
  if (chunk.kind !== 'word') return false;
  for (const char of chunk.core) if (!isLetter(char) && char !== '-' && char !== "'") return false;
  return true;
}

interface Range {
  start: number;
  end: number;
  label: Label;
}

class Masker {
  readonly ranges: Range[] = [];
  private readonly chunks: Chunk[];
  constructor(chunks: Chunk[]) {
    this.chunks = chunks;
  }

  mask(from: number, to: number, label: Label): void {
    const first = this.chunks[from];
    const last = this.chunks[to];
    if (first && last) this.ranges.push({ start: first.start, end: last.end, label });
  }

  /** The numeric chunks from `index` on, as one group ("+57 310 555 1234"); -1 when none. */
  numberGroupEnd(index: number): number {
    let end = -1;
    for (let i = index; i < this.chunks.length; i++) {
      const chunk = this.chunks[i];
      if (!chunk || chunk.kind !== 'number' || isDate(chunk.core)) break;
      end = i;
      if (chunk.closesClause) break;
    }
    return end;
  }
}

function maskNumbers(chunks: Chunk[], masker: Masker): void {
  let index = 0;
  while (index < chunks.length) {
    const chunk = chunks[index];
    if (!chunk) break;
    if (chunk.kind === 'email') {
      masker.mask(index, index, labels.email);
      index++;
      continue;
    }
    if (chunk.kind === 'word') {
      maskDigitRunsInWord(chunk, masker);
      index++;
      continue;
    }
    const end = masker.numberGroupEnd(index);
    if (end === -1) {
      index++;
      continue;
    }
    let digits = 0;
    let longest = 0;
    let allYears = true;
    for (let i = index; i <= end; i++) {
      const part = chunks[i];
      if (!part) continue;
      digits += part.digits;
      longest = Math.max(longest, part.digits);
      if (!isYear(part.core)) allYears = false;
    }
    const previous = chunks[index - 1];
    const money = previous?.core === '$' || (previous?.core.endsWith('$') ?? false);
    if (!money && !allYears && (digits >= 7 || longest >= 6))
      masker.mask(index, end, labels.number);
    index = end + 1;
  }
}

/** "ANM-7K2D-9PQR": a question's tracking code is public and never personal. */
function isTrackingCode(chunk: Chunk): boolean {
  return (
    chunk.core.length === 13 && chunk.folded.startsWith('anm-') && chunk.core.charAt(8) === '-'
  );
}

/** "tel:3105551234", "CC1023456789": a long digit run glued to letters. */
function maskDigitRunsInWord(chunk: Chunk, masker: Masker): void {
  if (chunk.digits < 6 || isTrackingCode(chunk)) return;
  const { core } = chunk;
  let runStart = -1;
  let runDigits = 0;
  let lastDigit = -1;
  const close = () => {
    if (runStart !== -1 && runDigits >= 6 && !isDate(core.slice(runStart, lastDigit + 1))) {
      masker.ranges.push({
        start: chunk.start + runStart,
        end: chunk.start + lastDigit + 1,
        label: labels.number,
      });
    }
    runStart = -1;
    runDigits = 0;
  };
  for (let i = 0; i < core.length; i++) {
    const char = core.charAt(i);
    if (isDigit(char)) {
      if (runStart === -1) runStart = i;
      runDigits++;
      lastDigit = i;
    } else if (!((char === '.' || char === '-' || char === ' ') && runStart !== -1)) {
      close();
    }
  }
  close();
}

function isIdWord(chunk: Chunk): boolean {
  if (idWords.has(chunk.folded) || phoneWords.has(chunk.folded)) return true;
  return idWordsInCapitals.has(chunk.folded) && chunk.core.toUpperCase() === chunk.core;
}

/** Any number after a document or phone word, whatever its length. */
function maskCuedNumbers(chunks: Chunk[], masker: Masker): void {
  for (let index = 0; index < chunks.length; index++) {
    const chunk = chunks[index];
    if (!chunk || !isIdWord(chunk)) continue;
    let next = index + 1;
    for (let skipped = 0; skipped < maxFillers; skipped++) {
      const filler = chunks[next];
      if (!filler || filler.kind === 'number' || !numberFillers.has(filler.folded)) break;
      next++;
    }
    const end = masker.numberGroupEnd(next);
    if (end !== -1) masker.mask(next, end, labels.number);
  }
}

function startsWithDigit(chunk: Chunk): boolean {
  return isDigit(chunk.core.charAt(0));
}

/** A short address part: "5a", "12b", "a", "bis", "#5-23". */
function isAddressPart(chunk: Chunk): boolean {
  if (chunk.kind === 'number' || chunk.kind === 'symbol') return chunk.core.length <= 12;
  if (addressTailWords.has(chunk.folded)) return true;
  if (chunk.core.length <= 4 && (startsWithDigit(chunk) || chunk.core.startsWith('#'))) return true;
  return chunk.core.length === 1 && isLetter(chunk.core);
}

/** "Cra. 7 No. 12-34": a dot after an address word abbreviates it, it does not end the address. */
function endsAddress(chunk: Chunk): boolean {
  if (!chunk.closesClause) return false;
  return !(
    chunk.closedByDot &&
    (streetWords.has(chunk.folded) || addressTailWords.has(chunk.folded))
  );
}

function maskAddresses(chunks: Chunk[], masker: Masker): void {
  for (let index = 0; index < chunks.length; index++) {
    const chunk = chunks[index];
    const next = chunks[index + 1];
    if (!chunk || !next || !streetWords.has(chunk.folded) || endsAddress(chunk)) continue;
    if (!startsWithDigit(next) && !(next.core.length === 1 && isLetter(next.core))) continue;
    let end = index + 1;
    while (end - index < maxAddressChunks) {
      const current = chunks[end];
      const following = chunks[end + 1];
      if (!current || endsAddress(current) || !following || !isAddressPart(following)) break;
      end++;
    }
    masker.mask(index, end, labels.address);
    index = end;
  }
}

/** A capitalised word that starts a sentence or names a document, not a person. */
function isNotName(chunk: Chunk): boolean {
  return (
    notNames.has(chunk.folded) ||
    (nameStops.has(chunk.folded) && !nameConnectors.has(chunk.folded)) ||
    isIdWord(chunk)
  );
}

/** Capitalised words and connectors after `from`; the index of the last name word, or -1. */
function properNameEnd(chunks: Chunk[], from: number, maxWords: number, stopAtDe: boolean): number {
  let end = -1;
  let words = 0;
  let index = from;
  while (index < chunks.length && words < maxWords) {
    const chunk = chunks[index];
    if (!chunk || !isNameWord(chunk)) break;
    if (chunk.capitalized && !isNotName(chunk)) {
      end = index;
      words++;
      if (chunk.closesClause) break;
      index++;
      continue;
    }
    if (chunk.closesClause || !nameConnectors.has(chunk.folded) || end === -1) break;
    // "vereda El Salitre de Samacá": a bare "de" before a capital is usually the municipality.
    const following = chunks[index + 1];
    if (stopAtDe && chunk.folded === 'de' && following?.capitalized) break;
    index++;
  }
  return end;
}

function maskPlaces(chunks: Chunk[], masker: Masker): void {
  for (let index = 0; index < chunks.length; index++) {
    const chunk = chunks[index];
    if (!chunk || !placeWords.has(chunk.folded) || chunk.closesClause) continue;
    let from = index + 1;
    const article = chunks[from];
    const afterArticle = chunks[from + 1];
    // "vereda La Esperanza", "finca la Esperanza": the article belongs to the name.
    if (
      article &&
      !article.closesClause &&
      nameConnectors.has(article.folded) &&
      afterArticle?.capitalized
    ) {
      from++;
    }
    const end = properNameEnd(chunks, from, maxPlaceWords, true);
    if (end === -1) continue;
    masker.mask(index + 1, end, labels.place);
    index = end;
  }
}

function connectorsBeforeName(chunks: Chunk[], index: number): boolean {
  for (let offset = 0; offset < 3; offset++) {
    const chunk = chunks[index + offset];
    if (!chunk || chunk.closesClause) return false;
    if (!nameConnectors.has(chunk.folded))
      return offset > 0 && isNameWord(chunk) && !nameStops.has(chunk.folded);
  }
  return false;
}

/** After "me llamo": capitalised or not, up to the first word that cannot be a name. */
function looseNameEnd(chunks: Chunk[], from: number): number {
  let end = -1;
  let words = 0;
  for (let index = from; index < chunks.length && words < maxNameWords; index++) {
    const chunk = chunks[index];
    if (!chunk || !isNameWord(chunk) || nameStops.has(chunk.folded)) {
      // "María de los Ángeles": connectors followed by a name word continue the name.
      if (chunk && end !== -1 && connectorsBeforeName(chunks, index)) continue;
      break;
    }
    end = index;
    words++;
    if (chunk.closesClause) break;
  }
  return end;
}

function maskNames(chunks: Chunk[], masker: Masker, knownNameWords: Set<string>): void {
  for (let index = 0; index < chunks.length; index++) {
    const chunk = chunks[index];
    if (!chunk) continue;
    if (chunk.kind === 'word' && knownNameWords.has(chunk.folded)) {
      masker.mask(index, index, labels.name);
      continue;
    }
    if (labelNameCues.has(chunk.folded) && chunk.closesClause) {
      const end = properNameEnd(chunks, index + 1, maxNameWords, false);
      if (end !== -1) {
        masker.mask(index + 1, end, labels.name);
        index = end;
      }
      continue;
    }
    const strong = strongNameCues.find((cue) => matchesCue(chunks, index, cue));
    // "me llamó la atención": the past tense calls, it does not introduce a name.
    if (strong && !(strong[1] === 'llamo' && chunks[index + 1]?.core.toLowerCase() === 'llamó')) {
      const cueEnd = index + strong.length - 1;
      const from = cueEnd + 1;
      const end = chunks[cueEnd]?.closesClause
        ? // "Atentamente, Juan Gómez" / "Nombre: Juan": after punctuation, capitals only.
          properNameEnd(chunks, from, maxNameWords, false)
        : looseNameEnd(chunks, from);
      if (end !== -1) {
        masker.mask(from, end, labels.name);
        index = end;
      }
      continue;
    }
    const weak = weakNameCues.find((cue) => matchesCue(chunks, index, cue));
    if (weak) {
      const from = index + weak.length;
      const end = properNameEnd(chunks, from, maxNameWords, false);
      if (end !== -1) {
        masker.mask(from, end, labels.name);
        index = end;
      }
    }
  }
}

function knownNameWordsOf(names: readonly string[]): Set<string> {
  const words = new Set<string>();
  for (const name of names) {
    for (const chunk of chunksOf(name)) {
      // Short words ("de", "la") would mask half of any text.
      if (chunk.kind === 'word' && chunk.folded.length >= 3 && !nameConnectors.has(chunk.folded))
        words.add(chunk.folded);
    }
  }
  return words;
}

function applyRanges(text: string, ranges: Range[]): string {
  if (ranges.length === 0) return text;
  const sorted = [...ranges].sort((a, b) => a.start - b.start || b.end - a.end);
  let output = '';
  let position = 0;
  let lastLabel: Label | undefined;
  for (const range of sorted) {
    if (range.end <= position) continue;
    const start = Math.max(range.start, position);
    const between = text.slice(position, start);
    // Two masks separated only by spaces read as one: "[nombre] [nombre]" → "[nombre]".
    const onlySpaces = between.trim() === '';
    if (!(onlySpaces && lastLabel === range.label && output.endsWith(range.label))) {
      output += between + range.label;
    }
    position = range.end;
    lastLabel = range.label;
  }
  return output + text.slice(position);
}

export function scrubPersonalData(text: string, options: ScrubOptions = {}): string {
  const chunks = chunksOf(text);
  const masker = new Masker(chunks);
  maskNumbers(chunks, masker);
  maskCuedNumbers(chunks, masker);
  maskAddresses(chunks, masker);
  maskPlaces(chunks, masker);
  maskNames(chunks, masker, knownNameWordsOf(options.knownNames ?? []));
  return applyRanges(text, masker.ranges);
}
