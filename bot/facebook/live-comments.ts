import type { Types } from 'mongoose';

import {
  claimFacebookReply,
  purgeOldReplies,
  recordReplyOutcome,
  stalledReplyClaims,
  type FacebookReplyModels,
} from '../../models/facebook-reply';
import type { QuestionDocument, QuestionModels } from '../../models/question';
import {
  closeSpace,
  openSpaceForResource,
  spaceOfResource,
  type SpaceDocument,
  type SpaceModels,
} from '../../models/space';
import type { Logger } from '../logger';
import { isQuestion } from '../live/question-detector';
import type { LiveQuestions } from '../live/live-questions';
import type { GraphSendResult } from './graph-client';
import { privateReplyText } from './private-reply-text';
import type { PageChange } from './webhook-payload';

export interface PrivateReplySender {
  sendPrivateReply(commentId: string, text: string): Promise<GraphSendResult>;
}

export interface LiveCommentsDependencies {
  models: SpaceModels & Pick<QuestionModels, 'questions'> & FacebookReplyModels;
  liveQuestions: LiveQuestions;
  graph: PrivateReplySender;
  pageId: string;
  inWords: (date: Date) => string;
  logger: Logger;
  /** Private replies sent at the same time; the rest wait their turn. */
  replyConcurrency?: number;
  /** How often stalled replies are looked for (default one minute). */
  stalledCheckIntervalMs?: number;
}

type CommentChange = Extract<PageChange, { kind: 'comment' }>;

/** Longer than a send with every retry can take (GraphClient's default policy: about 1.5 min). */
const stalledReplyAfterMs = 5 * 60_000;
const stalledReplyCheckIntervalMs = 60_000;
const privateReplyWindowMs = 7 * 24 * 60 * 60_000;

/**
 * Facebook Live as an accountability space: the live video's status opens and closes it, and
 * each comment that is a question is captured once and gets exactly one private reply.
 */
export class FacebookLiveComments {
  private readonly replyQueue: (() => Promise<void>)[] = [];
  private repliesRunning = 0;
  private readonly idleWaiters: (() => void)[] = [];
  private lastStalledCheck = Number.NEGATIVE_INFINITY;
  private readonly resumedClaims = new Set<string>();

  constructor(private readonly dependencies: LiveCommentsDependencies) {}

  async apply(change: PageChange): Promise<void> {
    if (change.kind === 'live-video') await this.liveVideoChanged(change.videoId, change.status);
    else await this.commentAdded(change);
  }

  private async liveVideoChanged(videoId: string, status: 'live' | 'ended' | 'other') {
    const { models, logger } = this.dependencies;
    const resource = { kind: 'facebook-live-video', id: videoId } as const;
    if (status === 'live') {
      const space = await openSpaceForResource(models, resource, {
        type: 'redes-sociales',
        title: 'Transmisión en vivo por Facebook',
        origin: 'facebook-live',
      });
      logger.info({ space: space._id.toHexString() }, 'facebook live video started');
    } else if (status === 'ended') {
      const space = await spaceOfResource(models, resource);
      if (space) {
        const closed = await closeSpace(models, space._id);
        if (closed?.closedNow)
          logger.info({ space: space._id.toHexString() }, 'facebook live video ended');
      }
    }
  }

  /**
   * The space of the post commented on: bound to the post, or to the live video the post
   * shows ("<pageId>_<videoId>"), or else the one Facebook space that is open, if only one is.
   */
  private async spaceForPost(postId: string): Promise<SpaceDocument | null> {
    const { models } = this.dependencies;
    const byPost = await spaceOfResource(models, { kind: 'facebook-post', id: postId });
    if (byPost) return byPost;
    const videoId = postId.includes('_') ? postId.slice(postId.lastIndexOf('_') + 1) : postId;
    const byVideo = await spaceOfResource(models, { kind: 'facebook-live-video', id: videoId });
    if (byVideo) return byVideo;
    const open = await models.spaces
      .find({
        state: 'open',
        $or: [
          { 'bindings.facebookLiveVideoId': { $ne: null } },
          { 'bindings.facebookPostId': { $ne: null } },
        ],
      })
      .limit(2)
      .lean();
    return open.length === 1 ? (open[0] ?? null) : null;
  }

