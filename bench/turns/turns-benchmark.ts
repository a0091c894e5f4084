import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

import mongoose, { type Connection } from 'mongoose';

import { findFreeLoopbackPort } from '../../models/embedded/free-port';
import { spawnBot, type BotProcess } from '../../test/support/bot-process';
import { ChannelSimulator } from '../../test/support/channel-simulator';
import { Conversation, visibleText } from '../../test/support/conversation';
import { embeddedServer, processIsRunning } from '../../test/support/embedded-app';
import {
  captureTemplate,
  describeTemplate,
  seedCitizens,
  type CitizenTemplate,
} from './citizen-seeder';
import { runLoadRound, type LoadFigures } from './load-round';
import {
  cpuMs,
  residentMiB,
  startEchoBot,
  stopBotProcess,
  waitUntilHealthy,
  type EchoBotProcess,
} from './processes';

export const benchQuestion = '¿Qué es el canon superficiario?';
/**
 * The question as citizens type it, ten ways, asked in turn: the knowledge index keeps its last
 * search (a first question is read twice in its turn), and one string asked by every request
 * would turn every search into that kept one. Each spelling costs the search the same.
 */
export const benchQuestionSpellings = [
  benchQuestion,
  'qué es el canon superficiario',
  '¿Que es el canon superficiario?',
  'que es el canon superficiario?',
  '¿Qué es el canon superficiario',
  'Qué es el canon superficiario?',
  'QUE ES EL CANON SUPERFICIARIO',
  '¿qué es el canon superficiario?',
  '¿Qué es el Canon Superficiario?',
  'que es el canon superficiario??',
] as const;
const databaseName = 'anm_turns_bench';
const templateChat = ['hola', '¿Cómo puedo participar en una audiencia pública?', 'gracias'];
/**
 * The bot's channel validates one Adaptive Card in this many (the first one included): every
 * card costs the harness ≈ 0.09 ms of CPU on the cores the bot runs on, and the bot's turn sends
 * two. A card problem makes the run fail.
 */
const cardSampling = 50;

export interface TurnsBenchmarkOptions {
  ferretdbBinary: string;
  connections: number;
  durationSeconds: number;
  rounds: number;
  /** Stored citizens before each measurement, ascending (copies of a real citizen's footprint). */
  sizes: number[];
  logLevel: string;
  log?: (line: string) => void;
}

/** CPU used during a round (load and settling), per 2xx response, in milliseconds. */
export interface RoundCpu {
  cpuMsPerTurn: number | undefined;
  /** The bot's FerretDB (the echo has none). */
  storeCpuMsPerTurn?: number | undefined;
  /**
   * This harness process (autocannon and the channel simulator, which parses each reply and
   * validates a sample of its Adaptive Cards), on the same cores.
   */
  harnessCpuMsPerTurn: number | undefined;
}

export interface RoundFigures {
  round: number;
  echo: LoadFigures & { replies: number } & RoundCpu;
  bot: LoadFigures & { replies: number; answered: boolean } & RoundCpu;
}

export interface SizeFigures {
  seededCitizens: number;
  /** Conversation references in the store when the size's rounds began (seeded + earlier load). */
  storedConversations: number;
  rounds: RoundFigures[];
  rssMiB: { bot: number | undefined; ferretdb: number | undefined; echo: number | undefined };
}

export interface TurnsBenchmarkOutcome {
  template: string;
  sizes: SizeFigures[];
  lines: string[];
  /** Every request answered 2xx, with no error or timeout, and every 2xx turn's reply arrived. */
  ok: boolean;
}

interface BotStack {
  url: string;
  bot: BotProcess;
  channel: ChannelSimulator;
  connection: Connection;
  ferretdbPid: number;
  stop(): Promise<void>;
}

