import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { answersListHtml, questionStatusHtml } from '../../bot/http/public-answers-page';
import { createLogger } from '../../kernel/logger';
import type { StaffRef } from '../../kernel/staff-identity';
import { dueDate } from '../../legal-terms/legal-terms';
import { openDatabase, type Database } from '../../models/database';
import { runMigrations } from '../../models/migrations';
import { registerQuestion, type QuestionDocument } from '../../models/question';
import { generateTrackingCode } from '../../models/tracking-code';
import { ModerationService } from '../../moderation/moderation-service';
import { PublicAnswers } from '../../publication/public-answers';
import { figuresOf, type Figures } from '../moderation/moderation-benchmark';
import { seedPlan, seedQuestions, type SeedPlan } from '../moderation/question-seeder';

export interface PublicationBenchmarkSettings {
  ferretdbBinary: string;
  /** Stored questions at each step, ascending: each step tops the store up. */
  sizes: readonly number[];
  /** List requests timed at each size (a mix of search, filters and pages). */
  listRequests: number;
  /** Code pages timed at each size, for each kind (published, pending, unknown code). */
  codeRequests: number;
  /** Questions registered and published through the moderation service at each size. */
  publishedPerSize: number;
  log(line: string): void;
}

export interface PublicationSizeResult {
  size: number;
  stored: number;
  published: number;
  /** The start-up migration recording every stored question's code in `tracking_codes`. */
  migrationMs: number;
  /** Start of a replica: one read of the published questions into memory. */
  loadMs: number;
  list: Figures;
  listByKind: Record<string, Figures>;
  codePublished: Figures;
  codePending: Figures;
  codeUnknown: Figures;
  heapUsedMiB: number;
  problems: string[];
}

export interface PublicationBenchmarkResult {
  /** FerretDB's own answer: is `find({_id: <code>})` on tracking_codes pushed down to SQLite? */
  codeFilterPushdown: unknown;
  sizes: PublicationSizeResult[];
}

const ana: StaffRef = { subject: 'bench-ana', name: 'Ana' };
const bruno: StaffRef = { subject: 'bench-bruno', name: 'Bruno' };
const benchAnswer =
  'La ANM responde: las regalías se liquidan cada trimestre y se giran al municipio productor.';

async function timed<T>(work: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const startedAt = performance.now();
  const value = await work();
  return { ms: performance.now() - startedAt, value };
}

