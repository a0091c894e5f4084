import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import type { Connection } from 'mongoose';

import { startApp, type RunningApp } from '../../bot/app';
import { parseConfig } from '../../bot/config';
import { createLogger } from '../../kernel/logger';
import {
  ferretdbPaths,
  startEmbeddedFerretdb,
  type EmbeddedFerretdb,
} from '../../models/embedded/ferretdb-server';
import { ensureIdLookupIndexes, idLookupPlan } from '../../models/embedded/sqlite-lookup-indexes';
import { collectionNames } from '../../models/registry';
import { ChannelSimulator } from '../../test/support/channel-simulator';
import { Conversation } from '../../test/support/conversation';
import { CommandRecorder, type RecordedCommand } from './command-recorder';
import { captureTemplate, describeTemplate, seedCitizens } from './citizen-seeder';
import { explainCommand, type Pushdown } from './explain';

export const knowledgeQuestion = '¿Qué es el canon superficiario?';
export const greeting = 'hola';
/** What the returning citizen said before the stores were filled: its footprint is the template. */
const templateChat = ['hola', '¿Cómo puedo participar en una audiencia pública?', 'gracias'];

export interface ProfiledTurn {
  label: string;
  storedCitizens: number;
  /** POST /api/messages until its 200: the turn, replies included. */
  wallMs: number;
  replies: number;
  commands: RecordedCommand[];
}

export interface ShapeRow {
  collection: string;
  command: string;
  shape: string;
  /** Round-trips of this shape per turn, and their summed time, per stored size. */
  bySize: Map<number, { calls: number; totalMs: number }>;
  pushdown: Pushdown | undefined;
  /** SQLite's plan for the statement FerretDB runs, when it pushed the filter down. */
  storePlan: string | undefined;
}

export interface TurnProfile {
  sizes: number[];
  templateDescription: string;
  turns: ProfiledTurn[];
  /** Per turn label, the round-trips grouped by shape. */
  shapes: Map<string, ShapeRow[]>;
  lines: string[];
}

export interface TurnProfileOptions {
  ferretdbBinary: string;
  /** Stored citizens at which to measure, ascending (0 allowed). */
  sizes: number[];
  /** Turns measured of each kind at each size; the median one is reported. */
  repetitions: number;
  log?: (line: string) => void;
}

interface Stack {
  server: EmbeddedFerretdb;
  app: RunningApp;
  channel: ChannelSimulator;
  recorder: CommandRecorder;
  connection: Connection;
  /** Where the embedded FerretDB keeps its SQLite files, and the bot's database name. */
  sqliteDir: string;
  dbName: string;
  stop(): Promise<void>;
}

const dbName = 'anm_turn_profile';

/**
 * The bot in this process (startApp) on an embedded FerretDB started by the harness, so that the
 * bot's own driver connection has command monitoring on (`monitorCommands=true` in the URI):
 * every round-trip the bot makes is seen with its duration.
 */
async function startStack(ferretdbBinary: string): Promise<Stack> {
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'anm-turn-profile-'));
  const server = await startEmbeddedFerretdb({
    binary: ferretdbBinary,
    dataDir: path.join(workDir, 'store'),
  });
  const channel = new ChannelSimulator();
  await channel.start();
  const config = parseConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    SHUTDOWN_TIMEOUT_MS: '10000',
    DATA_DIR: path.join(workDir, 'data'),
    MONGODB_URI: `${server.uri}?monitorCommands=true`,
    MONGODB_DB_NAME: dbName,
    PSEUDONYM_SECRET: 'turn-profile-secret-turn-profile-secret',
    RATE_LIMIT_PER_IP_PER_MINUTE: '1000000',
    RATE_LIMIT_PER_CONVERSATION_PER_MINUTE: '1000000',
  });
  const app = await startApp(config, createLogger(config.logLevel));
  const connection = app.database.connection;
  // The bot adds these itself on its own embedded store; here the harness started the store.
  const sqliteDir = ferretdbPaths(path.join(workDir, 'store')).sqlite;
  ensureIdLookupIndexes(sqliteDir, dbName, collectionNames(app.database.models));
  const recorder = new CommandRecorder(connection.getClient());
  return {
    server,
    app,
    channel,
    recorder,
    connection,
    sqliteDir,
    dbName,
    async stop() {
      recorder.detach();
      await app.stop();
      await server.stop();
      await channel.stop();
      await rm(workDir, { recursive: true, force: true });
    },
  };
}

async function profileTurn(
  stack: Stack,
  conversation: Conversation,
  text: string,
  label: string,
  storedCitizens: number,
): Promise<ProfiledTurn> {
  const from = stack.recorder.now();
  const started = performance.now();
  const replies = await conversation.say(text);
  const wallMs = performance.now() - started;
  // Commands a turn leaves running after its response still belong to it.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const commands = stack.recorder.between(from, stack.recorder.now());
  if (replies.length === 0) throw new Error(`no reply to "${text}"`);
  return { label, storedCitizens, wallMs, replies: replies.length, commands };
}

function median<T>(items: T[], value: (item: T) => number): T {
  const sorted = [...items].sort((a, b) => value(a) - value(b));
  const middle = sorted[Math.floor((sorted.length - 1) / 2)];
  if (middle === undefined) throw new Error('no turns measured');
  return middle;
}

