import { foldText } from './text-folding';

/**
 * A text cut into whitespace-separated chunks, each described once (kind, digits, capital,
 * clause end) in a single linear pass, for the personal-data rules (`personal-data.ts`).
 */

export interface Chunk {
  /** Bounds of the core (without the leading/trailing punctuation). */
  start: number;
  end: number;
  core: string;
  /** Lowercase, without accents or dots: "C.C." → "cc", "Cédula:" → "cedula". */
  folded: string;
  kind: 'email' | 'number' | 'word' | 'symbol';
  digits: number;
  capitalized: boolean;
  /** The chunk ends a clause (",", ".", ";", ":", "?", "!"): names and places stop there. */
  closesClause: boolean;
  /** Only a "." follows: an abbreviation ("No.", "Cra.") as often as the end of a sentence. */
  closedByDot: boolean;
}

// Single-code-unit characters only, so split('') is exact.
const trimmedPunctuation = new Set(',.;:¿?¡!()[]{}"\'«»“”‘’*_'.split(''));
const clauseEnd = new Set(',.;:?!'.split(''));
const numberChars = new Set('0123456789.,-/#()+'.split(''));

export function isDigit(char: string): boolean {
  return char >= '0' && char <= '9';
}

function isSpace(char: string): boolean {
  return char === ' ' || char === '\n' || char === '\t' || char === '\r' || char === '\u00a0';
}

const letterPattern = /^\p{L}$/u;
export function isLetter(char: string): boolean {
  return letterPattern.test(char);
}

/** Folded (see `foldText`), without dots: "C.C." and "cc" compare equal. */
export function fold(text: string): string {
  return foldText(text).replaceAll('.', '');
}

export function chunksOf(text: string): Chunk[] {
  const chunks: Chunk[] = [];
  let index = 0;
  while (index < text.length) {
    while (index < text.length && isSpace(text.charAt(index))) index++;
    const rawStart = index;
    while (index < text.length && !isSpace(text.charAt(index))) index++;
    if (index === rawStart) break;
    let start = rawStart;
    let end = index;
    while (start < end && trimmedPunctuation.has(text.charAt(start))) start++;
    while (end > start && trimmedPunctuation.has(text.charAt(end - 1))) end--;
    const trailing = text.slice(end, index);
    let closesClause = false;
    for (const char of trailing) if (clauseEnd.has(char)) closesClause = true;
    if (start === end) {
      chunks.push({
        start: rawStart,
        end: index,
        core: text.slice(rawStart, index),
        folded: text.slice(rawStart, index),
        kind: 'symbol',
        digits: 0,
        capitalized: false,
        closesClause,
        closedByDot: trailing === '.',
      });
      continue;
    }
    chunks.push(describeChunk(text.slice(start, end), start, end, closesClause, trailing === '.'));
  }
  return chunks;
}

function describeChunk(
  core: string,
  start: number,
  end: number,
  closesClause: boolean,
  closedByDot: boolean,
): Chunk {
  let digits = 0;
  let onlyNumberChars = true;
  let at = -1;
  for (let i = 0; i < core.length; i++) {
    const char = core.charAt(i);
    if (isDigit(char)) digits++;
    else if (!numberChars.has(char)) onlyNumberChars = false;
    if (char === '@' && at === -1) at = i;
  }
  const first = core.charAt(0);
  const kind: Chunk['kind'] =
    at > 0 && core.indexOf('.', at) > at + 1 && core.length - 1 > at
      ? 'email'
      : digits > 0 && onlyNumberChars
        ? 'number'
        : 'word';
  return {
    start,
    end,
    core,
    folded: fold(core),
    kind,
    digits,
    capitalized: isLetter(first) && first !== first.toLowerCase(),
    closesClause,
    closedByDot,
  };
}

/** "15/03/2024", "2024-03-15", "15-3-24": a date, not a phone or a document. */
export function isDate(core: string): boolean {
  const parts: string[] = [];
  let current = '';
  let separator = '';
  for (const char of core) {
    if (isDigit(char)) current += char;
    else if (char === '/' || char === '-') {
      if (separator !== '' && separator !== char) return false;
      separator = char;
      parts.push(current);
      current = '';
    } else return false;
  }
  parts.push(current);
  if (parts.length !== 3 || parts.some((part) => part === '')) return false;
  const lengths = parts.map((part) => part.length).join(',');
  return (
    lengths === '4,2,2' ||
    lengths === '4,1,1' ||
    lengths === '4,1,2' ||
    lengths === '4,2,1' ||
    ((parts[0]?.length ?? 0) <= 2 &&
      (parts[1]?.length ?? 0) <= 2 &&
      ((parts[2]?.length ?? 0) === 2 || (parts[2]?.length ?? 0) === 4))
  );
}

export function isYear(core: string): boolean {
  return core.length === 4 && (core.startsWith('19') || core.startsWith('20'));
}
