import type { Models } from '../../models/registry';
import type { FakeGraphServer } from '../../test/support/fake-graph-server';
import type { BurstPlan } from './burst-plan';
import type { SendResult } from './load-generator';
import type { Pseudonymizer } from '../../kernel/pseudonym';
import {
  isLiveCommentKey,
  liveCommentKey,
  pseudonymousSubmissionKey,
} from '../../models/submission-keys';

/** What the bot stored for one channel, against what was sent. */
export interface CaptureCheck {
  /** Distinct questions sent. */
  questions: number;
  /** Distinct questions stored (at least once). */
  captured: number;
  /** Questions sent and never stored (submission keys). */
  lost: string[];
  /** Questions stored more than once. */
  duplicated: string[];
  /** Chatter (or the page's own comments) stored as questions. */
  chatterCaptured: string[];
  /** Questions stored that nobody sent. */
  unexpected: string[];
}

export interface ReplyCheck {
  /** Captured comments without a successful private reply. */
  missing: string[];
  /** Comments with more than one successful private reply. */
  repeated: string[];
  /** Private replies to comments that are not captured questions. */
  toOthers: string[];
  /** Replies whose text does not carry the tracking code of the comment's question. */
  wrongCode: string[];
}

export interface Verification {
  facebook: CaptureCheck & {
    replies: ReplyCheck;
    /** Distinct delivery bodies accepted, and how many the bot stored. */
    deliveriesAccepted: number;
    deliveriesStored: number;
    deliveriesFailed: number;
  };
  teams: CaptureCheck & { botMessagesDuringBurst: number };
  /** Requests answered with anything but 200 (or not answered). */
  non200: { facebook: number; teams: number };
  /** From a message's scheduled send to its question's creation, per captured question. */
  captureDelaysMs: { facebook: number[]; teams: number[] };
  /** Nothing lost, duplicated, captured by mistake, unanswered or replied twice. */
  ok: boolean;
}

function checkCaptures(
  expected: Map<string, 'question' | 'chatter' | 'page'>,
  storedKeys: string[],
): CaptureCheck {
  const counts = new Map<string, number>();
  for (const key of storedKeys) counts.set(key, (counts.get(key) ?? 0) + 1);
  const questions = [...expected].filter(([, kind]) => kind === 'question').map(([key]) => key);
  return {
    questions: questions.length,
    captured: questions.filter((key) => counts.has(key)).length,
    lost: questions.filter((key) => !counts.has(key)),
    duplicated: questions.filter((key) => (counts.get(key) ?? 0) > 1),
    chatterCaptured: [...expected]
      .filter(([key, kind]) => kind !== 'question' && counts.has(key))
      .map(([key]) => key),
    unexpected: [...counts.keys()].filter((key) => !expected.has(key)),
  };
}

function checkReplies(graph: FakeGraphServer, codeByComment: Map<string, string>): ReplyCheck {
  const replies = new Map<string, string[]>();
  for (const request of graph.requests) {
    const commentId = request.body.recipient?.comment_id;
    if (request.path === 'failed' || commentId === undefined) continue;
    replies.set(commentId, [...(replies.get(commentId) ?? []), request.body.message?.text ?? '']);
  }
  const captured = [...codeByComment.keys()];
  return {
    missing: captured.filter((commentId) => !replies.has(commentId)),
    repeated: [...replies].filter(([, texts]) => texts.length > 1).map(([commentId]) => commentId),
    toOthers: [...replies.keys()].filter((commentId) => !codeByComment.has(commentId)),
    wrongCode: [...replies]
      .filter(([commentId, texts]) => {
        const code = codeByComment.get(commentId);
        return code !== undefined && !texts.every((text) => text.includes(code));
      })
      .map(([commentId]) => commentId),
  };
}

function isProblemFree(check: CaptureCheck): boolean {
  return (
    check.lost.length === 0 &&
    check.duplicated.length === 0 &&
    check.chatterCaptured.length === 0 &&
    check.unexpected.length === 0
  );
}

/**
 * Compares what the bot stored and sent with what the burst sent: every question exactly once
 * (by submission key), no chatter, one successful private reply per captured comment carrying
 * its tracking code, every request answered 200.
 */
