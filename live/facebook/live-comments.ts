import {
  claimFacebookReply,
  purgeOldReplies,
  recordReplyOutcome,
  stalledReplyClaims,
  type FacebookReplyModels,
} from '../../models/facebook-reply';
import { findQuestion, type QuestionDocument, type QuestionModels } from '../../models/question';
import { liveCommentKey } from '../../models/submission-keys';
import {
  closeSpace,
  openFacebookSpaces,
  openSpaceForResource,
  spaceOfResource,
  type SpaceDocument,
  type SpaceModels,
} from '../../models/space';
import type { Logger } from '../../kernel/logger';
import type { Pseudonymizer } from '../../kernel/pseudonym';
import { isEmergencyReport } from '../../dialogs/understanding/emergency';
import { isQuestion } from '../question-detector';
import type { LiveQuestions } from '../live-questions';
import type { GraphSendResult, PrivateReplyCheck } from './graph-client';
import { privateReplyText } from './private-reply-text';
import { maxCommentLength, type PageChange } from './webhook-payload';

export interface PrivateReplySender {
  sendPrivateReply(commentId: string, text: string): Promise<GraphSendResult>;
  privateReplyState(commentId: string): Promise<PrivateReplyCheck>;
}

export interface LiveCommentsDependencies {
  models: SpaceModels & Pick<QuestionModels, 'questions'> & FacebookReplyModels;
  liveQuestions: LiveQuestions;
  graph: PrivateReplySender;
  pageId: string;
  inWords: (date: Date) => string;
  /** Makes the comment's submission and reply key: the comment id itself is never a key. */
  pseudonymizer: Pseudonymizer;
  logger: Logger;
  /** Private replies sent at the same time; the rest wait their turn. */
  replyConcurrency?: number;
  /** When this process started: claims made before it have no living sender (default: now). */
  startedAt?: Date;
  /** Whether a comment reports an emergency (default: the emergency check's words alone). */
  isEmergency?: (text: string) => boolean;
}

type CommentChange = Extract<PageChange, { kind: 'comment' }>;

/** A comment's private reply: its records' key, and the id the Graph API sends it to. */
interface PrivateReply {
  replyKey: string;
  commentId: string;
}

/**
 * Longer than a send with every retry can take (GraphClient's default policy: about 1.5 min):
 * a claim this old without an outcome has no living sender, even if another instance made it.
 */
const stalledReplyAfterMs = 5 * 60_000;
/** Claims resumed per round; the next round takes the rest. */
const resumeBatch = 100;
const privateReplyWindowMs = 7 * 24 * 60 * 60_000;

/**
 * Facebook Live as an accountability space: the live video's status opens and closes it, and
 * each comment that is a question is captured once and gets exactly one private reply.
 */
export class FacebookLiveComments {
  private readonly replyQueue: (() => Promise<void>)[] = [];
  private repliesRunning = 0;
  private readonly idleWaiters: (() => void)[] = [];
  /** Comments whose reply this process is sending: never resumed while it runs. */
  private readonly inFlight = new Set<string>();
  private readonly startedAt: Date;
  private readonly isEmergency: (text: string) => boolean;

