import { randomInt } from 'node:crypto';

/**
 * Tracking codes citizens read aloud, type on a phone or dictate: "ANM-7K3M-Q9XD".
 *
 * The alphabet has 31 symbols: digits and capitals without I, L, O, U and Z, which are confused
 * with 1, 1, 0, V and 2. Seven random symbols are followed by a check symbol, the weighted sum
 * mod 31 (a prime): any single wrong symbol and any swap of two neighbours is detected.
 */
const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXY';
const randomLength = 7;
const prefix = 'ANM';

/** Letters people write for the digits or letters they mean. */
const lookalikes: Record<string, string> = { O: '0', I: '1', L: '1', Z: '2', U: 'V' };

function checkSymbol(values: number[]): string {
  const sum = values.reduce((total, value, index) => total + (index + 1) * value, 0);
  return alphabet.charAt(sum % alphabet.length);
}

function format(symbols: string): string {
  return `${prefix}-${symbols.slice(0, 4)}-${symbols.slice(4)}`;
}

export function generateTrackingCode(): string {
  const values = Array.from({ length: randomLength }, () => randomInt(alphabet.length));
  const symbols = values.map((value) => alphabet.charAt(value)).join('');
  return format(symbols + checkSymbol(values));
}

export type ParsedTrackingCode =
  { ok: true; code: string } | { ok: false; reason: 'format' | 'checksum' };

/** Reads a code as a person may type it: any case, spaces or dashes, with or without "ANM". */
export function parseTrackingCode(text: string): ParsedTrackingCode {
  let compact = text.toUpperCase().replace(/[\s\-_.]/g, '');
  if (compact.startsWith(prefix)) compact = compact.slice(prefix.length);
  const symbols = Array.from(compact)
    .map((symbol) => lookalikes[symbol] ?? symbol)
    .join('');
  if (
    symbols.length !== randomLength + 1 ||
    Array.from(symbols).some((symbol) => !alphabet.includes(symbol))
  ) {
    return { ok: false, reason: 'format' };
  }
  const values = Array.from(symbols.slice(0, randomLength)).map((symbol) =>
    alphabet.indexOf(symbol),
  );
  if (checkSymbol(values) !== symbols.charAt(randomLength))
    return { ok: false, reason: 'checksum' };
  return { ok: true, code: format(symbols) };
}

/**
 * Finds something that looks like a tracking code inside a sentence ("estado anm 7k3m q9xd").
 * Linear in the text: separators and code symbols are disjoint classes, so a failed attempt gives
 * back at most the separator run after one "anm" (measured in bench/adversarial-input).
 */
export function findTrackingCodeText(text: string): string | undefined {
  const match = /\banm[\s\-_.]*([0-9a-z]{4})[\s\-_.]*([0-9a-z]{4})\b/i.exec(text);
  return match ? `${prefix}-${match[1] ?? ''}-${match[2] ?? ''}` : undefined;
}
