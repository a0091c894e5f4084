import { foldText, simplifyText } from '../../kernel/text-folding';
import { readablePart } from '../../knowledge/retrieval/text-bounds';
import { replyWord } from './reply-words';

/**
 * What a citizen typed (or a button sent) after the bot asked how satisfied they are with an
 * official answer: a rating from 1 to 5, maybe followed by a comment ("5 muy clara la
 * respuesta"), or that they would rather not answer ("no gracias", "omitir"). Anything else is
 * not an answer to the survey: undefined, and the message goes on as any other would (a new
 * question, "mis preguntas", "borrar mis datos"…).
 */
export type SatisfactionReply =
  { kind: 'rating'; rating: 1 | 2 | 3 | 4 | 5; comment: string | null } | { kind: 'skip' };

const skipPhrases = new Set([
  'prefiero no responder',
  'prefiero no calificar',
  'no quiero responder',
  'no quiero calificar',
  'no deseo responder',
  'no califico',
  'sin calificacion',
]);

/** Words that may come before the number: "le doy un 4", "mi calificación es 5", "nota 3". */
const leadingWords = new Set([
  'le',
  'doy',
  'pongo',
  'califico',
  'calificaria',
  'calificacion',
  'mi',
  'es',
  'con',
  'un',
  'nota',
  'puntaje',
  'seria',
]);
const maxLeadingWords = 4;

const numberWords = new Map<string, 1 | 2 | 3 | 4 | 5>([
  ['uno', 1],
  ['una', 1],
  ['dos', 2],
  ['tres', 3],
  ['cuatro', 4],
  ['cinco', 5],
]);
const digitRatings = new Map<string, 1 | 2 | 3 | 4 | 5>([
  ['1', 1],
  ['2', 2],
  ['3', 3],
  ['4', 4],
  ['5', 5],
]);
/** What may follow the number and is not a comment: "4 de 5", "4 estrellas". */
const scaleWords = new Set(['estrella', 'estrellas', 'punto', 'puntos']);
const outOfWords = new Set(['de', 'sobre']);

const stars = new Set(['⭐', '★']);
const openingMarks = '¡¿("\'«';
const closingMarks = '.,;:!?)"\'»-–—';

interface Token {
  text: string;
  start: number;
  end: number;
}

/** The first `limit` whitespace-separated tokens, with where each is in the text. */
function firstTokens(text: string, limit: number): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (tokens.length < limit && index < text.length) {
    while (index < text.length && text.charAt(index).trim() === '') index++;
    const start = index;
    while (index < text.length && text.charAt(index).trim() !== '') index++;
    if (index > start) tokens.push({ text: text.slice(start, index), start, end: index });
  }
  return tokens;
}

/** A token without the punctuation around it, folded: "«Cuatro»," → "cuatro". */
function bare(token: string): string {
  let start = 0;
  let end = token.length;
  while (start < end && openingMarks.includes(token.charAt(start))) start++;
  while (end > start && closingMarks.includes(token.charAt(end - 1))) end--;
  return foldText(token.slice(start, end));
}

/** "⭐⭐⭐⭐": as many stars as the rating, and nothing else. */
function starRating(text: string): 1 | 2 | 3 | 4 | 5 | undefined {
  let count = 0;
  for (const char of text) {
    if (char.trim() === '' || char === '\uFE0F') continue;
    if (!stars.has(char)) return undefined;
    count++;
  }
  return digitRatings.get(String(count));
}

function withoutLeadingMarks(text: string): string {
  let start = 0;
  while (
    start < text.length &&
    (closingMarks.includes(text.charAt(start)) || text.charAt(start).trim() === '')
  )
    start++;
  return text.slice(start).trim();
}

export function parseSatisfactionReply(typed: string): SatisfactionReply | undefined {
  const text = readablePart(typed).trim();
  if (text === '') return undefined;
  const word = replyWord(text);
  if (word === 'skip' || word === 'no' || word === 'cancel') return { kind: 'skip' };
  if (skipPhrases.has(simplifyText(text))) return { kind: 'skip' };
  const starred = starRating(text);
  if (starred) return { kind: 'rating', rating: starred, comment: null };

  const tokens = firstTokens(text, maxLeadingWords + 4);
  let index = 0;
  while (index < maxLeadingWords && leadingWords.has(bare(tokens[index]?.text ?? ''))) index++;
  const ratingToken = tokens[index];
  if (!ratingToken) return undefined;
  const ratingText = bare(ratingToken.text);
  // "4", "4/5"; never "4,5" or "45": a number that is not a whole rating is not an answer.
  const digit = digitRatings.get(ratingText.endsWith('/5') ? ratingText.slice(0, -2) : ratingText);
  const spelled = numberWords.get(ratingText);
  const rating = digit ?? spelled;
  if (!rating) return undefined;

  let next = index + 1;
  const following = bare(tokens[next]?.text ?? '');
  if (outOfWords.has(following) && bare(tokens[next + 1]?.text ?? '') === '5') next += 2;
  else if (scaleWords.has(following)) next += 1;
  const rest = tokens[next];
  const comment = rest ? withoutLeadingMarks(text.slice(rest.start)) : '';
  if (!rest || comment === '') return { kind: 'rating', rating, comment: null };
  // A question after the number is a new question, not a comment: the survey lapses.
  if (comment.includes('?') || comment.includes('¿')) return undefined;
  // "dos cuadras de la mina" is no rating: a spelled number takes a comment only after a mark
  // ("cinco, muy clara"; "cinco - muy clara").
  const before = tokens[next - 1]?.text ?? '';
  const marked =
    closingMarks.includes(before.charAt(before.length - 1)) ||
    closingMarks.includes(rest.text.charAt(0));
  if (!digit && !marked) return undefined;
  return { kind: 'rating', rating, comment };
}