  constructor(private readonly dependencies: LiveCommentsDependencies) {
    this.startedAt = dependencies.startedAt ?? new Date();
    this.isEmergency = dependencies.isEmergency ?? isEmergencyReport;
  }

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
    const open = await openFacebookSpaces(models, 2);
    return open.length === 1 ? (open[0] ?? null) : null;
  }

  private async commentAdded(comment: CommentChange): Promise<void> {
    const { liveQuestions, pageId, logger } = this.dependencies;
    if (comment.fromId === pageId) return; // the page's own comments
    // An emergency is captured even without a question's shape, so that it gets a reply at once.
    if (!isQuestion(comment.message) && !this.isEmergency(comment.message)) return;
    if (comment.cut)
      logger.warn({ maxLength: maxCommentLength }, 'facebook comment cut to its limit');
    const space = await this.spaceForPost(comment.postId);
    if (!space) {
      logger.info('facebook comment outside any accountability space: not captured');
      return;
    }
    const replyKey = liveCommentKey(this.dependencies.pseudonymizer, comment.commentId);
    const { question, created } = await liveQuestions.capture({
      space,
      text: comment.message,
      channelId: 'facebook',
      origin: 'live-comment',
      submissionKey: replyKey,
      receivedAt: comment.createdAt ?? new Date(),
      conversationKey: null,
    });
    logger.info(
      { space: space._id.toHexString(), created, grouped: question.groupId !== null },
      'facebook live comment captured',
    );
    await this.replyOnce({ replyKey, commentId: comment.commentId }, question);
  }

  /**
   * Private replies claimed but never finished (the process died mid-send, or its outcome could
   * not be written): claims made before this process started, or older than any send could
   * take. Each is checked with the Graph API first: a reply that went out before the crash is
   * recorded as sent, not sent again; only an unanswered comment gets its reply. A check that
   * fails leaves the claim for the next round. Returns how many were resumed.
   */
  async resumeStalledReplies(now: Date = new Date()): Promise<number> {
    const { models } = this.dependencies;
    const claimedBefore = Math.max(this.startedAt.getTime(), now.getTime() - stalledReplyAfterMs);
    const stalled = await stalledReplyClaims(
      models,
      new Date(now.getTime() - privateReplyWindowMs),
      new Date(claimedBefore),
      resumeBatch,
      this.inFlight,
    );
    let resumed = 0;
    for (const claim of stalled) {
      const { commentId } = claim;
      if (this.inFlight.has(claim._id) || commentId === undefined) continue;
      const question = await findQuestion(models.questions, claim.questionId);
      if (!question) continue;
      const reply = { replyKey: claim._id, commentId };
      this.scheduleReply(reply.replyKey, () => this.resumeReply(reply, question));
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

  private async replyOnce(reply: PrivateReply, question: QuestionDocument): Promise<void> {
    const { models } = this.dependencies;
    const questionId = question._id.toHexString();
    if (!(await claimFacebookReply(models, { ...reply, questionId }))) return;
    this.scheduleReply(reply.replyKey, () => this.sendReply(reply, question));
  }

  /**
   * The comment's reply is "in flight" here from now until its task ends, outcome written or
   * not: if not (the database failed), the claim is stalled and a later round checks it.
   */
  private scheduleReply(replyKey: string, task: () => Promise<void>): void {
    this.inFlight.add(replyKey);
    this.schedule(() => task().finally(() => this.inFlight.delete(replyKey)));
  }

  /** A claim left without outcome: the Graph API says whether its reply already went out. */
  private async resumeReply(reply: PrivateReply, question: QuestionDocument): Promise<void> {
    const { graph, models, logger } = this.dependencies;
    const check = await graph.privateReplyState(reply.commentId);
    if (!check.ok && check.retryable) {
      logger.warn(
        { status: check.status },
        'facebook private reply check failed: tried again later',
      );
      return;
    }
    if (!check.ok || check.replied) {
      await recordReplyOutcome(models, {
        _id: reply.replyKey,
        // Refused (deleted comment, no permission) or already answered: sending cannot help.
        state: check.ok ? 'sent' : 'failed',
        status: check.ok ? 200 : check.status,
        attempts: 0,
        at: new Date(),
        via: 'check',
      });
      logger.info(
        { question: question._id.toHexString(), replied: check.ok },
        'facebook private reply found already settled: not sent again',
      );
      return;
    }
    await this.sendReply(reply, question);
  }

  /** Sends the reply and records its outcome; a crash between the two leaves a claim to check. */
  private async sendReply(reply: PrivateReply, question: QuestionDocument): Promise<void> {
    const { graph, models, inWords, logger } = this.dependencies;
    const questionId = question._id;
    const result = await graph.sendPrivateReply(
      reply.commentId,
      privateReplyText(question.trackingCode, inWords(question.dueAt), {
        emergency: this.isEmergency(question.text),
      }),
    );
    await recordReplyOutcome(models, {
      _id: reply.replyKey,
      state: result.ok ? 'sent' : 'failed',
      status: result.ok ? 200 : result.status,
      attempts: result.ok ? 1 : result.attempts,
      at: new Date(),
      via: 'send',
    });
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
