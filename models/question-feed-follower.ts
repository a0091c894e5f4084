import type { Types } from 'mongoose';

import type { Logger } from '../kernel/logger';
import {
  questionChangeRetentionMs,
  questionChangesSince,
  type QuestionChangeModel,
} from './question-changes';

export interface FeedFollowerOptions {
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
  logger?: Logger | undefined;
  now?: () => number;
}

/**
 * Something kept in memory from the questions (the moderators' queue, the published answers) so
 * that serving it costs no database read: on the embedded FerretDB any filter but `{_id}` reads
 * the whole collection. Loaded once (`load`), then fed by the change feed (`question_changes`),
 * read every `pollIntervalMs`: each question it names at a version newer than the one kept is
 * read again by `_id` (`refresh`). Reads never overlap. A subclass says how to read everything,
 * which version it knows of a question, and how to take questions read again.
 */
export abstract class QuestionFeedFollower {
  protected readonly now: () => number;
  private readonly pollIntervalMs: number;
  private readonly overlapMs: number;
  private readonly reloadAfterMs: number;
  private lastReadStartedAt = 0;
  private lastSuccessAt = 0;
  private reading: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private loaded = false;
  private initialLoad: Promise<void> | undefined;

  constructor(
    private readonly changes: QuestionChangeModel,
    /** Names this follower in its log lines ("moderation queue", "public answers"). */
    private readonly label: string,
    private readonly options: FeedFollowerOptions = {},
  ) {
    this.pollIntervalMs = options.pollIntervalMs ?? 2_000;
    this.overlapMs = options.overlapMs ?? 120_000;
    this.reloadAfterMs = options.reloadAfterMs ?? questionChangeRetentionMs / 2;
    this.now = options.now ?? Date.now;
  }

  /** Reads every question once; `ready` waits for it (and starts it again after a failure). */
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
          `${this.label}: reading the change feed failed; next round retries`,
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

  /** Reads every question this follower keeps, replacing what it held. */
  protected abstract readEverything(): Promise<void>;
  /** The version kept of a question (hex id), 0 when none. */
  protected abstract knownVersion(questionId: string): number;
  /** Reads these questions again by `_id` and keeps them. */
  protected abstract refresh(questionIds: Types.ObjectId[]): Promise<void>;

  private serially(work: () => Promise<void>): Promise<void> {
    const next = this.reading.catch(() => undefined).then(work);
    this.reading = next;
    return next;
  }

  private async reloadAll(): Promise<void> {
    const startedAt = this.now();
    await this.readEverything();
    this.loaded = true;
    this.lastReadStartedAt = startedAt;
    this.lastSuccessAt = startedAt;
  }

  private async readFeed(): Promise<void> {
    const startedAt = this.now();
    const since = new Date(this.lastReadStartedAt - this.overlapMs);
    const changes = await questionChangesSince(this.changes, since);
    const newest = new Map<string, { questionId: Types.ObjectId; version: number }>();
    for (const change of changes) {
      const id = change.questionId.toHexString();
      if ((newest.get(id)?.version ?? 0) < change.version)
        newest.set(id, { questionId: change.questionId, version: change.version });
    }
    const stale = [...newest.entries()].filter(
      ([id, change]) => this.knownVersion(id) < change.version,
    );
    await this.refresh(stale.map(([, change]) => change.questionId));
    this.lastReadStartedAt = startedAt;
    this.lastSuccessAt = startedAt;
  }
}
