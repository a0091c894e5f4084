import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { Types } from 'mongoose';

import { createLogger } from '../../kernel/logger';
import type { StaffRef } from '../../kernel/staff-identity';
import { dueDate } from '../../legal-terms/legal-terms';
import { openDatabase, type Database } from '../../models/database';
import { registerQuestion, type QuestionDocument } from '../../models/question';
import type { QueueRow } from '../../models/question-queue';
import { forgetQuestionChanges } from '../../models/question-changes';
import { ModerationService } from '../../moderation/moderation-service';
import { askerChannels } from '../../moderation/outbox';
import type { QueueEntry } from '../../moderation/queue-entry';
import { decodeCursor, type QueueFilters } from '../../moderation/queue-query';
import { seedPlan, seedQuestions, type SeedPlan } from './question-seeder';

export interface ModerationBenchmarkSettings {
  ferretdbBinary: string;
  /** Stored questions at each step, ascending: each step tops the store up. */
  sizes: readonly number[];
  /** Queue requests timed at each size (a mix of filters, see `queryKinds`). */
  queries: number;
  /** Approvals timed at each size, each of a group of `groupSize` askers. */
  approvals: number;
  groupSize: number;
  /** Change-feed records present for the "busy feed" read: an hour of changes. */
  feedRecords: number;
  log(line: string): void;
}

export interface Figures {
  count: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

export interface SizeResult {
  size: number;
  /** Questions stored when measured: the seeded ones and the groups approved at smaller sizes. */
  stored: number;
  seedMs: number;
  /** Start of a replica: one read of every question into the queue in memory. */
  loadMs: number;
  /** Every queue request of the mix. */
  queue: Figures;
  queueByKind: Record<string, Figures>;
  /** A queue request right after a question moved to another group (updated in place). */
  queueAfterMove: Figures;
  /** A queue request that rebuilds every group (after the load, or a question others point to). */
  queueAfterRebuild: Figures;
  /** One read of the change feed (what each replica does every 2 s), as the run left it. */
  feedRead: Figures;
  /** The same with `feedRecords` records in the feed (an hour of a busy session). */
  busyFeedRead: Figures;
  /** `approve` of a group: publish, every member, one outbox record per asker and channel. */
  approval: Figures;
  heapUsedMiB: number;
  /** Anything that was not as expected; empty when the queue and approvals behaved. */
  problems: string[];
}

export interface ModerationBenchmarkResult {
  /** FerretDB's own answer: is `find({_id: ObjectId})` pushed down to SQLite? */
  idFilterPushdown: unknown;
  sizes: SizeResult[];
}

const ana: StaffRef = { subject: 'bench-ana', name: 'Ana' };
const bruno: StaffRef = { subject: 'bench-bruno', name: 'Bruno' };

export function figuresOf(samples: number[]): Figures {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (quantile: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)] ?? Number.NaN;
  return {
    count: sorted.length,
    p50Ms: at(0.5),
    p95Ms: at(0.95),
    maxMs: sorted.at(-1) ?? Number.NaN,
  };
}

function queryKinds(plan: SeedPlan): Record<string, Omit<QueueFilters, 'limit'>> {
  return {
    'no filter': {},
    'status=pending': { statuses: ['pending'] },
    'overdue=true': { overdue: true },
    'dueWithin=3': { dueWithin: 3 },
    spaceId: { spaceId: plan.spaces[3]?.toHexString() },
    area: { area: 'regalias' },
    channel: { channel: 'facebook' },
    'q (text search)': { search: 'barequero segovia' },
  };
}

