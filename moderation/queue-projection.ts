import type { Types } from 'mongoose';

import type { QuestionModels } from '../models/question';
import { findQueueRow, readQueueRows, type QueueRow } from '../models/question-queue';
import { QuestionFeedFollower, type FeedFollowerOptions } from '../models/question-feed-follower';
import { entryOf, type QueueEntry } from './queue-entry';
import { QueueGroups } from './queue-groups';

export type QueueProjectionOptions = FeedFollowerOptions;

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
export class QueueProjection extends QuestionFeedFollower {
  private readonly entries = new Map<string, QueueEntry>();
  readonly groups = new QueueGroups(this.entries);

  constructor(
    private readonly models: ProjectionModels,
    options: QueueProjectionOptions = {},
  ) {
    super(models.questionChanges, 'moderation queue', options);
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

  /** A question this process just wrote (or read): kept unless the entry is already newer. */
  apply(row: QueueRow): void {
    const known = this.entries.get(row._id.toHexString());
    if (known && known.version >= row.version) return;
    const entry = entryOf(row);
    this.entries.set(entry.id, entry);
    this.groups.changed(known, entry);
  }

  protected async readEverything(): Promise<void> {
    const rows = await readQueueRows(this.models.questions);
    this.entries.clear();
    for (const row of rows) {
      const entry = entryOf(row);
      this.entries.set(entry.id, entry);
    }
    this.groups.rebuild();
  }

  protected knownVersion(questionId: string): number {
    return this.entries.get(questionId)?.version ?? 0;
  }

  protected async refresh(questionIds: Types.ObjectId[]): Promise<void> {
    const rows = await Promise.all(
      questionIds.map((questionId) => findQueueRow(this.models.questions, questionId)),
    );
    for (const row of rows) if (row) this.apply(row);
  }
}
