import { setTimeout as delay } from 'node:timers/promises';

import { spaceOfResource } from '../../models/space';
import { postActivity } from '../../test/support/activities';
import { deliver } from '../../test/support/facebook-deliveries';
import { startBotUnderTest, type BotUnderTest } from './bot-under-test';
import { buildBurstPlan, type BurstOptions, type BurstPlan } from './burst-plan';
import { facebookBacklog, waitForDrain, type Backlog } from './drain';
import { runLoad } from './load-generator';
import { burstFigures, describeBurst, type BurstFigures } from './report';
import { verifyBurst, type Verification } from './verification';

export interface LiveBurstOptions extends BurstOptions {
  ferretdbBinary: string;
  /** Requests in flight at most. */
  maxInFlight: number;
  requestTimeoutMs: number;
  /** Bound on the wait for the bot to process what it stored, after the last response. */
  drainTimeoutMs: number;
}

export interface LiveBurstOutcome {
  figures: BurstFigures;
  verification: Verification;
  /** Whether every stored delivery was processed within drainTimeoutMs, and what was left. */
  drain: { drained: boolean; backlog: Backlog };
  /** The report, one line each. */
  lines: string[];
  /** Drained, and nothing lost, duplicated or refused. */
  ok: boolean;
}

/** The live video starts and the bot joins the meeting and sees it start, before the burst. */
async function openSessions(bot: BotUnderTest, plan: BurstPlan): Promise<void> {
  const started = await deliver(bot.url, plan.setup.liveVideo);
  if (started.status !== 200) throw new Error(`live video start answered ${started.status}`);
  for (const activity of plan.setup.meetingActivities) {
    const { status } = await postActivity(bot.url, activity);
    if (status !== 200) throw new Error(`meeting setup answered ${status}`);
  }
  const deadline = Date.now() + 15_000;
  const resource = { kind: 'facebook-live-video', id: plan.videoId } as const;
  while ((await spaceOfResource(bot.models, resource))?.state !== 'open') {
    if (Date.now() > deadline) throw new Error('the live video did not open its space');
    await delay(100);
  }
}

/**
 * The live-session burst: the real bot process on its embedded FerretDB receives signed
 * Facebook comment deliveries (with retries and duplicates) and Teams meeting messages spread
 * over `durationMs`; then the harness waits until everything stored is processed and checks
 * that every question was captured exactly once.
 */
export async function runLiveBurst(options: LiveBurstOptions): Promise<LiveBurstOutcome> {
  const bot = await startBotUnderTest({ ferretdbBinary: options.ferretdbBinary });
  try {
    const plan = buildBurstPlan(options, bot.channel.serviceUrl);
    await openSessions(bot, plan);
    const meetingChat = plan.meeting.party.conversationId;
    const botMessagesBefore = bot.channel.inConversation(meetingChat).length;

    const load = await runLoad(bot.url, plan.sends, {
      maxInFlight: options.maxInFlight,
      requestTimeoutMs: options.requestTimeoutMs,
      sendDeadlineMs: options.durationMs + 60_000,
    });
    const backlogAtEndOfLoad = (await facebookBacklog(bot.models)).deliveries;
    const drain = await waitForDrain(bot.models, {
      timeoutMs: options.drainTimeoutMs,
      progress: () => bot.graph.requests.filter((request) => request.path !== 'failed').length,
      target: plan.comments.filter((comment) => comment.kind === 'question').length,
    });
    const drainedAt = performance.now();

    const verification = await verifyBurst({
      plan,
      results: load.results,
      models: bot.models,
      pseudonymizer: bot.pseudonymizer,
      graph: bot.graph,
      botMessagesDuringBurst: bot.channel.inConversation(meetingChat).length - botMessagesBefore,
      startedAtEpochMs: load.startedAtEpochMs,
    });
    const figures = burstFigures({
      plan,
      load,
      captureDelaysMs: verification.captureDelaysMs,
      backlogAtEndOfLoad,
      drainedAt,
      botProblems: bot.problems().length,
    });
    const lines = describeBurst(figures, verification);
    if (!drain.drained)
      lines.push(
        `not drained after ${options.drainTimeoutMs} ms: ${drain.backlog.deliveries} deliveries and ${drain.backlog.replies} replies pending`,
      );
    for (const problem of bot.problems().slice(0, 10))
      lines.push(`bot: ${JSON.stringify(problem)}`);
    return { figures, verification, drain, lines, ok: drain.drained && verification.ok };
  } finally {
    await bot.stop();
  }
}
