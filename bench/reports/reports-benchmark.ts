import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

import restify, { type Server } from 'restify';

import { registerReportsRoutes } from '../../bot/http/reports-routes';
import { RequestsInFlight } from '../../bot/http/route-context';
import { createStaffAuthenticator } from '../../bot/http/staff-auth';
import { issueDevToken, loadDevSigningKey } from '../../bot/http/staff-dev-tokens';
import { createLogger } from '../../kernel/logger';
import { openDatabase, type Database } from '../../models/database';
import { readReportDeliveryRows } from '../../models/report-deliveries';
import { readReportQuestionRows } from '../../models/report-questions';
import { readReportSurveyRows } from '../../models/report-satisfaction';
import { reportModelsOf, type ReportModels } from '../../models/report-sources';
import { readReportSpaceRows } from '../../models/report-spaces';
import type { SpaceDocument } from '../../models/space-document';
import type { SpacesReport } from '../../reports/report-types';
import { ReportsService } from '../../reports/reports-service';
import { figuresOf, type Figures } from '../moderation/moderation-benchmark';
import { seedReportQuestions, seedReportSpaces, type ReportSeedPlan } from './report-seeder';

export interface ReportsBenchmarkSettings {
  ferretdbBinary: string;
  /** Stored questions at each step, ascending: each step tops the store up. */
  sizes: readonly number[];
  /** Accountability spaces the questions are spread over. */
  spaces: number;
  /** Requests timed that read the database (figures older than their maximum age). */
  coldRequests: number;
  /** Requests timed that are answered from figures already read (a mix of reports and formats). */
  warmRequests: number;
  log(line: string): void;
}

export interface ReportsSizeResult {
  size: number;
  /** Questions stored, and of those asked in a space. */
  stored: number;
  inSpaces: number;
  seedMs: number;
  /** Each pipeline on its own, once (ms): where a read of the database goes. */
  pipelines: { spaces: number; questions: number; deliveries: number; surveys: number };
  /** `GET /api/reports/spaces` reading the database (all four pipelines, side by side). */
  cold: Figures;
  /**
   * The same with the questions' rows kept between reads (the product's default): the first read
   * (every question) and the following ones (the change feed, then the other three pipelines).
   */
  followed: { first: number; later: Figures };
  /** Every request answered from figures read less than a minute before. */
  warm: Figures;
  warmByKind: Record<string, Figures>;
  problems: string[];
}

export interface ReportsBenchmarkResult {
  sizes: ReportsSizeResult[];
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const startedAt = performance.now();
  const value = await work();
  return { ms: performance.now() - startedAt, value };
}

/** A restify server with the reports' routes only, behind the development staff sign-in. */
async function reportsServer(
  service: ReportsService,
  dataDir: string,
): Promise<{ server: Server; url: string }> {
  const logger = createLogger('silent');
  const server = restify.createServer({ name: 'reports-bench', handleUncaughtExceptions: false });
  server.use(restify.plugins.queryParser({ mapParams: false }));
  registerReportsRoutes(
    {
      server,
      edge: {
        maxRequestBytes: 1_048_576,
        requestTimeoutMs: 120_000,
        perAddressPerMinute: 0,
        perConversationPerMinute: 0,
        serviceUrlAllowlist: undefined,
      },
      logger,
      inFlight: new RequestsInFlight(),
    },
    { staffAuth: createStaffAuthenticator({ mode: 'dev', dataDir }, logger), reports: service },
  );
  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address: AddressInfo = server.address();
  return { server, url: `http://127.0.0.1:${address.port}` };
}

async function closeServer(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => {
    server.close(() => resolve());
  });
  server.server.closeAllConnections();
  await closed;
}

function warmKinds(spaces: readonly SpaceDocument[], year: number): [string, string][] {
  const space = spaces[0]?._id.toHexString() ?? '';
  return [
    ['spaces, no filter', '/api/reports/spaces'],
    [
      'spaces, one year and department',
      `/api/reports/spaces?from=${year}-01-01&to=${year}-12-31&department=huila`,
    ],
    ['spaces, type and channel', '/api/reports/spaces?type=audiencia-publica&channel=facebook'],
    ['one space', `/api/reports/spaces/${space}`],
    ['year baseline', `/api/reports/years/${year}`],
    ['spaces as CSV', '/api/reports/spaces?format=csv'],
    ['spaces as XLSX', '/api/reports/spaces?format=xlsx'],
    ['year baseline as XLSX', `/api/reports/years/${year}?format=xlsx`],
  ];
}

async function measurePipelines(models: ReportModels): Promise<ReportsSizeResult['pipelines']> {
  return {
    spaces: (await timed(() => readReportSpaceRows(models.spaces))).ms,
    questions: (await timed(() => readReportQuestionRows(models.questions))).ms,
    deliveries: (await timed(() => readReportDeliveryRows(models.deliveries))).ms,
    surveys: (await timed(() => readReportSurveyRows(models.satisfactionSurveys))).ms,
  };
}

function checkReport(report: SpacesReport, inSpaces: number, spaces: number, problems: string[]) {
  const { totals } = report;
  if (report.spaces.length !== spaces)
    problems.push(`${report.spaces.length} rows for ${spaces} spaces`);
  if (totals.figures.captured !== inSpaces)
    problems.push(`totals count ${totals.figures.captured} questions, ${inSpaces} are in spaces`);
  const rows = report.spaces.reduce((sum, row) => sum + row.figures.captured, 0);
  if (rows !== totals.figures.captured)
    problems.push(`rows add up to ${rows}, totals say ${totals.figures.captured}`);
  const f = totals.figures;
  const outcomes =
    f.answeredOnTime +
    f.answeredLate +
    f.pending +
    f.overdue +
    f.forwarded +
    f.withdrawn +
    f.rejected;
  if (outcomes !== f.registered)
    problems.push(`outcomes add up to ${outcomes}, not ${f.registered}`);
}