function groupShapes(turns: ProfiledTurn[]): ShapeRow[] {
  const rows = new Map<string, ShapeRow>();
  for (const turn of turns) {
    for (const command of turn.commands) {
      const id = `${command.collection} ${command.command} ${command.shape}`;
      let row = rows.get(id);
      if (!row) {
        row = { ...command, bySize: new Map(), pushdown: undefined, storePlan: undefined };
        rows.set(id, row);
      }
      const cell = row.bySize.get(turn.storedCitizens) ?? { calls: 0, totalMs: 0 };
      cell.calls++;
      cell.totalMs += command.durationMs;
      row.bySize.set(turn.storedCitizens, cell);
    }
  }
  return [...rows.values()];
}

const format = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));

function describe(profile: Omit<TurnProfile, 'lines'>): string[] {
  const lines: string[] = [];
  const sizeHeads = profile.sizes.map((size) => `${size.toLocaleString('en-US')} stored`);
  lines.push(`template citizen footprint: ${profile.templateDescription}`);
  lines.push('');
  lines.push(`| turn | ${sizeHeads.join(' | ')} |`);
  lines.push(`|---|${sizeHeads.map(() => '---').join('|')}|`);
  for (const label of profile.shapes.keys()) {
    const cells = profile.sizes.map((size) => {
      const turn = profile.turns.find((t) => t.label === label && t.storedCitizens === size);
      if (!turn) return '—';
      const dbMs = turn.commands.reduce((sum, c) => sum + c.durationMs, 0);
      return `${format(turn.wallMs)} ms (${turn.commands.length} round-trips, ${format(dbMs)} ms in the store)`;
    });
    lines.push(`| ${label} | ${cells.join(' | ')} |`);
  }
  for (const [label, rows] of profile.shapes) {
    lines.push('');
    lines.push(
      `round-trips of "${label}" (calls per turn × ms summed, at each size; filterPushdown from explain at the largest size):`,
    );
    lines.push('');
    lines.push(
      `| collection | command | filter shape | ${sizeHeads.join(' | ')} | filterPushdown | SQLite plan |`,
    );
    lines.push(`|---|---|---|${sizeHeads.map(() => '---').join('|')}|---|---|`);
    for (const row of rows) {
      const cells = profile.sizes.map((size) => {
        const cell = row.bySize.get(size);
        return cell ? `${cell.calls} × ${format(cell.totalMs)} ms` : '—';
      });
      const pushdown = row.pushdown
        ? `${row.pushdown.filterPushdown}${row.pushdown.note ? ` (${row.pushdown.note})` : ''}`
        : 'n/a';
      lines.push(
        `| ${row.collection} | ${row.command} | \`${row.shape}\` | ${cells.join(' | ')} | ${pushdown} | ${row.storePlan ?? '—'} |`,
      );
    }
  }
  return lines;
}

/**
 * One turn's database round-trips, at each stored size: a returning citizen's knowledge question
 * and a new citizen's first "hola". The stores are filled with copies of a real citizen's
 * footprint (what a short chat left in every collection), inserted in bulk.
 */
export async function profileTurns(options: TurnProfileOptions): Promise<TurnProfile> {
  const log = options.log ?? (() => undefined);
  const stack = await startStack(options.ferretdbBinary);
  try {
    const returning = new Conversation(stack.app.url, stack.channel);
    for (const text of templateChat) await returning.say(text);
    const template = await captureTemplate(stack.connection);
    const templateDescription = describeTemplate(template);
    log(`template citizen: ${templateDescription}`);

    const turns: ProfiledTurn[] = [];
    let stored = 0;
    for (const size of options.sizes) {
      if (size > stored) {
        const started = performance.now();
        const inserted = await seedCitizens(stack.connection, template, size - stored, stored + 1);
        log(
          `seeded ${(size - stored).toLocaleString('en-US')} citizens in ${((performance.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(inserted)}`,
        );
        stored = size;
      }
      const asked: ProfiledTurn[] = [];
      const greeted: ProfiledTurn[] = [];
      for (let i = 0; i < options.repetitions; i++) {
        asked.push(
          await profileTurn(
            stack,
            returning,
            knowledgeQuestion,
            `returning citizen: "${knowledgeQuestion}"`,
            size,
          ),
        );
        const newcomer = new Conversation(stack.app.url, stack.channel);
        greeted.push(
          await profileTurn(stack, newcomer, greeting, `new citizen: first "${greeting}"`, size),
        );
      }
      for (const kind of [asked, greeted]) {
        const chosen = median(kind, (turn) => turn.wallMs);
        turns.push(chosen);
        log(
          `${size} stored, ${chosen.label}: ${format(chosen.wallMs)} ms, ${chosen.commands.length} round-trips (runs: ${kind.map((t) => format(t.wallMs)).join(', ')} ms)`,
        );
      }
    }

    const shapes = new Map<string, ShapeRow[]>();
    for (const label of new Set(turns.map((turn) => turn.label))) {
      const rows = groupShapes(turns.filter((turn) => turn.label === label));
      for (const row of rows) {
        const sample = turns
          .flatMap((turn) => turn.commands)
          .find(
            (c) =>
              c.collection === row.collection && c.command === row.command && c.shape === row.shape,
          );
        if (!sample) continue;
        row.pushdown = await explainCommand(stack.connection, sample);
        if (row.pushdown.filterPushdown === true)
          row.storePlan = idLookupPlan(stack.sqliteDir, stack.dbName, row.collection);
      }
      shapes.set(label, rows);
    }
    const profile = { sizes: options.sizes, templateDescription, turns, shapes };
    return { ...profile, lines: describe(profile) };
  } finally {
    await stack.stop();
  }
}