/** Heap in use after a full collection when run with --expose-gc (otherwise as it stands). */
function heapAfterCollection(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

async function timed<T>(work: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const startedAt = performance.now();
  const value = await work();
  return { ms: performance.now() - startedAt, value };
}

/** The queue fields of an entry, as a write of that question would bring them. */
function rowOf(entry: QueueEntry, changes: Partial<QueueRow>): QueueRow {
  return {
    _id: entry.objectId,
    trackingCode: entry.trackingCode,
    text: entry.text,
    status: entry.status,
    spaceId: entry.spaceId === null ? null : new Types.ObjectId(entry.spaceId),
    channelId: entry.channelId,
    origin: entry.origin,
    groupId: entry.groupId === null ? null : new Types.ObjectId(entry.groupId),
    petitionKind: entry.petitionKind,
    receivedAt: new Date(entry.receivedAt),
    dueAt: new Date(entry.dueAt),
    area: entry.area,
    assignee: entry.assignee,
    version: entry.version,
    ...changes,
  };
}

async function measureQueue(
  service: ModerationService,
  plan: SeedPlan,
  settings: ModerationBenchmarkSettings,
  problems: string[],
) {
  const kinds = Object.entries(queryKinds(plan));
  const all: number[] = [];
  const byKind: Record<string, number[]> = {};
  const first = await service.queue({ limit: 50 });
  const total = Object.values(first.counts).reduce((sum, count) => sum + count, 0);
  if (total !== service.projection.groups.count)
    problems.push(`counts add up to ${total}, not the ${service.projection.groups.count} groups`);
  const after = first.nextCursor ? decodeCursor(first.nextCursor) : undefined;
  if (after) kinds.push(['second page (cursor)', { after }]);
  for (let index = 0; index < settings.queries; index++) {
    const [name, filters] = kinds[index % kinds.length] as [string, Omit<QueueFilters, 'limit'>];
    const { ms, value } = await timed(() => service.queue({ ...filters, limit: 50 }));
    all.push(ms);
    (byKind[name] ??= []).push(ms);
    const dues = value.items
      .filter((item) => item.businessDaysLeft !== null)
      .map((item) => Date.parse(item.dueDate));
    if (dues.some((due, position) => position > 0 && due < (dues[position - 1] ?? 0)))
      problems.push(`${name}: items out of order`);
  }
  const rounds = Math.max(5, Math.floor(settings.queries / 20));
  const afterMove: number[] = [];
  const singles = [...service.projection.groups.all()]
    .filter((group) => group.members.length === 1 && group.head.open)
    .map((group) => group.head);
  for (let index = 0; index + 1 < singles.length && index < 2 * rounds; index += 2) {
    const moved = singles[index] as QueueEntry;
    const target = singles[index + 1] as QueueEntry;
    // As a moderator's "group" does: the question now points to another canonical question.
    service.projection.apply(
      rowOf(moved, { groupId: target.objectId, version: moved.version + 1 }),
    );
    afterMove.push((await timed(() => service.queue({ limit: 50 }))).ms);
    if (service.projection.groups.of(moved.id)?.head.id !== target.id)
      problems.push('a moved question did not join its new group');
  }
  const afterRebuild: number[] = [];
  for (let index = 0; index < rounds; index++) {
    service.projection.groups.rebuild();
    afterRebuild.push((await timed(() => service.queue({ limit: 50 }))).ms);
  }
  return {
    queue: figuresOf(all),
    queueByKind: Object.fromEntries(
      Object.entries(byKind).map(([name, samples]) => [name, figuresOf(samples)]),
    ),
    queueAfterMove: figuresOf(afterMove),
    queueAfterRebuild: figuresOf(afterRebuild),
  };
}

/** A group as live sessions and chat leave it: the canonical question and its duplicates. */
async function registerGroup(database: Database, size: number): Promise<QuestionDocument[]> {
  const receivedAt = new Date();
  const questions: QuestionDocument[] = [];
  for (let index = 0; index < size; index++) {
    const withEmail = index % 2 === 0;
    const { question } = await registerQuestion(database.models, {
      submissionKey: `bench-group:${randomUUID()}`,
      text: '¿Cuánto recibe de regalías mi municipio por el carbón?',
      channelId: index % 3 === 0 ? 'msteams' : 'webchat',
      spaceId: null,
      origin: index % 3 === 0 ? 'meeting-chat' : 'chat',
      groupId: questions[0]?._id ?? null,
      petitionKind: 'peticion-general',
      receivedAt,
      dueAt: dueDate(receivedAt, 'peticion-general'),
      consentId: null,
      contact: withEmail ? { name: null, email: `asker${index}@bench.test` } : null,
      citizenKey: null,
      conversationKey: null,
    });
    questions.push(question);
  }
  return questions;
}

async function measureApprovals(
  database: Database,
  service: ModerationService,
  settings: ModerationBenchmarkSettings,
  problems: string[],
) {
  const samples: number[] = [];
  for (let round = 0; round < settings.approvals; round++) {
    const group = await registerGroup(database, settings.groupSize);
    const canonical = group[0] as QuestionDocument;
    await service.projection.catchUp();
    await service.act('answer', canonical._id, ana, {
      version: 1,
      text: 'Su municipio recibe regalías por el carbón. Vea cuánto en el mapa de regalías.',
    });
    const { ms, value } = await timed(() =>
      service.act('approve', canonical._id, bruno, { version: 2 }),
    );
    samples.push(ms);
    const expected = group.reduce((sum, question) => sum + askerChannels(question).length, 0);
    const result = value as { askers?: number; deliveriesQueued?: number };
    if (result.askers !== settings.groupSize || result.deliveriesQueued !== expected)
      problems.push(
        `approval: ${String(result.askers)} askers and ${String(result.deliveriesQueued)} deliveries, expected ${settings.groupSize} and ${expected}`,
      );
  }
  return figuresOf(samples);
}

/**
 * The feed as a busy hour leaves it: records naming questions the queue already has at that
 * version, so that only the read itself (a scan of the feed on the embedded store) is timed.
 */
async function measureBusyFeed(
  database: Database,
  service: ModerationService,
  settings: ModerationBenchmarkSettings,
): Promise<Figures> {
  const known = [...service.projection.allEntries()].slice(0, settings.feedRecords);
  const at = new Date();
  const records = known.map((entry) => ({
    _id: `busy#${entry.id}#${entry.version}`,
    questionId: entry.objectId,
    version: entry.version,
    at,
  }));
  for (let start = 0; start < records.length; start += 1_000)
    await database.models.questionChanges.collection.insertMany(
      records.slice(start, start + 1_000) as never[],
      { ordered: false },
    );
  const samples: number[] = [];
  for (let index = 0; index < 10; index++)
    samples.push((await timed(() => service.projection.catchUp())).ms);
  await forgetQuestionChanges(database.models.questionChanges, new Date(Date.now() + 60_000));
  return figuresOf(samples);
}

async function measureSize(
  database: Database,
  plan: SeedPlan,
  size: number,
  seeded: number,
  settings: ModerationBenchmarkSettings,
): Promise<SizeResult> {
  const problems: string[] = [];
  settings.log(`seeding ${seeded} → ${size} questions`);
  const seed = await timed(() => seedQuestions(database.models, plan, seeded, size));
  const service = new ModerationService({ models: database.models });
  try {
    settings.log(`loading the queue of ${size} questions`);
    const stored = await database.models.questions.estimatedDocumentCount();
    const load = await timed(() => service.projection.load());
    const queue = await measureQueue(service, plan, settings, problems);
    const feed: number[] = [];
    for (let index = 0; index < 20; index++)
      feed.push((await timed(() => service.projection.catchUp())).ms);
    const busyFeed = await measureBusyFeed(database, service, settings);
    settings.log(`approving ${settings.approvals} group(s) of ${settings.groupSize}`);
    const approval = await measureApprovals(database, service, settings, problems);
    return {
      size,
      stored,
      seedMs: seed.ms,
      loadMs: load.ms,
      ...queue,
      feedRead: figuresOf(feed),
      busyFeedRead: busyFeed,
      approval,
      heapUsedMiB: heapAfterCollection(),
      problems,
    };
  } finally {
    await service.stop();
  }
}

/** Starts the embedded store (FerretDB on SQLite with the `_id` index), fills it size by size. */
export async function runModerationBenchmark(
  settings: ModerationBenchmarkSettings,
): Promise<ModerationBenchmarkResult> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'anm-moderation-bench-'));
  const database = await openDatabase(
    {
      kind: 'embedded',
      dbName: 'anm_moderation_bench',
      timeoutMs: 60_000,
      dataDir,
      ferretdbBinary: settings.ferretdbBinary,
      toolsDir: path.join(dataDir, 'tools'),
    },
    createLogger('silent'),
  );
  try {
    const plan = seedPlan(new Date());
    const explained = (await database.connection.db?.command({
      explain: { find: 'questions', filter: { _id: plan.spaces[0] } },
    })) as { filterPushdown?: unknown } | undefined;
    const sizes: SizeResult[] = [];
    let seeded = 0;
    for (const size of settings.sizes) {
      sizes.push(await measureSize(database, plan, size, seeded, settings));
      seeded = size;
    }
    return { idFilterPushdown: explained?.filterPushdown, sizes };
  } finally {
    await database.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