  private async commentAdded(comment: CommentChange): Promise<void> {
    const { liveQuestions, pageId, logger } = this.dependencies;
    if (comment.fromId === pageId) return; // the page's own comments
    if (!isQuestion(comment.message)) return;
    const space = await this.spaceForPost(comment.postId);
    if (!space) {
      logger.info('facebook comment outside any accountability space: not captured');
      return;
    }
    const { question, created } = await liveQuestions.capture({
      space,
      text: comment.message,
      channelId: 'facebook',
      origin: 'live-comment',
      submissionKey: `facebook-comment:${comment.commentId}`,
      receivedAt: comment.createdAt ?? new Date(),
      conversationKey: null,
    });
    logger.info(
      { space: space._id.toHexString(), created, grouped: question.groupId !== null },
      'facebook live comment captured',
    );
    await this.replyOnce(comment.commentId, question);
  }

  /**
   * Private replies claimed but never finished (the process died mid-send) are sent again once
   * they are older than any send could take. Meta accepts one private reply per comment, within
   * 7 days of it, so a second attempt cannot reach the citizen twice.
   */
  async resumeStalledReplies(now: Date = new Date()): Promise<number> {
    const interval = this.dependencies.stalledCheckIntervalMs ?? stalledReplyCheckIntervalMs;
    if (now.getTime() - this.lastStalledCheck < interval) return 0;
    this.lastStalledCheck = now.getTime();
    const { models } = this.dependencies;
    const stalled = await stalledReplyClaims(
      models,
      new Date(now.getTime() - privateReplyWindowMs),
      new Date(now.getTime() - stalledReplyAfterMs),
      100,
    );
    let resumed = 0;
    for (const claim of stalled) {
      // A claim resumed here is not resumed again by this process while its send runs.
      if (this.resumedClaims.has(claim._id)) continue;
      const question = await models.questions.findById(claim.questionId).lean();
      if (!question) continue;
      this.resumedClaims.add(claim._id);
      this.schedule(() => this.sendReply(claim._id, question._id, question));
      resumed++;
    }
    if (resumed > 0) this.dependencies.logger.warn({ resumed }, 'stalled private replies resumed');
    return resumed;
  }

  /** Claims and outcomes older than Meta's 7-day window for private replies protect nothing. */
  async purgeOldReplies(now: Date = new Date()): Promise<number> {
    return purgeOldReplies(
      this.dependencies.models,
      new Date(now.getTime() - privateReplyWindowMs),
    );
  }

  private async replyOnce(commentId: string, question: QuestionDocument): Promise<void> {
    const { models } = this.dependencies;
    const questionId = question._id.toHexString();
    if (!(await claimFacebookReply(models, commentId, questionId))) return;
    this.schedule(() => this.sendReply(commentId, question._id, question));
  }

  private async sendReply(
    commentId: string,
    questionId: Types.ObjectId,
    question: QuestionDocument,
  ) {
    const { graph, models, inWords, logger } = this.dependencies;
    const result = await graph.sendPrivateReply(
      commentId,
      privateReplyText(question.trackingCode, inWords(question.dueAt)),
    );
    await recordReplyOutcome(models, {
      _id: commentId,
      state: result.ok ? 'sent' : 'failed',
      status: result.ok ? 200 : result.status,
      attempts: result.ok ? 1 : result.attempts,
      at: new Date(),
    });
    this.resumedClaims.delete(commentId);
    if (!result.ok) {
      // The question is stored whatever happens to the reply; moderators see failed replies.
      logger.warn(
        { question: questionId.toHexString(), status: result.status, attempts: result.attempts },
        'facebook private reply failed',
      );
    }
  }

  private schedule(task: () => Promise<void>): void {
    this.replyQueue.push(task);
    this.pump();
  }

  private pump(): void {
    const limit = this.dependencies.replyConcurrency ?? 4;
    while (this.repliesRunning < limit && this.replyQueue.length > 0) {
      const task = this.replyQueue.shift();
      if (!task) break;
      this.repliesRunning++;
      void task()
        .catch((error: unknown) => {
          this.dependencies.logger.error(
            { error: error instanceof Error ? error.name : 'unknown' },
            'facebook private reply crashed',
          );
        })
        .finally(() => {
          this.repliesRunning--;
          this.pump();
        });
    }
    if (this.repliesRunning === 0 && this.replyQueue.length === 0) {
      for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }

  /** Resolves when every scheduled private reply has been sent or has failed. */
  async repliesSettled(): Promise<void> {
    if (this.repliesRunning === 0 && this.replyQueue.length === 0) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }
}
