import type { Types } from 'mongoose';

import {
  findPublicationRow,
  readPublicationRows,
  type PublicationRow,
} from '../models/published-answers';
import type { QuestionModels } from '../models/question';
import { QuestionFeedFollower, type FeedFollowerOptions } from '../models/question-feed-follower';
import { findSpace, type SpaceModels } from '../models/space';
import { publishedAnswerEntry, type PublishedAnswer } from './published-answer';

export type PublishedAnswersIndexOptions = FeedFollowerOptions;

export type PublicationModels = Pick<QuestionModels, 'questions' | 'questionChanges'> & SpaceModels;

/** A published answer with what the page shows beside it, resolved for one request. */
export interface ListedAnswer {
  entry: PublishedAnswer;
  answer: string | null;
  foldedAnswer: string;
  spaceTitle: string | null;
}

const maxGroupHops = 5;
const spaceTitlesMaxAgeMs = 10 * 60_000;

/**
 * The published answers kept in memory, so that the public page (`GET /respuestas`) costs no
 * database read at any size: on the embedded FerretDB any filter but `{_id}` reads the whole
 * collection. The moderators' queue (moderation/queue-projection.ts) is kept the same way but
 * holds neither the answers nor the publication dates, and is built only with staff sign-in.
 *
 * - loaded once (`load`): the published questions, and the titles of their spaces, by `_id`;
 * - then fed by the change feed (`question_changes`), read every `pollIntervalMs`: each question
 *   it names at a newer version is read again by `_id`, kept if published, dropped otherwise
 *   (a published question is closed, so that is rare, but the feed is the truth).
 *
 * An entry never goes back to an older version, so a late or repeated feed record is harmless.
 */
export class PublishedAnswersIndex extends QuestionFeedFollower {
  private readonly entries = new Map<string, PublishedAnswer>();
  /** Versions seen of questions that are not published, so the feed does not read them again. */
  private readonly unpublishedVersions = new Map<string, number>();
  private readonly spaceTitles = new Map<string, string>();
  private spaceTitlesReadAt = 0;
  private sorted: PublishedAnswer[] | undefined;

  constructor(
    private readonly models: PublicationModels,
    options: PublishedAnswersIndexOptions = {},
  ) {
    super(models.questionChanges, 'public answers', options);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Published answers, most recently published first (then by code, for a stable order). */
  newestFirst(): readonly PublishedAnswer[] {
    this.sorted ??= [...this.entries.values()].sort(
      (a, b) =>
        b.publishedAt - a.publishedAt ||
        (a.trackingCode < b.trackingCode ? -1 : a.trackingCode > b.trackingCode ? 1 : 0),
    );
    return this.sorted;
  }

  /** The answer and space of one entry; a grouped question takes its canonical question's. */
  listed(entry: PublishedAnswer): ListedAnswer {
    let source: PublishedAnswer | undefined = entry;
    for (let hop = 0; source && source.ownAnswer === null && hop < maxGroupHops; hop++) {
      source = source.groupId === null ? undefined : this.entries.get(source.groupId);
    }
    const answered = source?.ownAnswer == null ? undefined : source;
    return {
      entry,
      answer: answered?.ownAnswer ?? null,
      foldedAnswer: answered?.foldedAnswer ?? '',
      spaceTitle: entry.spaceId === null ? null : (this.spaceTitles.get(entry.spaceId) ?? null),
    };
  }

  private apply(row: PublicationRow): void {
    const id = row._id.toHexString();
    const known = this.entries.get(id);
    if (known && known.version >= row.version) return;
    if (row.status !== 'published') {
      if (known) {
        this.entries.delete(id);
        this.sorted = undefined;
      }
      this.unpublishedVersions.set(id, row.version);
      return;
    }
    this.unpublishedVersions.delete(id);
    const entry = publishedAnswerEntry(row);
    this.entries.set(id, entry);
    if (!known || known.publishedAt !== entry.publishedAt) this.sorted = undefined;
    else if (this.sorted) this.sorted[this.sorted.indexOf(known)] = entry;
  }

  protected async readEverything(): Promise<void> {
    const rows = await readPublicationRows(this.models.questions);
    this.entries.clear();
    this.unpublishedVersions.clear();
    this.sorted = undefined;
    for (const row of rows) this.apply(row);
    this.spaceTitlesReadAt = 0;
    await this.readSpaceTitles();
  }

  protected knownVersion(questionId: string): number {
    return this.entries.get(questionId)?.version ?? this.unpublishedVersions.get(questionId) ?? 0;
  }

  protected async refresh(questionIds: Types.ObjectId[]): Promise<void> {
    const rows = await Promise.all(
      questionIds.map((questionId) => findPublicationRow(this.models.questions, questionId)),
    );
    for (const row of rows) if (row) this.apply(row);
    await this.readSpaceTitles();
  }

  /**
   * The title of every space a published answer names that is not known yet, by `_id`; every
   * ten minutes all of them again, so a title staff corrected reaches the page.
   */
  private async readSpaceTitles(): Promise<void> {
    if (this.now() - this.spaceTitlesReadAt > spaceTitlesMaxAgeMs) {
      this.spaceTitles.clear();
      this.spaceTitlesReadAt = this.now();
    }
    const missing = new Map<string, Types.ObjectId>();
    for (const entry of this.entries.values()) {
      if (entry.spaceObjectId !== null && !this.spaceTitles.has(entry.spaceId ?? ''))
        missing.set(entry.spaceId ?? '', entry.spaceObjectId);
    }
    const spaces = await Promise.all(
      [...missing.values()].map((spaceId) => findSpace(this.models, spaceId)),
    );
    for (const space of spaces)
      if (space) this.spaceTitles.set(space._id.toHexString(), space.title);
  }
}
