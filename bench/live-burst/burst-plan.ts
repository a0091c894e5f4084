import type { Activity } from 'botbuilder';

import {
  commentChange,
  liveVideoChange,
  pageNotification,
  testPageId,
  type Change,
} from '../../test/support/facebook-deliveries';
import {
  botAddedToMeeting,
  meetingEventActivity,
  meetingMessage,
  newTeamsMeeting,
  type TeamsMeeting,
} from '../../test/support/teams-meeting-activities';
import { chatterText, pageText, questionText } from './comment-texts';
import { SeededRandom } from './seeded-random';

export interface BurstOptions {
  /** Distinct Page webhook deliveries, each with 1–3 new comments. */
  deliveries: number;
  /** Share of the deliveries that Meta sends again, byte for byte. */
  retryShare: number;
  /** Share of the comments sent again inside another delivery. */
  duplicateShare: number;
  /** Distinct messages in the Teams meeting chat. */
  teamsMessages: number;
  /** Share of the Teams messages that the channel posts again with the same activity id. */
  teamsRetryShare: number;
  /** The window over which every request is spread. */
  durationMs: number;
  seed: number;
}

/** A question must be captured once; chatter and the page's own comments never. */
export type CommentKind = 'question' | 'chatter' | 'page';

export interface PlannedComment {
  commentId: string;
  kind: CommentKind;
  /** When its first delivery is due (milliseconds after the start). */
  atMs: number;
}

export interface PlannedTeamsMessage {
  submissionKey: string;
  kind: Exclude<CommentKind, 'page'>;
  atMs: number;
}

/** original: first delivery; retry: the same bytes again; duplicate: a comment in another delivery. */
export type SendKind = 'original' | 'retry' | 'duplicate';

export type PlannedSend =
  | { channel: 'facebook'; kind: SendKind; atMs: number; body: string }
  | { channel: 'teams'; kind: 'original' | 'retry'; atMs: number; activity: Partial<Activity> };

export interface BurstPlan {
  videoId: string;
  meeting: TeamsMeeting;
  /** Sent before the burst: the live video starts, the bot joins the meeting, the meeting starts. */
  setup: { liveVideo: string; meetingActivities: Partial<Activity>[] };
  comments: PlannedComment[];
  teamsMessages: PlannedTeamsMessage[];
  /** Every request of the burst, in the order of `atMs` (milliseconds after the start). */
  sends: PlannedSend[];
}

interface OriginalDelivery {
  atMs: number;
  body: string;
}

function commentKind(random: SeededRandom): CommentKind {
  const draw = random.next();
  return draw < 0.74 ? 'question' : draw < 0.97 ? 'chatter' : 'page';
}

function changesInDelivery(random: SeededRandom): number {
  const draw = random.next();
  return draw < 0.7 ? 1 : draw < 0.9 ? 2 : 3;
}

/** When a copy is sent: a third at once (racing the first), the rest seconds later, in the window. */
function copyDelay(random: SeededRandom, atMs: number, durationMs: number): number {
  const delay = random.chance(0.3) ? random.integer(0, 30) : random.integer(1_000, 10_000);
  return Math.min(durationMs - 1, atMs + delay);
}

/** `count` distinct items of `items`, drawn at random. */
function sample<T>(random: SeededRandom, items: readonly T[], count: number): T[] {
  const pool = [...items];
  const chosen: T[] = [];
  while (chosen.length < count && pool.length > 0) {
    const index = random.integer(0, pool.length - 1);
    chosen.push(...pool.splice(index, 1));
  }
  return chosen;
}

