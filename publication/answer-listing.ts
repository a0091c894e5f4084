import { simplifyText } from '../kernel/text-folding';
import type { ListedAnswer, PublishedAnswersIndex } from './published-answers-index';

/** What a visitor asked the list for (`GET /respuestas?q=&espacio=&tema=&pagina=`). */
export interface ListingQuery {
  /** Search words, as typed (accents and case do not matter). */
  q: string;
  spaceId: string | null;
  topic: string | null;
  page: number;
}

export interface ListingOption {
  value: string;
  label: string;
  count: number;
}

export interface ListingPage {
  query: ListingQuery;
  items: ListedAnswer[];
  /** Answers matching the query, over every page. */
  total: number;
  page: number;
  pageCount: number;
  /** Every space and topic with published answers, for the filters. */
  spaces: ListingOption[];
  topics: ListingOption[];
}

export const answersPerPage = 20;
const maxQueryLength = 200;
const maxTopicLength = 120;
const maxPage = 100_000;

function firstString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return undefined;
}

/**
 * The query from the URL's parameters, whatever they hold: a value of the wrong shape is ignored
 * (the list is public; a bad link shows every answer rather than an error).
 */
export function listingQueryOf(parameters: Record<string, unknown>): ListingQuery {
  const q = (firstString(parameters.q) ?? '').trim().slice(0, maxQueryLength);
  const space = firstString(parameters.espacio)?.trim().toLowerCase();
  const topic = firstString(parameters.tema)?.trim();
  const page = Number.parseInt(firstString(parameters.pagina) ?? '1', 10);
  return {
    q,
    spaceId: space && /^[0-9a-f]{24}$/.test(space) ? space : null,
    topic: topic && topic.length <= maxTopicLength ? topic : null,
    page: Number.isSafeInteger(page) && page >= 1 ? Math.min(page, maxPage) : 1,
  };
}

function matchesWords(listed: ListedAnswer, words: readonly string[]): boolean {
  for (const word of words) {
    if (!listed.entry.folded.includes(word) && !listed.foldedAnswer.includes(word)) return false;
  }
  return true;
}

function optionsOf(counts: Map<string, ListingOption>): ListingOption[] {
  return [...counts.values()].sort((a, b) => a.label.localeCompare(b.label, 'es'));
}

function count(counts: Map<string, ListingOption>, value: string, label: string): void {
  const known = counts.get(value);
  if (known) known.count++;
  else counts.set(value, { value, label, count: 1 });
}

/**
 * One page of the published answers, newest first: one pass over the answers in memory (search
 * words, space and topic filters, the counts for the filters), no database read.
 */
export function listAnswers(index: PublishedAnswersIndex, query: ListingQuery): ListingPage {
  const words = simplifyText(query.q).split(' ').filter(Boolean);
  const spaces = new Map<string, ListingOption>();
  const topics = new Map<string, ListingOption>();
  const matching: ListedAnswer[] = [];
  for (const entry of index.newestFirst()) {
    const listed = index.listed(entry);
    if (entry.spaceId !== null)
      count(spaces, entry.spaceId, listed.spaceTitle ?? 'Espacio sin título');
    if (entry.topic !== null) count(topics, entry.topic, entry.topic);
    if (query.spaceId !== null && entry.spaceId !== query.spaceId) continue;
    // The topic comes from the filter's own options: compared as it is stored.
    if (query.topic !== null && entry.topic !== query.topic) continue;
    if (words.length > 0 && !matchesWords(listed, words)) continue;
    matching.push(listed);
  }
  const pageCount = Math.max(1, Math.ceil(matching.length / answersPerPage));
  const page = Math.min(query.page, pageCount);
  return {
    query,
    items: matching.slice((page - 1) * answersPerPage, page * answersPerPage),
    total: matching.length,
    page,
    pageCount,
    spaces: optionsOf(spaces),
    topics: optionsOf(topics),
  };
}
