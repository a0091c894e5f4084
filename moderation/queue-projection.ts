import type { Types } from 'mongoose';

import type { Logger } from '../kernel/logger';
import type { QuestionModels } from '../models/question';
import { findQueueRow, readQueueRows, type QueueRow } from '../models/question-queue';
import { questionChangeRetentionMs, questionChangesSince } from '../models/question-changes';
import { entryOf, type QueueEntry } from './queue-entry';
import { QueueGroups } from './queue-groups';

export interface QueueProjectionOptions {
  /** How often the change feed is read for other replicas' writes. */
  pollIntervalMs?: number;
  /**
   * Each read of the feed goes back this far before the previous read started: a record is
   * stamped before it is inserted, and replicas' clocks differ by a little.
   */
  overlapMs?: number;
  /**
   * Past this long without a successful read of the feed, records may have been purged
   * (`questionChangeRetentionMs`): the questions are read again whole. Half the retention.
   */
  reloadAfterMs?: number;
  logger?: Logger;
  now?: () => number;
}

type ProjectionModels = Pick<QuestionModels, 'questions' | 'questionChanges'>;

/**
 * The moderators' queue kept in memory, so that a queue request costs no database read: on the
 * embedded FerretDB any filter or sort reads the whole collection (about 0.1 ms per stored
 * question), far from the 50 ms a queue request may take at 10,000 questions.
 *
 * - loaded once (`load`): one read of every question, queue fields only;
 * - this process's own writes are applied as they happen (`apply`);
 * - other replicas' writes arrive through the change feed (`question_changes`), read every
 *   `pollIntervalMs`; each question it names is read again by `_id` unless the entry already has
 *   that version. `catchUp` reads it at once, for an action that needs the groups as they are.
 *
 * An entry never goes back to an older version, so a late or repeated feed record is harmless.
 */
export class QueueProjection {
  private readonly entries = new Map<string, QueueEntry>();
  readonly groups = new QueueGroups(this.entries);
  private readonly pollIntervalMs: number;
  private readonly overlapMs: number;
  private readonly reloadAfterMs: number;
  private readonly now: () => number;
  private lastReadStartedAt = 0;
  private lastSuccessAt = 0;
  private reading: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private loaded = false;
  private initialLoad: Promise<void> | undefined;

  constructor(
    private readonly models: ProjectionModels,
    private readonly options: QueueProjectionOptions = {},
  ) {
    this.pollIntervalMs = options.pollIntervalMs ?? 2_000;
    this.overlapMs = options.overlapMs ?? 120_000;
    this.reloadAfterMs = options.reloadAfterMs ?? questionChangeRetentionMs / 2;
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  entry(id: string): QueueEntry | undefined {
    return this.entries.get(id);
  }

  allEntries(): IterableIterator<QueueEntry> {
    return this.entries.values();
  }

  /**
   * Reads every question (queue fields only), once: at start, before serving the queue. At
   * 100,000 questions this takes tens of seconds on the embedded store, so a caller need not
   * await it; `ready` waits for it (and starts it again after a failed attempt).
   */
  load(): Promise<void> {
    if (!this.initialLoad) {
      const loading = this.serially(() => this.reloadAll());
      this.initialLoad = loading;
      loading.catch(() => {
        if (this.initialLoad === loading) this.initialLoad = undefined;
      });
    }
    return this.initialLoad;
  }

  /** Resolves once the questions are in memory. */
  ready(): Promise<void> {
    return this.loaded ? Promise.resolve() : this.load();
  }

  /** Starts reading the change feed every `pollIntervalMs`. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.catchUp().catch((error: unknown) => {
        this.options.logger?.warn(
          { code: (error as { code?: unknown }).code, name: (error as Error).name },
          'moderation queue: reading the change feed failed; next round retries',
        );
      });
    }, this.pollIntervalMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for a read in progress. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.reading.catch(() => undefined);
  }

  /** Reads the change feed now (after any read in progress, which may have started too early). */
  async catchUp(): Promise<void> {
    if (!this.loaded) {
      await this.load();
      return;
    }
    await this.serially(() =>
      this.now() - this.lastSuccessAt > this.reloadAfterMs ? this.reloadAll() : this.readFeed(),
    );
  }

  /** A question this process just wrote (or read): kept unless the entry is already newer. */
  apply(row: QueueRow): void {
    const known = this.entries.get(row._id.toHexString());
    if (known && known.version >= row.version) return;
    const entry = entryOf(row);
    this.entries.set(entry.id, entry);
    this.groups.changed(known, entry);
  }

  private serially(work: () => Promise<void>): Promise<void> {
    const next = this.reading.catch(() => undefined).then(work);
    this.reading = next;
    return next;
  }

  private async reloadAll(): Promise<void> {
    const startedAt = this.now();
    const rows = await readQueueRows(this.models.questions);
    this.entries.clear();
    for (const row of rows) {
      const entry = entryOf(row);
      this.entries.set(entry.id, entry);
    }
    this.groups.rebuild();
    this.loaded = true;
    this.lastReadStartedAt = startedAt;
    this.lastSuccessAt = startedAt;
  }

  private async readFeed(): Promise<void> {
    const startedAt = this.now();
    const since = new Date(this.lastReadStartedAt - this.overlapMs);
    const changes = await questionChangesSince(this.models.questionChanges, since);
    const newest = new Map<string, { questionId: Types.ObjectId; version: number }>();
    for (const change of changes) {
      const id = change.questionId.toHexString();
      const seen = newest.get(id);
      if (!seen || seen.version < change.version)
        newest.set(id, { questionId: change.questionId, version: change.version });
    }
    const stale = [...newest.entries()].filter(
      ([id, change]) => (this.entries.get(id)?.version ?? 0) < change.version,
    );
    const rows = await Promise.all(
      stale.map(([, change]) => findQueueRow(this.models.questions, change.questionId)),
    );
    for (const row of rows) if (row) this.apply(row);
    this.lastReadStartedAt = startedAt;
    this.lastSuccessAt = startedAt;
  }
}
