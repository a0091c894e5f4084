import { percentile } from '../retrieval/benchmark';
import type { BurstPlan, PlannedSend } from './burst-plan';
import type { LoadRun } from './load-generator';
import type { Verification } from './verification';

export interface Latency {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface BurstFigures {
  facebook: {
    requests: number;
    originals: number;
    retries: number;
    duplicates: number;
    accepted: number;
    comments: { total: number; questions: number; chatter: number; page: number };
    latency: Latency;
    /** From a comment's send to its question stored. */
    captureDelay: Latency;
  };
  teams: {
    requests: number;
    originals: number;
    retries: number;
    accepted: number;
    questions: number;
    chatter: number;
    latency: Latency;
    captureDelay: Latency;
  };
  /** From the first request to the last response. */
  loadSeconds: number;
  /** Requests of both channels per second over that window. */
  requestsPerSecond: number;
  /** Latest a request left against its schedule (the bounded concurrency held it back). */
  maxLagMs: number;
  notSent: number;
  /** Facebook deliveries not processed yet when the last response came back. */
  backlogAtEndOfLoad: number;
  /** From the last response until every delivery was processed and every reply answered. */
  drainSeconds: number;
  /** Distinct comments processed per second, from the first request until drained. */
  commentsPerSecond: number;
  /** Bot log lines at warn level or above. */
  botProblems: number;
}

function latencyOf(values: number[]): Latency {
  const millis = values.filter((ms) => !Number.isNaN(ms)).sort((a, b) => a - b);
  return {
    p50: percentile(millis, 0.5),
    p95: percentile(millis, 0.95),
    p99: percentile(millis, 0.99),
    max: millis.at(-1) ?? Number.NaN,
  };
}

function count<T>(items: T[], predicate: (item: T) => boolean): number {
  return items.filter(predicate).length;
}

export function burstFigures(input: {
  plan: BurstPlan;
  load: LoadRun;
  captureDelaysMs: { facebook: number[]; teams: number[] };
  backlogAtEndOfLoad: number;
  drainedAt: number;
  botProblems: number;
}): BurstFigures {
  const { plan, load } = input;
  const on = (channel: PlannedSend['channel']) =>
    load.results.filter((result) => result.send.channel === channel);
  const facebook = on('facebook');
  const teams = on('teams');
  const loadSeconds = (load.finishedAt - load.startedAt) / 1000;
  const sent = count(load.results, (result) => result.outcome !== 'not-sent');
  return {
    facebook: {
      requests: facebook.length,
      originals: count(facebook, (result) => result.send.kind === 'original'),
      retries: count(facebook, (result) => result.send.kind === 'retry'),
      duplicates: count(facebook, (result) => result.send.kind === 'duplicate'),
      accepted: count(facebook, (result) => result.outcome === 200),
      comments: {
        total: plan.comments.length,
        questions: count(plan.comments, (comment) => comment.kind === 'question'),
        chatter: count(plan.comments, (comment) => comment.kind === 'chatter'),
        page: count(plan.comments, (comment) => comment.kind === 'page'),
      },
      latency: latencyOf(facebook.map((result) => result.ms)),
      captureDelay: latencyOf(input.captureDelaysMs.facebook),
    },
    teams: {
      requests: teams.length,
      originals: count(teams, (result) => result.send.kind === 'original'),
      retries: count(teams, (result) => result.send.kind === 'retry'),
      accepted: count(teams, (result) => result.outcome === 200),
      questions: count(plan.teamsMessages, (message) => message.kind === 'question'),
      chatter: count(plan.teamsMessages, (message) => message.kind === 'chatter'),
      latency: latencyOf(teams.map((result) => result.ms)),
      captureDelay: latencyOf(input.captureDelaysMs.teams),
    },
    loadSeconds,
    requestsPerSecond: sent / loadSeconds,
    maxLagMs: Math.max(0, ...load.results.map((result) => result.lagMs)),
    notSent: count(load.results, (result) => result.outcome === 'not-sent'),
    backlogAtEndOfLoad: input.backlogAtEndOfLoad,
    drainSeconds: (input.drainedAt - load.finishedAt) / 1000,
    commentsPerSecond: plan.comments.length / ((input.drainedAt - load.startedAt) / 1000),
    botProblems: input.botProblems,
  };
}

const ms = (value: number) => `${value.toFixed(1)} ms`;
const latencyLine = (latency: Latency) =>
  `p50 ${ms(latency.p50)}, p95 ${ms(latency.p95)}, p99 ${ms(latency.p99)}, max ${ms(latency.max)}`;
/** A list of keys, shortened: the first few are enough to look one up. */
const keys = (list: string[]) =>
  list.length === 0
    ? '0'
    : `${list.length} (${list.slice(0, 5).join(', ')}${list.length > 5 ? ', …' : ''})`;

export function describeBurst(figures: BurstFigures, verification: Verification): string[] {
  const { facebook, teams } = figures;
  const fb = verification.facebook;
  const tm = verification.teams;
  return [
    `Facebook: ${facebook.requests} webhook requests (${facebook.originals} deliveries, ${facebook.retries} retries, ${facebook.duplicates} with duplicated comments), ${facebook.accepted} answered 200`,
    `  comments: ${facebook.comments.total} distinct (${facebook.comments.questions} questions, ${facebook.comments.chatter} chatter, ${facebook.comments.page} by the page)`,
    `  deliveries stored: ${fb.deliveriesStored} of ${fb.deliveriesAccepted} distinct accepted, ${fb.deliveriesFailed} failed`,
    `  questions captured: ${fb.captured}/${fb.questions}; lost ${keys(fb.lost)}; duplicated ${keys(fb.duplicated)}; chatter captured ${keys(fb.chatterCaptured)}; unexpected ${keys(fb.unexpected)}`,
    `  private replies: missing ${keys(fb.replies.missing)}; repeated ${keys(fb.replies.repeated)}; to other comments ${keys(fb.replies.toOthers)}; wrong code ${keys(fb.replies.wrongCode)}`,
    `  webhook latency: ${latencyLine(facebook.latency)}`,
    `  comment sent → question stored: ${latencyLine(facebook.captureDelay)}`,
    `Teams: ${teams.requests} meeting messages posted (${teams.originals} distinct, ${teams.retries} retries; ${teams.questions} questions, ${teams.chatter} chatter), ${teams.accepted} answered 200`,
    `  questions captured: ${tm.captured}/${tm.questions}; lost ${keys(tm.lost)}; duplicated ${keys(tm.duplicated)}; chatter captured ${keys(tm.chatterCaptured)}; unexpected ${keys(tm.unexpected)}; bot messages in the meeting chat ${tm.botMessagesDuringBurst}`,
    `  /api/messages latency: ${latencyLine(teams.latency)}`,
    `  message sent → question stored: ${latencyLine(teams.captureDelay)}`,
    `load: ${figures.loadSeconds.toFixed(1)} s from first request to last response, ${figures.requestsPerSecond.toFixed(1)} requests/s, max schedule lag ${ms(figures.maxLagMs)}, not sent ${figures.notSent}`,
    `processing: ${figures.backlogAtEndOfLoad} deliveries waiting at the end of the load, drained ${figures.drainSeconds.toFixed(1)} s later; ${figures.commentsPerSecond.toFixed(1)} comments/s from first request to drained`,
    `bot log lines at warn or above: ${figures.botProblems}`,
    `result: ${verification.ok ? 'OK (0 lost, 0 duplicated)' : 'FAILED'}`,
  ];
}