function planFacebook(options: BurstOptions, random: SeededRandom, videoId: string) {
  const postId = `${testPageId}_${videoId}`;
  const epochSeconds = Math.floor(Date.now() / 1000);
  const comments: (PlannedComment & { change: Change })[] = [];
  const originals: OriginalDelivery[] = [];
  const sends: PlannedSend[] = [];
  const bodies = new Set<string>();
  const uniqueBody = (changes: Change[], atMs: number) => {
    // Two deliveries with the same changes in the same second would be one delivery to the bot.
    for (let time = epochSeconds + Math.floor(atMs / 1000); ; time++) {
      const body = pageNotification(changes, { time });
      if (bodies.has(body)) continue;
      bodies.add(body);
      return body;
    }
  };

  const slot = options.durationMs / options.deliveries;
  for (let index = 0; index < options.deliveries; index++) {
    const atMs = Math.floor((index + random.next()) * slot);
    const changes: Change[] = [];
    for (let count = changesInDelivery(random); count > 0; count--) {
      const kind = commentKind(random);
      const commentId = `${videoId}_${comments.length + 1}`;
      const message =
        kind === 'question'
          ? questionText(random)
          : kind === 'chatter'
            ? chatterText(random)
            : pageText(random);
      const fromId =
        kind === 'page' ? testPageId : String(7_000_000_000_000 + random.integer(1, 5000));
      const change = commentChange({ commentId, postId, message, fromId });
      comments.push({ commentId, kind, change, atMs });
      changes.push(change);
    }
    const body = uniqueBody(changes, atMs);
    originals.push({ atMs, body });
    sends.push({ channel: 'facebook', kind: 'original', atMs, body });
  }

  const retried = sample(random, originals, Math.round(options.retryShare * originals.length));
  for (const original of retried) {
    const atMs = copyDelay(random, original.atMs, options.durationMs);
    sends.push({ channel: 'facebook', kind: 'retry', atMs, body: original.body });
  }

  // Duplicates travel alone or in pairs, in a delivery of their own, some time after the first.
  const duplicated = sample(random, comments, Math.round(options.duplicateShare * comments.length));
  while (duplicated.length > 0) {
    const group = duplicated.splice(0, random.integer(1, 2));
    const after = Math.max(...group.map((comment) => comment.atMs));
    const atMs = copyDelay(random, after, options.durationMs);
    const body = uniqueBody(
      group.map((comment) => comment.change),
      atMs,
    );
    sends.push({ channel: 'facebook', kind: 'duplicate', atMs, body });
  }

  return {
    comments: comments.map(({ commentId, kind, atMs }) => ({ commentId, kind, atMs })),
    sends,
  };
}

function planTeams(options: BurstOptions, random: SeededRandom, meeting: TeamsMeeting) {
  const messages: PlannedTeamsMessage[] = [];
  const sends: PlannedSend[] = [];
  const slot = options.durationMs / Math.max(1, options.teamsMessages);
  for (let index = 0; index < options.teamsMessages; index++) {
    const kind = random.chance(0.7) ? 'question' : 'chatter';
    const activity = meetingMessage(
      meeting,
      kind === 'question' ? questionText(random) : chatterText(random),
      {
        mention: kind === 'question' && random.chance(0.2),
        participantId: `29:participant-${random.integer(1, 400)}`,
      },
    );
    const atMs = Math.floor((index + random.next()) * slot);
    messages.push({
      kind,
      atMs,
      submissionKey: `msteams:${meeting.party.conversationId}:${activity.id ?? ''}`,
    });
    sends.push({ channel: 'teams', kind: 'original', atMs, activity });
    if (random.chance(options.teamsRetryShare)) {
      const retryAt = copyDelay(random, atMs, options.durationMs);
      sends.push({ channel: 'teams', kind: 'retry', atMs: retryAt, activity });
    }
  }
  return { messages, sends };
}

/**
 * Everything a burst sends, decided before the first request: which comments are questions,
 * which deliveries are retried byte for byte, which comments come again in another delivery,
 * and when each request leaves. The same seed gives the same texts, copies and schedule.
 */
export function buildBurstPlan(options: BurstOptions, serviceUrl: string): BurstPlan {
  const random = new SeededRandom(options.seed);
  const videoId = String(900_000_000_000_000 + random.integer(1, 99_999));
  const meeting = newTeamsMeeting(serviceUrl, 'Audiencia pública de rendición de cuentas');
  const facebook = planFacebook(options, random, videoId);
  const teams = planTeams(options, random, meeting);
  return {
    videoId,
    meeting,
    setup: {
      liveVideo: pageNotification([liveVideoChange(videoId, 'live')]),
      meetingActivities: [botAddedToMeeting(meeting), meetingEventActivity(meeting, 'start')],
    },
    comments: facebook.comments,
    teamsMessages: teams.messages,
    sends: [...facebook.sends, ...teams.sends].sort((a, b) => a.atMs - b.atMs),
  };
}