/** The compiled bot on a fresh DATA_DIR with its embedded FerretDB, rate limits raised. */
async function startBotStack(options: TurnsBenchmarkOptions): Promise<BotStack> {
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'anm-turns-bench-'));
  const dataDir = path.join(workDir, 'data');
  const channel = new ChannelSimulator(0, cardSampling);
  await channel.start();
  const port = await findFreeLoopbackPort();
  const bot = spawnBot(
    {
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: options.logLevel,
      SHUTDOWN_TIMEOUT_MS: '20000',
      DATA_DIR: dataDir,
      FERRETDB_BINARY: options.ferretdbBinary,
      MONGODB_DB_NAME: databaseName,
      RATE_LIMIT_PER_IP_PER_MINUTE: '1000000',
      RATE_LIMIT_PER_CONVERSATION_PER_MINUTE: '1000000',
      // Where a developer asks for it, a CPU profile of the bot process (see bench/README.md).
      ...(process.env.ANM_BENCH_CPU_PROFILE_DIR
        ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env.ANM_BENCH_CPU_PROFILE_DIR}` }
        : {}),
    },
    workDir,
  );
  const url = `http://127.0.0.1:${port}`;
  let connection: Connection | undefined;
  let ferretdbPid: number | undefined;
  const stop = async () => {
    await connection?.close();
    await stopBotProcess(bot, 60_000);
    // Only if the bot had to be killed: its FerretDB child would outlive it.
    if (ferretdbPid !== undefined && processIsRunning(ferretdbPid))
      process.kill(ferretdbPid, 'SIGKILL');
    await channel.stop();
    await rm(workDir, { recursive: true, force: true });
  };
  try {
    await waitUntilHealthy(url, bot, 60_000);
    const server = embeddedServer(dataDir);
    ferretdbPid = server.pid;
    connection = await mongoose
      .createConnection(server.uri, { dbName: databaseName, autoIndex: false })
      .asPromise();
    return { url, bot, channel, connection, ferretdbPid, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

const whole = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => (n >= 100 ? whole(n) : n.toFixed(1));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return NaN;
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? NaN)
    : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
}

function describeLoad(figures: LoadFigures & { replies: number } & RoundCpu): string {
  const problems = figures.non2xx + figures.errors + figures.timeouts;
  const cpu = (value: number | undefined) => (value === undefined ? '?' : value.toFixed(2));
  const store =
    figures.storeCpuMsPerTurn === undefined ? '' : `, store ${cpu(figures.storeCpuMsPerTurn)}`;
  const harness = `, harness ${cpu(figures.harnessCpuMsPerTurn)}`;
  return `${figures.throughput.toFixed(1)} req/s, p50 ${ms(figures.p50Ms)} ms, p99 ${ms(figures.p99Ms)} ms (${whole(figures.responses2xx)} × 2xx, ${whole(figures.replies)} conversations replied to${problems > 0 ? `, ${figures.non2xx} non-2xx, ${figures.errors} errors, ${figures.timeouts} timeouts` : ''}; CPU ms per turn: process ${cpu(figures.cpuMsPerTurn)}${store}${harness})`;
}

/** CPU time (user + system) this harness process has used so far, in milliseconds. */
function harnessCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** CPU milliseconds a process used between two readings, per 2xx response. */
function perTurn(
  before: number | undefined,
  after: number | undefined,
  responses: number,
): number | undefined {
  if (before === undefined || after === undefined || responses === 0) return undefined;
  return (after - before) / responses;
}

function summarise(size: SizeFigures): string[] {
  const pick = (side: 'echo' | 'bot', key: 'throughput' | 'p50Ms' | 'p99Ms') =>
    median(size.rounds.map((round) => round[side][key]));
  const echo = {
    t: pick('echo', 'throughput'),
    p50: pick('echo', 'p50Ms'),
    p99: pick('echo', 'p99Ms'),
  };
  const bot = {
    t: pick('bot', 'throughput'),
    p50: pick('bot', 'p50Ms'),
    p99: pick('bot', 'p99Ms'),
  };
  const rss = (value: number | undefined) => (value === undefined ? '?' : `${whole(value)} MiB`);
  const cpu = (values: (number | undefined)[]) => {
    const known = values.filter((value): value is number => value !== undefined);
    return known.length === 0 ? '?' : median(known).toFixed(2);
  };
  const replied = (side: 'echo' | 'bot') =>
    whole(median(size.rounds.map((round) => round[side].replies)));
  return [
    `| ${whole(size.seededCitizens)} (${whole(size.storedConversations)} conversations) | echo | ${echo.t.toFixed(1)} | ${ms(echo.p50)} | ${ms(echo.p99)} | ${replied('echo')} | |`,
    `| | this bot | ${bot.t.toFixed(1)} | ${ms(bot.p50)} | ${ms(bot.p99)} | ${replied('bot')} | throughput ${((100 * bot.t) / echo.t).toFixed(1)} % of the echo's (target ≥ 25 %), p99 ${(bot.p99 / echo.p99).toFixed(1)}× (target ≤ 4×) |`,
    `| | CPU per turn (median) | bot ${cpu(size.rounds.map((round) => round.bot.cpuMsPerTurn))} ms, its FerretDB ${cpu(size.rounds.map((round) => round.bot.storeCpuMsPerTurn))} ms, echo ${cpu(size.rounds.map((round) => round.echo.cpuMsPerTurn))} ms; this harness (load generator, channel simulator) ${cpu(size.rounds.map((round) => round.bot.harnessCpuMsPerTurn))} ms per bot turn, ${cpu(size.rounds.map((round) => round.echo.harnessCpuMsPerTurn))} ms per echo turn | | | | |`,
    `| | RSS after | bot ${rss(size.rssMiB.bot)}, FerretDB ${rss(size.rssMiB.ferretdb)}, echo ${rss(size.rssMiB.echo)} | | | | |`,
  ];
}

/**
 * Conversations of this round that got a reply (a turn's replies count once), and whether one
 * reply answers the question.
 */
function repliesOf(channel: ChannelSimulator, prefix: string, mustMention?: string) {
  const replies = channel.received.filter((activity) =>
    activity.conversation?.id.startsWith(`${prefix}-`),
  );
  const answered =
    mustMention === undefined ||
    replies.some((activity) => visibleText(activity).toLowerCase().includes(mustMention));
  return { replies: new Set(replies.map((activity) => activity.conversation?.id)).size, answered };
}

async function settle(channel: ChannelSimulator, maxMs: number): Promise<void> {
  const deadline = Date.now() + maxMs;
  let last = -1;
  while (Date.now() < deadline && channel.received.length !== last) {
    last = channel.received.length;
    await delay(500);
  }
}

/**
 * `bench:turns`: the bare echo bot and this bot answering a knowledge question, the same load
 * (autocannon, distinct conversations and users), in interleaved rounds, at each stored size.
 */
export async function runTurnsBenchmark(
  options: TurnsBenchmarkOptions,
): Promise<TurnsBenchmarkOutcome> {
  const log = options.log ?? (() => undefined);
  const echoChannel = new ChannelSimulator();
  await echoChannel.start();
  let echo: EchoBotProcess | undefined;
  let stack: BotStack | undefined;
  try {
    echo = await startEchoBot();
    stack = await startBotStack(options);
    const citizen = new Conversation(stack.url, stack.channel);
    for (const text of templateChat) await citizen.say(text);
    const template: CitizenTemplate = await captureTemplate(stack.connection);
    log(`template citizen: ${describeTemplate(template)}`);

    const sizes: SizeFigures[] = [];
    let seeded = 0;
    let ok = true;
    for (const size of options.sizes) {
      if (size > seeded) {
        const started = performance.now();
        await seedCitizens(stack.connection, template, size - seeded, seeded + 1);
        log(
          `seeded ${whole(size - seeded)} citizens in ${((performance.now() - started) / 1000).toFixed(1)} s`,
        );
        seeded = size;
      }
      const storedConversations = await stack.connection.db
        ?.collection('conversation_references')
        .estimatedDocumentCount();
      const rounds: RoundFigures[] = [];
      for (let round = 1; round <= options.rounds; round++) {
        const load = {
          connections: options.connections,
          durationSeconds: options.durationSeconds,
          texts: benchQuestionSpellings,
        };
        const echoPrefix = `echo-${size}-${round}`;
        const echoCpuBefore = cpuMs(echo.pid);
        const echoHarnessBefore = harnessCpuMs();
        const echoLoad = await runLoadRound(echo.url, {
          ...load,
          serviceUrl: echoChannel.serviceUrl,
          idPrefix: echoPrefix,
        });
        await settle(echoChannel, 5_000);
        const echoFigures = {
          ...echoLoad,
          replies: repliesOf(echoChannel, echoPrefix).replies,
          cpuMsPerTurn: perTurn(echoCpuBefore, cpuMs(echo.pid), echoLoad.responses2xx),
          harnessCpuMsPerTurn: perTurn(echoHarnessBefore, harnessCpuMs(), echoLoad.responses2xx),
        };
        log(`${whole(size)} stored, round ${round}, echo: ${describeLoad(echoFigures)}`);
        const botPrefix = `bot-${size}-${round}`;
        const botCpuBefore = cpuMs(stack.bot.child.pid);
        const storeCpuBefore = cpuMs(stack.ferretdbPid);
        const botHarnessBefore = harnessCpuMs();
        const botLoad = await runLoadRound(stack.url, {
          ...load,
          serviceUrl: stack.channel.serviceUrl,
          idPrefix: botPrefix,
        });
        await settle(stack.channel, 30_000);
        const botFigures = {
          ...botLoad,
          ...repliesOf(stack.channel, botPrefix, 'canon'),
          cpuMsPerTurn: perTurn(botCpuBefore, cpuMs(stack.bot.child.pid), botLoad.responses2xx),
          storeCpuMsPerTurn: perTurn(
            storeCpuBefore,
            cpuMs(stack.ferretdbPid),
            botLoad.responses2xx,
          ),
          harnessCpuMsPerTurn: perTurn(botHarnessBefore, harnessCpuMs(), botLoad.responses2xx),
        };
        log(
          `${whole(size)} stored, round ${round}, this bot: ${describeLoad(botFigures)}${botFigures.answered ? '' : ' — NO reply mentions "canon"'}`,
        );
        for (const figures of [echoFigures, botFigures]) {
          if (figures.non2xx + figures.errors + figures.timeouts > 0 || figures.responses2xx === 0)
            ok = false;
          if (figures.replies < figures.responses2xx) ok = false;
        }
        if (!botFigures.answered) ok = false;
        if (stack.channel.cardProblems.length > 0) {
          log(`card problems: ${stack.channel.cardProblems.slice(0, 5).join('; ')}`);
          ok = false;
        }
        rounds.push({ round, echo: echoFigures, bot: botFigures });
      }
      const rssMiB = {
        bot: residentMiB(stack.bot.child.pid),
        ferretdb: residentMiB(stack.ferretdbPid),
        echo: residentMiB(echo.pid),
      };
      sizes.push({
        seededCitizens: size,
        storedConversations: storedConversations ?? 0,
        rounds,
        rssMiB,
      });
    }

    const lines = [
      `${options.connections} connections, ${options.durationSeconds} s per round, ${options.rounds} interleaved rounds (echo, then this bot), medians of the rounds; each request a new conversation and user asking "${benchQuestion}" (ten spellings in turn)`,
      '',
      '| stored citizens | bot | throughput (2xx/s) | p50 (ms) | p99 (ms) | conversations replied to | ratio to the echo |',
      '|---|---|---|---|---|---|---|',
      ...sizes.flatMap(summarise),
    ];
    const problems = stack.bot.logs.filter(
      (line) => typeof line.level === 'number' && line.level >= 50,
    );
    if (problems.length > 0)
      lines.push(`bot errors logged: ${problems.length}; first: ${JSON.stringify(problems[0])}`);
    return { template: describeTemplate(template), sizes, lines, ok };
  } finally {
    await stack?.stop();
    await echo?.stop();
    await echoChannel.stop();
  }
}
