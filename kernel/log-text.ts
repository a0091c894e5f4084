import { scrubPersonalData } from './personal-data';

/** Nothing past this many characters of a foreign text is even looked at. */
const maxScannedLength = 2_000;
/** Keys, tokens, uuids and channel ids: long runs of identifier or base64 characters. */
const longTokenPattern = /[A-Za-z0-9+/=_-]{24,}/g;
const openers: Record<string, string> = { '"': '"', "'": "'", '`': '`', '{': '}', '[': ']' };

/**
 * Masks every quoted or bracketed stretch of a text: that is where libraries echo values (a
 * duplicate key, a cast value, a request body, a JSON document). A linear scan with no regular
 * expression, and nesting counted only for the bracket that opened the stretch.
 */
function maskEnclosed(text: string): string {
  let result = '';
  let closer: string | undefined;
  let opener = '';
  let depth = 0;
  for (const character of text) {
    if (closer === undefined) {
      const match = openers[character];
      if (match === undefined) {
        result += character;
      } else {
        closer = match;
        opener = character;
        depth = 1;
        result += '[…]';
      }
    } else if (character === closer && opener !== closer) {
      depth -= 1;
      if (depth === 0) closer = undefined;
    } else if (character === closer) {
      closer = undefined;
    } else if (character === opener) {
      depth += 1;
    }
  }
  return result;
}

/**
 * A foreign free text (a library's error message, a console line) made fit for the log: quoted
 * and bracketed values, long tokens, e-mails and long numbers masked, on one line, cut short.
 * Display names outside quotes cannot be recognised, which is why error messages that carry a
 * remote body are not logged at all (see describeError).
 */
export function logSafeText(text: string, maxLength = 200): string {
  const masked = maskEnclosed(text.slice(0, maxScannedLength))
    .replace(longTokenPattern, '[…]')
    .replace(/\s+/g, ' ');
  const scrubbed = scrubPersonalData(masked).trim();
  return scrubbed.length > maxLength ? `${scrubbed.slice(0, maxLength)}…` : scrubbed;
}

const safeTokenPattern = /^[A-Za-z0-9_.:-]{1,64}$/;

/** An error name or code as it may be logged: a short identifier, or nothing. */
export function safeToken(value: unknown): string | undefined {
  const text = typeof value === 'number' ? String(value) : value;
  return typeof text === 'string' && safeTokenPattern.test(text) ? text : undefined;
}
