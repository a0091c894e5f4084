import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { MongoClient } from 'mongodb';

import { headDocument, headId, type HeadDocument } from './head-documents';
import {
  executionOrder,
  operationFor,
  operationKinds,
  seededId,
  type OperationKind,
  type Store,
} from './head-operations';
import { isAlive } from './processes';
import {
  benchCollection,
  benchDatabase,
  startStoreOption,
  type StoreFootprint,
  type StoreOption,
  type StoreOptionId,
  type StorePlan,
} from './store-options';
import { seededRandom } from '../../kernel/seeded-random';

export interface BenchmarkSettings {
  ferretdbBinary: string;
  options: readonly StoreOptionId[];
  /** Stored documents at each step, ascending: each step tops the stores up to that number. */
  sizes: readonly number[];
  /** Operations of each kind per option and size. */
  operations: number;
  /** Once an option has spent this long on one kind at one size, it stops that kind there. */
  budgetMs: number;
  batchSize: number;
  /** PostgreSQL plans with sequential scans disabled (tiny tables in tests). */
  forceIndexInPlans: boolean;
  log(line: string): void;
}

export interface Figures {
  count: number;
  medianMs: number;
  p95Ms: number;
}

export interface OptionAtSize {
  seedMs: number;
  figures: Record<OperationKind, Figures>;
  filterPushdown: unknown;
  plan: StorePlan;
  footprint: StoreFootprint;
}

export interface SizeResult {
  size: number;
  options: Partial<Record<StoreOptionId, OptionAtSize>>;
}

export interface BenchmarkResult {
  startup: Partial<Record<StoreOptionId, Record<string, number>>>;
  sizes: SizeResult[];
  /** Every answer that was not what was written; empty when the stores behaved. */
  mismatches: string[];
  /** Processes of the options still alive after they were stopped. */
  leftoverPids: number[];
}

interface Contestant {
  option: StoreOption;
  client: MongoClient;
  store: Store;
}

/** Starts every option side by side, fills them size by size and times the same operations. */
export async function runStoreBenchmark(settings: BenchmarkSettings): Promise<BenchmarkResult> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'anm-stores-'));
  // PostgreSQL's unprivileged account must reach its own owner-only folder inside.
  await chmod(root, 0o711);
  const result: BenchmarkResult = { startup: {}, sizes: [], mismatches: [], leftoverPids: [] };
  const contestants: Contestant[] = [];
  try {
    for (const id of settings.options) {
      settings.log(`starting ${id}`);
      const contestant = await enter(id, root, settings.ferretdbBinary);
      contestants.push(contestant);
      result.startup[id] = contestant.option.startup;
    }
    for (const size of settings.sizes)
      result.sizes.push(await measureSize(contestants, size, settings, result.mismatches));
  } finally {
    result.leftoverPids = await leave(contestants);
    await rm(root, { recursive: true, force: true });
  }
  return result;
}

async function enter(id: StoreOptionId, root: string, binary: string): Promise<Contestant> {
  const option = await startStoreOption(id, { ferretdbBinary: binary, root });
  const client = new MongoClient(option.uri);
  try {
    await client.connect();
    const db = client.db(benchDatabase);
    await option.prepare(db);
    const heads = db.collection<HeadDocument>(benchCollection);
    return { option, client, store: { heads, seeded: 0, revisions: new Map(), probes: [] } };
  } catch (error) {
    await client.close().catch(() => undefined);
    await option.stop();
    throw error;
  }
}

/** Stops every option, even when one fails to stop, and returns the pids still alive after. */
async function leave(contestants: Contestant[]): Promise<number[]> {
  const leftovers: number[] = [];
  const failures: unknown[] = [];
  for (const { option, client } of contestants) {
    const pids = option.processIds();
    await client.close().catch(() => undefined);
    await option.stop().catch((error: unknown) => failures.push(error));
    leftovers.push(...pids.filter(isAlive));
  }
  if (failures.length > 0) throw new AggregateError(failures, 'a store did not stop cleanly');
  return leftovers;
}

async function measureSize(
  contestants: Contestant[],
  size: number,
  settings: BenchmarkSettings,
  mismatches: string[],
): Promise<SizeResult> {
  const seedMs = new Map<Contestant, number>();
  for (const contestant of contestants) {
    settings.log(`${contestant.option.id}: loading up to ${size} documents`);
    seedMs.set(contestant, await seed(contestant, size, settings.batchSize));
    await contestant.option.settle();
  }
  for (const { store } of contestants) await warmUp(store, size);
  settings.log(`measuring at ${size} documents`);
  const durations = await timeOperations(contestants, size, settings, mismatches);
  const result: SizeResult = { size, options: {} };
  for (const contestant of contestants) {
    await removeProbes(contestant.store, mismatches);
    const explainedId = size > 0 ? seededId(0) : headId('miss', 0);
    result.options[contestant.option.id] = {
      seedMs: seedMs.get(contestant) ?? 0,
      figures: summarize(durations.get(contestant)),
      filterPushdown: await filterPushdown(contestant.client, explainedId),
      plan: await contestant.option.plan(explainedId, settings.forceIndexInPlans),
      footprint: await contestant.option.footprint(),
    };
  }
  return result;
}

