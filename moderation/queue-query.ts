import { foldText } from '../kernel/text-folding';
import type { StaffRef } from '../kernel/staff-identity';
import {
  bogotaDate,
  businessDaysLeft,
  endOfBogotaDay,
  nthBusinessDateAfter,
} from '../legal-terms/business-days';
import { questionStatuses, type QuestionStatus } from '../models/question';
import type { QueueGroup } from './queue-groups';

/** What a moderator filters the queue by; every filter is optional and they all apply together. */
export interface QueueFilters {
  statuses?: readonly QuestionStatus[] | undefined;
  spaceId?: string | undefined;
  /** The responsible area, compared without case or accents. */
  area?: string | undefined;
  /** The channel (`msteams`, `facebook`, `webchat`…) or where it was asked (`chat`, `meeting-chat`, `live-comment`). */
  channel?: string | undefined;
  /** Only questions still waiting whose due date has passed. */
  overdue?: boolean | undefined;
  /** Only questions still waiting due within this many business days, overdue ones included. */
  dueWithin?: number | undefined;
  /** Words that must all appear in the text or the tracking code (accents and case ignored). */
  search?: string | undefined;
  /** Where the previous page ended. */
  after?: QueueCursor | undefined;
  limit: number;
}

/** The queue's order: waiting first, then the earliest due date (overdue before due soon), then id. */
export interface QueueCursor {
  closed: boolean;
  dueAt: number;
  id: string;
}

export interface QueueItem {
  id: string;
  trackingCode: string;
  text: string;
  status: QuestionStatus;
  spaceId: string | null;
  channel: string;
  origin: string;
  receivedAt: string;
  /** The group's due date: the earliest among its askers still waiting. */
  dueDate: string;
  /** Negative once overdue; null for a closed question. */
  businessDaysLeft: number | null;
  /** How many people asked it (the question and those grouped under it). */
  groupSize: number;
  area: string | null;
  assignee: StaffRef | null;
  version: number;
}

export interface QueuePage {
  items: QueueItem[];
  nextCursor: string | null;
  /** Questions per status with every filter but the status applied. */
  counts: Record<QuestionStatus, number>;
}

export function encodeCursor(cursor: QueueCursor): string {
  return Buffer.from(JSON.stringify([cursor.closed ? 1 : 0, cursor.dueAt, cursor.id])).toString(
    'base64url',
  );
}

/** The cursor a page handed out; undefined for anything else. */
export function decodeCursor(text: string): QueueCursor | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown;
    if (!Array.isArray(parsed) || parsed.length !== 3) return undefined;
    const [closed, dueAt, id] = parsed as unknown[];
    if ((closed !== 0 && closed !== 1) || typeof dueAt !== 'number' || !Number.isFinite(dueAt))
      return undefined;
    if (typeof id !== 'string' || !/^[0-9a-f]{24}$/.test(id)) return undefined;
    return { closed: closed === 1, dueAt, id };
  } catch {
    return undefined;
  }
}

function compareKeys(a: QueueCursor, b: QueueCursor): number {
  if (a.closed !== b.closed) return a.closed ? 1 : -1;
  if (a.dueAt !== b.dueAt) return a.dueAt - b.dueAt;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

const dayMs = 24 * 60 * 60_000;

/**
 * The last instant a due date may have and still count as "due within N business days" on the
 * Bogotá date of `now`: business days left ≤ N exactly when the due date comes before the
 * (N+1)th business date after today (see `businessDaysLeft`).
 */
function dueWithinCutoff(now: Date, days: number): number {
  return endOfBogotaDay(nthBusinessDateAfter(bogotaDate(now), days + 1)).getTime() - dayMs;
}

function emptyCounts(): Record<QuestionStatus, number> {
  return Object.fromEntries(questionStatuses.map((status) => [status, 0])) as Record<
    QuestionStatus,
    number
  >;
}

/** Inserts into a list kept sorted and no longer than `limit` + 1 (one more tells "next page"). */
function keepSmallest(
  kept: QueueGroup[],
  keys: QueueCursor[],
  group: QueueGroup,
  key: QueueCursor,
  limit: number,
): void {
  if (keys.length > limit && compareKeys(key, keys[keys.length - 1] as QueueCursor) >= 0) return;
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (compareKeys(keys[middle] as QueueCursor, key) < 0) low = middle + 1;
    else high = middle;
  }
  keys.splice(low, 0, key);
  kept.splice(low, 0, group);
  if (keys.length > limit + 1) {
    keys.pop();
    kept.pop();
  }
}