async function measureSize(
  database: Database,
  plan: ReportSeedPlan,
  spaces: readonly SpaceDocument[],
  size: number,
  seeded: number,
  settings: ReportsBenchmarkSettings,
  dataDir: string,
): Promise<ReportsSizeResult> {
  const problems: string[] = [];
  settings.log(`seeding ${seeded} → ${size} questions`);
  const seed = await timed(() => seedReportQuestions(database.models, plan, spaces, seeded, size));
  const models = reportModelsOf(database.models);
  const stored = await database.models.questions.estimatedDocumentCount();
  const inSpaces = await database.models.questions.countDocuments({ spaceId: { $ne: null } });
  const pipelines = await measurePipelines(models);
  const token = await issueDevToken(loadDevSigningKey(dataDir), {
    roles: ['moderator'],
    name: 'Bench',
    subject: 'bench-moderator',
    minutes: 120,
  });
  const headers = { authorization: `Bearer ${token}` };
  const call = async (url: string) => {
    const response = await fetch(url, { headers });
    const body = Buffer.from(await response.arrayBuffer());
    if (response.status !== 200) problems.push(`${url}: ${response.status}`);
    return body;
  };

  settings.log(`timing ${settings.coldRequests} reports that read the database`);
  const services = [
    new ReportsService({ models, maxAgeMs: 0, followQuestionChanges: false }),
    new ReportsService({ models }),
    new ReportsService({ models, maxAgeMs: 0 }),
  ];
  const [cold, warm, followed] = await Promise.all(
    services.map((service) => reportsServer(service, dataDir)),
  );
  if (!cold || !warm || !followed) throw new Error('the report servers did not start');
  try {
    const coldSamples: number[] = [];
    let coldReport: SpacesReport | undefined;
    for (let index = 0; index < settings.coldRequests; index++) {
      const { ms, value } = await timed(() => call(`${cold.url}/api/reports/spaces`));
      coldSamples.push(ms);
      if (index === 0) {
        coldReport = JSON.parse(value.toString('utf8')) as SpacesReport;
        checkReport(coldReport, inSpaces, spaces.length, problems);
      }
    }
    settings.log(`timing ${settings.coldRequests} reports that follow the questions' changes`);
    const first = await timed(() => call(`${followed.url}/api/reports/spaces`));
    const laterSamples: number[] = [];
    for (let index = 0; index < settings.coldRequests; index++) {
      const { ms, value } = await timed(() => call(`${followed.url}/api/reports/spaces`));
      laterSamples.push(ms);
      const report = JSON.parse(value.toString('utf8')) as SpacesReport;
      if (
        index === 0 &&
        JSON.stringify([report.spaces, report.totals]) !==
          JSON.stringify([coldReport?.spaces, coldReport?.totals])
      )
        problems.push('the figures kept between reads differ from those read whole');
    }
    settings.log(`timing ${settings.warmRequests} reports answered from figures already read`);
    const kinds = warmKinds(spaces, plan.now.getUTCFullYear());
    await call(`${warm.url}/api/reports/spaces`);
    const all: number[] = [];
    const byKind: Record<string, number[]> = {};
    for (let index = 0; index < settings.warmRequests; index++) {
      const [name, route] = kinds[index % kinds.length] as [string, string];
      const { ms, value } = await timed(() => call(`${warm.url}${route}`));
      all.push(ms);
      (byKind[name] ??= []).push(ms);
      if (
        name === 'spaces as CSV' &&
        value.toString('utf8').split('\r\n').length !== spaces.length + 3
      )
        problems.push('the CSV does not have one line per space, a header and a total');
    }
    return {
      size,
      stored,
      inSpaces,
      seedMs: seed.ms,
      pipelines,
      cold: figuresOf(coldSamples),
      followed: { first: first.ms, later: figuresOf(laterSamples) },
      warm: figuresOf(all),
      warmByKind: Object.fromEntries(
        Object.entries(byKind).map(([name, samples]) => [name, figuresOf(samples)]),
      ),
      problems,
    };
  } finally {
    await Promise.all([cold, warm, followed].map((served) => closeServer(served.server)));
    // A read the warm service started behind a request (figures over a minute old) ends first.
    await Promise.all(services.map((service) => service.settled()));
  }
}

/** Starts the embedded store (FerretDB 1.24 on SQLite with the `_id` index), fills it size by size. */
export async function runReportsBenchmark(
  settings: ReportsBenchmarkSettings,
): Promise<ReportsBenchmarkResult> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'anm-reports-bench-'));
  const database = await openDatabase(
    {
      kind: 'embedded',
      dbName: 'anm_reports_bench',
      timeoutMs: 120_000,
      dataDir,
      ferretdbBinary: settings.ferretdbBinary,
      toolsDir: path.join(dataDir, 'tools'),
    },
    createLogger('silent'),
  );
  try {
    const plan: ReportSeedPlan = { now: new Date(), spaces: settings.spaces, seed: 11 };
    const spaces = await seedReportSpaces(database.models, plan);
    const sizes: ReportsSizeResult[] = [];
    let seeded = 0;
    for (const size of settings.sizes) {
      sizes.push(await measureSize(database, plan, spaces, size, seeded, settings, dataDir));
      seeded = size;
    }
    return { sizes };
  } finally {
    await database.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
