import type { Types } from 'mongoose';

import { errorCodes, RequestRefusal } from '../kernel/errors';
import type { Logger } from '../kernel/logger';
import { readReportSources, type ReportModels } from '../models/report-sources';
import { ReportQuestionRows } from './report-question-rows';
import { snapshotOf, type ReportSnapshot } from './report-snapshot';
import type { ReportFilters, SingleSpaceReport, SpacesReport, YearReport } from './report-types';
import { singleSpaceReport, spacesReport, yearReport } from './space-reports';

export interface ReportsServiceDependencies {
  models: ReportModels;
  /**
   * How long figures read from the database are served as current. Every read scans the
   * deliveries and surveys on the embedded store, and the first one every question
   * (bench/README.md, "Reports"; later ones follow the questions' change feed), so a
   * staff member changing filters in the tab is answered from memory; each report says when its
   * figures were read (`generatedAt`). 0: every request reads again and waits for it.
   */
  maxAgeMs?: number;
  /**
   * Figures older than `maxAgeMs` but not than this are still served at once while a new read
   * runs in the background, for the next request; older ones make the request wait for the read.
   */
  staleLimitMs?: number;
  now?: () => Date;
  logger?: Logger;
  /**
   * Keep the questions' rows between reads and bring them up to date from the change feed (the
   * default when `models.questionChanges` is given); false reads every question at every read.
   */
  followQuestionChanges?: boolean;
}

/** One minute: a report is that much behind the questions it counts, or a little more. */
export const defaultReportMaxAgeMs = 60_000;
/** Past a quarter of an hour without reports, the next one waits for fresh figures. */
export const defaultReportStaleLimitMs = 15 * 60_000;

/**
 * The figures per space, per period and per year (issue 16), for the staff APIs. Requests share
 * one read of the database at a time: while one is under way, others wait for it instead of
 * starting their own.
 */
export class ReportsService {
  private readonly maxAgeMs: number;
  private readonly staleLimitMs: number;
  private readonly now: () => Date;
  private current: ReportSnapshot | undefined;
  private reading: Promise<ReportSnapshot> | undefined;
  private readonly questionRows: ReportQuestionRows | undefined;

  constructor(private readonly dependencies: ReportsServiceDependencies) {
    const { questions, questionChanges } = dependencies.models;
    this.questionRows =
      questionChanges && dependencies.followQuestionChanges !== false
        ? new ReportQuestionRows({ questions, questionChanges }, { logger: dependencies.logger })
        : undefined;
    this.maxAgeMs = dependencies.maxAgeMs ?? defaultReportMaxAgeMs;
    this.staleLimitMs = Math.max(
      this.maxAgeMs,
      dependencies.staleLimitMs ?? defaultReportStaleLimitMs,
    );
    this.now = dependencies.now ?? (() => new Date());
  }

  async spaces(filters: ReportFilters): Promise<SpacesReport> {
    return spacesReport(await this.snapshot(), filters);
  }

  async space(spaceId: Types.ObjectId, channel: string | null): Promise<SingleSpaceReport> {
    const report = singleSpaceReport(await this.snapshot(), spaceId.toHexString(), channel);
    if (!report) throw new RequestRefusal(errorCodes.notFound, 'No encontramos ese espacio.');
    return report;
  }

  async year(year: number, filters: Omit<ReportFilters, 'from' | 'to'>): Promise<YearReport> {
    return yearReport(await this.snapshot(), year, filters);
  }

  /** Resolves once no read of the database is under way. */
  async settled(): Promise<void> {
    await this.reading?.catch(() => undefined);
  }

  /** Figures current enough (see `maxAgeMs`, `staleLimitMs`), reading again when they are not. */
  private async snapshot(): Promise<ReportSnapshot> {
    const now = this.now();
    const kept = this.current;
    if (kept && this.maxAgeMs > 0) {
      const age = now.getTime() - kept.generatedAt.getTime();
      if (age <= this.maxAgeMs) return kept;
      if (age <= this.staleLimitMs) {
        this.read(now).catch((error: unknown) => {
          this.dependencies.logger?.warn(
            { code: (error as { code?: unknown }).code, name: (error as Error).name },
            'reports: reading the figures again failed; the next request retries',
          );
        });
        return kept;
      }
    }
    return this.read(now);
  }

  /** One read at a time: a request that comes while one runs waits for it. */
  private read(now: Date): Promise<ReportSnapshot> {
    const { questionRows } = this;
    this.reading ??= readReportSources(
      this.dependencies.models,
      now,
      questionRows && (() => questionRows.current()),
    )
      .then((sources) => {
        const snapshot = snapshotOf(sources);
        this.current = snapshot;
        return snapshot;
      })
      .finally(() => {
        this.reading = undefined;
      });
    return this.reading;
  }
}