function heapAfterCollection(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

function listKinds(plan: SeedPlan): Record<string, Record<string, string>> {
  return {
    'first page': {},
    'page 5': { pagina: '5' },
    'q (text search)': { q: 'regalias sogamoso' },
    'q (no match)': { q: 'palabra-que-no-aparece' },
    espacio: { espacio: plan.spaces[3]?.toHexString() ?? '' },
    tema: { tema: 'Regalías' },
    'q + espacio': { q: 'mina', espacio: plan.spaces[5]?.toHexString() ?? '' },
  };
}

/** The seeded questions marked published get what an approval leaves: the answer and its date. */
async function completeSeededPublications(database: Database): Promise<void> {
  await database.models.questions.updateMany(
    { status: 'published', draft: null },
    {
      $set: {
        draft: {
          text: benchAnswer,
          readability: 70,
          draftedBy: ana,
          draftedAt: new Date(),
          suggested: false,
        },
        approval: { approvedBy: bruno, approvedAt: new Date() },
        publishedAt: new Date(),
      },
    },
  );
}

/** Questions registered as the bot does, half of them then answered by two moderators. */
async function registerAndPublish(
  database: Database,
  count: number,
): Promise<{ published: QuestionDocument[]; pending: QuestionDocument[] }> {
  const moderation = new ModerationService({ models: database.models });
  const published: QuestionDocument[] = [];
  const pending: QuestionDocument[] = [];
  try {
    await moderation.projection.load();
    for (let index = 0; index < count * 2; index++) {
      const receivedAt = new Date();
      const { question } = await registerQuestion(database.models, {
        submissionKey: `bench-publication:${generateTrackingCode()}`,
        text: `¿Cuánto recibe Sogamoso de regalías este año? (${index})`,
        channelId: 'webchat',
        spaceId: null,
        petitionKind: 'peticion-general',
        receivedAt,
        dueAt: dueDate(receivedAt, 'peticion-general'),
        consentId: null,
        contact: null,
        citizenKey: null,
        conversationKey: null,
      });
      if (index % 2 === 1) {
        pending.push(question);
        continue;
      }
      await moderation.projection.catchUp();
      const drafted = (await moderation.act('answer', question._id, ana, {
        version: question.version,
        text: benchAnswer,
      })) as { question: { version: number } };
      await moderation.act('approve', question._id, bruno, { version: drafted.question.version });
      published.push(question);
    }
  } finally {
    await moderation.stop();
  }
  return { published, pending };
}

async function measureCodes(
  answers: PublicAnswers,
  codes: readonly string[],
  expected: 'published' | 'pending' | 'not-found',
  problems: string[],
): Promise<Figures> {
  const samples: number[] = [];
  for (const code of codes) {
    const { ms, value } = await timed(async () => {
      const lookup = await answers.status(code);
      if (lookup.found) questionStatusHtml(lookup.question);
      return lookup;
    });
    samples.push(ms);
    const outcome = !value.found
      ? 'not-found'
      : value.question.published
        ? 'published'
        : value.question.status;
    if (outcome !== expected) problems.push(`code ${code}: ${outcome}, expected ${expected}`);
  }
  return figuresOf(samples);
}

async function measureSize(
  database: Database,
  plan: SeedPlan,
  size: number,
  seeded: number,
  settings: PublicationBenchmarkSettings,
): Promise<PublicationSizeResult> {
  const problems: string[] = [];
  settings.log(`seeding ${seeded} → ${size} questions`);
  await seedQuestions(database.models, plan, seeded, size);
  await completeSeededPublications(database);
  // Bulk-seeded questions have no code record, as questions stored before this version.
  await database.models.migrations.deleteOne({ _id: '2026-11-30-tracking-codes-by-id' });
  const migration = await timed(() => runMigrations(database.models));
  settings.log(`registering and publishing ${settings.publishedPerSize} questions`);
  const { published, pending } = await registerAndPublish(database, settings.publishedPerSize);
  const stored = await database.models.questions.estimatedDocumentCount();
  const publishedCount = await database.models.questions.countDocuments({ status: 'published' });

  const answers = new PublicAnswers({ models: database.models });
  try {
    settings.log(`loading the published answers of ${stored} questions`);
    const load = await timed(() => answers.index.load());
    if (answers.index.size !== publishedCount)
      problems.push(`index holds ${answers.index.size} answers, ${publishedCount} are published`);
    const kinds = listKinds(plan);
    const names = Object.keys(kinds);
    const all: number[] = [];
    const byKind: Record<string, number[]> = {};
    for (let index = 0; index < settings.listRequests; index++) {
      const name = names[index % names.length] ?? 'first page';
      const { ms, value } = await timed(async () => {
        const page = await answers.list(kinds[name] ?? {});
        answersListHtml(page);
        return page;
      });
      all.push(ms);
      (byKind[name] ??= []).push(ms);
      if (value.items.length > 20) problems.push(`${name}: ${value.items.length} items on a page`);
      if (name === 'first page' && value.total !== publishedCount)
        problems.push(`first page: total ${value.total}, ${publishedCount} published`);
      if (name === 'q (no match)' && value.total !== 0)
        problems.push(`no-match search found ${value.total}`);
      if (name === 'q (text search)' && value.total < published.length)
        problems.push(`search found ${value.total}, fewer than the ${published.length} published`);
    }
    const take = (questions: QuestionDocument[]) =>
      Array.from(
        { length: settings.codeRequests },
        (_, index) => questions[index % questions.length]?.trackingCode ?? '',
      );
    const unknown = Array.from({ length: settings.codeRequests }, () => generateTrackingCode());
    return {
      size,
      stored,
      published: publishedCount,
      migrationMs: migration.ms,
      loadMs: load.ms,
      list: figuresOf(all),
      listByKind: Object.fromEntries(
        Object.entries(byKind).map(([name, samples]) => [name, figuresOf(samples)]),
      ),
      codePublished: await measureCodes(answers, take(published), 'published', problems),
      codePending: await measureCodes(answers, take(pending), 'pending', problems),
      codeUnknown: await measureCodes(answers, unknown, 'not-found', problems),
      heapUsedMiB: heapAfterCollection(),
      problems,
    };
  } finally {
    await answers.stop();
  }
}

/** Starts the embedded store (FerretDB on SQLite with the `_id` index), fills it size by size. */
export async function runPublicationBenchmark(
  settings: PublicationBenchmarkSettings,
): Promise<PublicationBenchmarkResult> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'anm-publication-bench-'));
  const database = await openDatabase(
    {
      kind: 'embedded',
      dbName: 'anm_publication_bench',
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
      explain: { find: 'tracking_codes', filter: { _id: 'ANM-7K3M-Q9XD' } },
    })) as { filterPushdown?: unknown } | undefined;
    const sizes: PublicationSizeResult[] = [];
    let seeded = 0;
    for (const size of settings.sizes) {
      sizes.push(await measureSize(database, plan, size, seeded, settings));
      seeded = size;
    }
    return { codeFilterPushdown: explained?.filterPushdown, sizes };
  } finally {
    await database.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