/**
 * Business days left, counted once per due date and day: many questions share a due date, and
 * counting day by day for every item of every page would cost more than the whole scan.
 */
class DaysLeft {
  private readonly known = new Map<string, number>();
  private readonly today: string;

  constructor(private readonly now: Date) {
    this.today = bogotaDate(now);
  }

  of(dueAt: number): number {
    const due = bogotaDate(new Date(dueAt));
    let left = this.known.get(due);
    if (left === undefined) {
      left = businessDaysLeft(new Date(dueAt), this.now);
      this.known.set(due, left);
    }
    return left;
  }

  /** Whether this counter still counts from the Bogotá date of `now`. */
  countsFrom(now: Date): boolean {
    return bogotaDate(now) === this.today;
  }
}

let daysLeft: DaysLeft | undefined;

function daysLeftOf(dueAt: number, now: Date): number {
  if (!daysLeft?.countsFrom(now)) daysLeft = new DaysLeft(now);
  return daysLeft.of(dueAt);
}

function itemOf(group: QueueGroup, now: Date): QueueItem {
  const { head } = group;
  return {
    id: head.id,
    trackingCode: head.trackingCode,
    text: head.text,
    status: head.status,
    spaceId: head.spaceId,
    channel: head.channelId,
    origin: head.origin,
    receivedAt: new Date(head.receivedAt).toISOString(),
    dueDate: new Date(group.dueAt).toISOString(),
    businessDaysLeft: head.open ? daysLeftOf(group.dueAt, now) : null,
    groupSize: group.members.length,
    area: head.area,
    assignee: head.assignee,
    version: head.version,
  };
}

/**
 * One page of the queue, in one pass over the groups in memory: each group is filtered, counted
 * by status, and kept if it is among the first `limit` after the cursor. No sort of the whole
 * queue: at 100,000 questions a request costs a few milliseconds.
 */
export function queryQueue(
  groups: Iterable<QueueGroup>,
  filters: QueueFilters,
  now: Date,
): QueuePage {
  const statuses =
    filters.statuses && filters.statuses.length > 0 ? new Set(filters.statuses) : undefined;
  const area = filters.area === undefined ? undefined : foldText(filters.area.trim());
  const terms =
    filters.search === undefined ? [] : foldText(filters.search).split(/\s+/).filter(Boolean);
  const overdueCutoff = endOfBogotaDay(bogotaDate(now)).getTime() - dayMs;
  const dueCutoff =
    filters.dueWithin === undefined ? undefined : dueWithinCutoff(now, filters.dueWithin);
  const counts = emptyCounts();
  const kept: QueueGroup[] = [];
  const keys: QueueCursor[] = [];
  for (const group of groups) {
    const { head } = group;
    if (filters.spaceId !== undefined && head.spaceId !== filters.spaceId) continue;
    if (
      filters.channel !== undefined &&
      head.channelId !== filters.channel &&
      head.origin !== filters.channel
    )
      continue;
    if (area !== undefined && head.foldedArea !== area) continue;
    if (filters.overdue && !(head.open && group.dueAt <= overdueCutoff)) continue;
    if (dueCutoff !== undefined && !(head.open && group.dueAt <= dueCutoff)) continue;
    if (terms.length > 0 && !terms.every((term) => head.folded.includes(term))) continue;
    counts[head.status]++;
    if (statuses && !statuses.has(head.status)) continue;
    const key: QueueCursor = { closed: !head.open, dueAt: group.dueAt, id: head.id };
    if (filters.after && compareKeys(key, filters.after) <= 0) continue;
    keepSmallest(kept, keys, group, key, filters.limit);
  }
  const hasMore = kept.length > filters.limit;
  const page = kept.slice(0, filters.limit);
  const last = keys[page.length - 1];
  return {
    items: page.map((group) => itemOf(group, now)),
    nextCursor: hasMore && last ? encodeCursor(last) : null,
    counts,
  };
}
