import { dateInWords } from '../legal-terms/legal-terms';
import type { QueueItem, QueuePage } from './queue-query';

/** Questions due within this many business days (and overdue ones) go into the digest. */
export const digestDueWithinBusinessDays = 3;
/** A digest names at most this many questions; the rest are counted and left to the queue. */
const maxListed = 25;

export interface DeadlineDigest {
  overdue: number;
  dueSoon: number;
  text: string;
}

function line(item: QueueItem): string {
  const left = item.businessDaysLeft ?? 0;
  const when =
    left < 0
      ? `venció hace ${String(-left)} día${left === -1 ? '' : 's'} hábil${left === -1 ? '' : 'es'}`
      : left === 0
        ? 'vence hoy'
        : `vence en ${String(left)} día${left === 1 ? '' : 's'} hábil${left === 1 ? '' : 'es'}`;
  const askers = item.groupSize > 1 ? ` (${String(item.groupSize)} personas)` : '';
  return `- ${item.trackingCode}: ${when}, el ${dateInWords(new Date(item.dueDate))}${askers}`;
}

function total(page: QueuePage): number {
  return Object.values(page.counts).reduce((sum, count) => sum + count, 0);
}

/** The queue pages a digest is made of: due within three business days, and overdue. */
export const digestFilters = {
  due: { dueWithin: digestDueWithinBusinessDays, limit: maxListed },
  overdue: { overdue: true, limit: 1 },
} as const;

/**
 * The moderators' morning message: what is overdue and what falls due within three business days,
 * earliest first (the queue's own order), in plain Spanish; undefined when nothing is due, so
 * that no one gets an empty message. Lists tracking codes and dates, never a citizen's text.
 * `due` is the queue filtered by `digestFilters.due` (overdue included), `overdue` by
 * `digestFilters.overdue`: their counts give the totals, whatever the page size.
 */
export function deadlineDigest(pages: {
  due: QueuePage;
  overdue: QueuePage;
}): DeadlineDigest | undefined {
  const all = total(pages.due);
  if (all === 0) return undefined;
  const overdue = total(pages.overdue);
  const dueSoon = all - overdue;
  const listed = pages.due.items.slice(0, maxListed).map(line);
  const more = all - listed.length;
  const text = [
    `Preguntas por responder: ${String(overdue)} vencida${overdue === 1 ? '' : 's'} y ${String(dueSoon)} que vence${dueSoon === 1 ? '' : 'n'} en ${String(digestDueWithinBusinessDays)} días hábiles o menos.`,
    ...listed,
    ...(more > 0 ? [`Y ${String(more)} más: véalas en la bandeja de moderación.`] : []),
  ].join('\n');
  return { overdue, dueSoon, text };
}