export async function verifyBurst(input: {
  plan: BurstPlan;
  results: SendResult[];
  models: Models;
  /** The bot's: stored submission keys are pseudonyms of the comment and message ids. */
  pseudonymizer: Pseudonymizer;
  graph: FakeGraphServer;
  botMessagesDuringBurst: number;
  /** Date.now() when the burst's schedule started. */
  startedAtEpochMs: number;
}): Promise<Verification> {
  const { plan, results, models, graph, pseudonymizer } = input;
  const commentOfKey = new Map(
    plan.comments.map((comment) => [
      liveCommentKey(pseudonymizer, comment.commentId),
      comment.commentId,
    ]),
  );
  const teamsKeyOf = (rawKey: string) => pseudonymousSubmissionKey(pseudonymizer, rawKey);
  const stored = await models.questions
    .find({}, { submissionKey: 1, trackingCode: 1, createdAt: 1 })
    .lean<{ submissionKey: string; trackingCode: string; createdAt: Date }[]>();
  const facebookStored = stored.filter((question) => isLiveCommentKey(question.submissionKey));
  const facebookExpected = new Map(
    plan.comments.map((comment) => [
      liveCommentKey(pseudonymizer, comment.commentId),
      comment.kind,
    ]),
  );
  const teamsExpected = new Map(
    plan.teamsMessages.map((message) => [teamsKeyOf(message.submissionKey), message.kind]),
  );
  const codeByComment = new Map(
    facebookStored
      .filter((question) => facebookExpected.get(question.submissionKey) === 'question')
      .map((question) => [
        commentOfKey.get(question.submissionKey) ?? question.submissionKey,
        question.trackingCode,
      ]),
  );

  const accepted = results.filter((result) => result.outcome === 200);
  const acceptedBodies = new Set(
    accepted.flatMap((result) => (result.send.channel === 'facebook' ? [result.send.body] : [])),
  );
  const facebookChecks = checkCaptures(
    facebookExpected,
    facebookStored.map((question) => question.submissionKey),
  );
  const teamsChecks = checkCaptures(
    teamsExpected,
    stored.map((question) => question.submissionKey).filter((key) => !isLiveCommentKey(key)),
  );
  const replies = checkReplies(graph, codeByComment);
  const scheduledAt = new Map([
    ...plan.comments.map(
      (comment) => [liveCommentKey(pseudonymizer, comment.commentId), comment.atMs] as const,
    ),
    ...plan.teamsMessages.map(
      (message) => [teamsKeyOf(message.submissionKey), message.atMs] as const,
    ),
  ]);
  const delayOf = (question: (typeof stored)[number]) =>
    question.createdAt.getTime() -
    input.startedAtEpochMs -
    (scheduledAt.get(question.submissionKey) ?? 0);
  // The setup's live-video delivery is stored too.
  const deliveriesStored = (await models.facebookEvents.countDocuments()) - 1;
  const deliveriesFailed = await models.facebookEventOutcomes.countDocuments({ state: 'failed' });
  const non200 = {
    facebook: results.filter((r) => r.send.channel === 'facebook' && r.outcome !== 200).length,
    teams: results.filter((r) => r.send.channel === 'teams' && r.outcome !== 200).length,
  };

  return {
    facebook: {
      ...facebookChecks,
      replies,
      deliveriesAccepted: acceptedBodies.size,
      deliveriesStored,
      deliveriesFailed,
    },
    teams: { ...teamsChecks, botMessagesDuringBurst: input.botMessagesDuringBurst },
    non200,
    captureDelaysMs: {
      facebook: facebookStored.map(delayOf),
      teams: stored.filter((question) => !isLiveCommentKey(question.submissionKey)).map(delayOf),
    },
    ok:
      isProblemFree(facebookChecks) &&
      isProblemFree(teamsChecks) &&
      Object.values(replies).every((list: string[]) => list.length === 0) &&
      deliveriesStored === acceptedBodies.size &&
      deliveriesFailed === 0 &&
      non200.facebook === 0 &&
      non200.teams === 0 &&
      input.botMessagesDuringBurst === 0,
  };
}