/** Bulk-loads `headId('seed', n)` documents until the store holds `size`; returns the time. */
async function seed(contestant: Contestant, size: number, batchSize: number): Promise<number> {
  const { store } = contestant;
  const started = performance.now();
  while (store.seeded < size) {
    const count = Math.min(batchSize, size - store.seeded);
    const batch = Array.from({ length: count }, (_, i) =>
      headDocument(seededId(store.seeded + i), 1),
    );
    const inserted = await store.heads.insertMany(batch, { ordered: true });
    if (inserted.insertedCount !== count)
      throw new Error(`${contestant.option.id}: inserted ${inserted.insertedCount} of ${count}`);
    store.seeded += count;
  }
  return performance.now() - started;
}

/** A few untimed reads first: connections are open and the statements prepared. */
async function warmUp(store: Store, size: number): Promise<void> {
  for (let i = 0; i < 3; i++) await store.heads.findOne({ _id: headId(`warm-up-${size}`, i) });
}

type Durations = Map<Contestant, Map<OperationKind, number[]>>;

/**
 * Interleaved: the i-th operation of a kind runs on every option before the (i+1)-th runs on any,
 * starting with a different option each time, so that load from elsewhere falls on all alike.
 */
async function timeOperations(
  contestants: Contestant[],
  size: number,
  settings: BenchmarkSettings,
  mismatches: string[],
): Promise<Durations> {
  const durations: Durations = new Map(
    contestants.map((c) => [c, new Map<OperationKind, number[]>()]),
  );
  const existing = existingIds(size, settings.operations);
  for (const kind of executionOrder) {
    const spent = new Map<Contestant, number>();
    for (let i = 0; i < settings.operations; i++) {
      for (const contestant of rotated(contestants, i)) {
        const times = durations.get(contestant)?.get(kind) ?? [];
        if ((spent.get(contestant) ?? 0) >= settings.budgetMs && times.length >= 5) continue;
        const { store } = contestant;
        if (kind === 'deleteExisting' && store.probes.length === 0) continue;
        const existingId = existing[kind]?.[i] ?? store.probes[i % store.probes.length];
        const operation = operationFor(kind, store, { index: i, size, existingId });
        const started = performance.now();
        const answer = await operation.call();
        const elapsed = performance.now() - started;
        const problem = operation.check(answer);
        if (problem) mismatches.push(`${contestant.option.id} at ${size}: ${problem}`);
        else operation.commit();
        durations.get(contestant)?.set(kind, [...times, elapsed]);
        spent.set(contestant, (spent.get(contestant) ?? 0) + elapsed);
      }
    }
  }
  return durations;
}

/**
 * The same stored ids for every option: hits and replaces spread over the bulk-loaded documents
 * (at 0 stored, the harness uses the documents its inserts just wrote instead).
 */
function existingIds(size: number, operations: number): Partial<Record<OperationKind, string[]>> {
  if (size === 0) return {};
  const random = seededRandom(size);
  const pick = () =>
    Array.from({ length: operations }, () => seededId(Math.floor(random() * size)));
  return { findHit: pick(), replaceExisting: pick() };
}

function rotated<T>(items: readonly T[], by: number): T[] {
  const shift = by % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

/** Inserted documents a capped option did not delete: removed untimed, so each size holds N. */
async function removeProbes(store: Store, mismatches: string[]): Promise<void> {
  if (store.probes.length === 0) return;
  const { deletedCount } = await store.heads.deleteMany({ _id: { $in: store.probes } });
  if (deletedCount !== store.probes.length)
    mismatches.push(`deleteMany of ${store.probes.length} inserted documents: ${deletedCount}`);
  store.probes = [];
}

async function filterPushdown(client: MongoClient, id: string): Promise<unknown> {
  const explained = await client.db(benchDatabase).command({
    explain: { find: benchCollection, filter: { _id: id } },
    verbosity: 'queryPlanner',
  });
  return explained.filterPushdown;
}

function summarize(
  byKind: Map<OperationKind, number[]> | undefined,
): Record<OperationKind, Figures> {
  const figures = {} as Record<OperationKind, Figures>;
  for (const kind of operationKinds) figures[kind] = describe(byKind?.get(kind) ?? []);
  return figures;
}

/** Median, and p95 by nearest rank. */
export function describe(durations: number[]): Figures {
  const sorted = [...durations].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return { count: 0, medianMs: NaN, p95Ms: NaN };
  const middle = Math.floor(n / 2);
  const median =
    n % 2 === 1
      ? (sorted[middle] ?? NaN)
      : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
  return { count: n, medianMs: median, p95Ms: sorted[Math.ceil(0.95 * n) - 1] ?? NaN };
}
