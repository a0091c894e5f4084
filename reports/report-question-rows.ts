import type { Types } from 'mongoose';

import type { QuestionModel } from '../models/question';
import type { QuestionChangeModel } from '../models/question-changes';
import { QuestionFeedFollower, type FeedFollowerOptions } from '../models/question-feed-follower';
import {
  findReportQuestionRow,
  readReportQuestionRows,
  type ReportQuestionRow,
  type VersionedReportQuestionRow,
} from '../models/report-questions';

export interface ReportQuestionRowsModels {
  questions: QuestionModel;
  questionChanges: QuestionChangeModel;
}

/**
 * The report rows of every question asked in a space, kept in memory between reads of the
 * figures. On the embedded FerretDB the questions' pipeline reads and decodes every stored
 * question whatever its filter or projection (measured: a count costs nearly as much as the read),
 * and it was nine tenths of a report's read of the database. So the questions are read whole once;
 * afterwards each read of the figures first reads the change feed (`question_changes`, small) and
 * reads again by `_id` only the questions written since, as the moderators' queue does
 * (models/question-feed-follower.ts). Questions are never deleted (erasure rewrites them), and a
 * follower that missed the feed for too long reads them all again. No timer: the feed is read when
 * figures are, so an idle bot reads nothing.
 */
export class ReportQuestionRows extends QuestionFeedFollower {
  private readonly rows = new Map<string, VersionedReportQuestionRow>();
  /** Versions seen of questions outside every space, so the feed does not read them again. */
  private readonly outsideVersions = new Map<string, number>();
  private list: ReportQuestionRow[] | undefined;

  constructor(
    private readonly models: ReportQuestionRowsModels,
    options: FeedFollowerOptions = {},
  ) {
    super(models.questionChanges, 'reports', options);
  }

  /** Every question asked in a space, current as of the change feed read now. */
  async current(): Promise<ReportQuestionRow[]> {
    await this.catchUp();
    this.list ??= [...this.rows.values()];
    return this.list;
  }

  protected async readEverything(): Promise<void> {
    const rows = await readReportQuestionRows(this.models.questions);
    this.rows.clear();
    this.outsideVersions.clear();
    this.list = undefined;
    for (const row of rows) this.rows.set(row._id.toHexString(), row);
  }

  protected knownVersion(questionId: string): number {
    return this.rows.get(questionId)?.version ?? this.outsideVersions.get(questionId) ?? 0;
  }

  protected async refresh(questionIds: Types.ObjectId[]): Promise<void> {
    const read = await Promise.all(
      questionIds.map(async (questionId) => ({
        id: questionId.toHexString(),
        found: await findReportQuestionRow(this.models.questions, questionId),
      })),
    );
    for (const { id, found } of read) {
      if (!found || found.version < this.knownVersion(id)) continue;
      this.list = undefined;
      if (found.row) {
        this.rows.set(id, found.row);
        this.outsideVersions.delete(id);
      } else {
        // Asked outside every space (a chat): remembered so that the feed does not read it again.
        this.rows.delete(id);
        this.outsideVersions.set(id, found.version);
      }
    }
  }
}
