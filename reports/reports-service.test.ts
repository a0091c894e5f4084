import { Types } from 'mongoose';

import { dueDate } from '../legal-terms/legal-terms';
import { changeQuestion, registerQuestion } from '../models/question';
import { reportModelsOf } from '../models/report-sources';
import { openTestDatabase, type TestDatabase } from '../test/support/test-database';
import {
  personalValues,
  reportNow,
  seedReportFixture,
  type ReportFixture,
} from '../test/support/report-fixture';
import type { ReportFigures, ReportFilters, SpacesReport } from './report-types';
import { ReportsService } from './reports-service';

const noFilters: ReportFilters = {
  from: null,
  to: null,
  type: null,
  department: null,
  municipality: null,
  channel: null,
};

const noSatisfaction: ReportFigures['satisfaction'] = {
  asked: 0,
  responded: 0,
  responseRate: null,
  mean: null,
  distribution: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 },
};

/** Space A, the hearing in Pitalito: every figure worked out by hand from the fixture. */
const figuresOfA: ReportFigures = {
  captured: 9,
  answeredLive: 1,
  registered: 8,
  answeredOnTime: 2,
  answeredLate: 1,
  pending: 0,
  overdue: 2,
  forwarded: 1,
  withdrawn: 1,
  rejected: 1,
  businessDaysToAnswer: { answered: 3, median: 15, p90: 16 },
  duplicatesGrouped: 1,
  distinctQuestions: 8,
  deliveries: { sent: 2, failed: 1, unreachable: 0, pending: 1 },
  satisfaction: {
    asked: 3,
    responded: 2,
    responseRate: 0.6667,
    mean: 3.5,
    distribution: { '1': 0, '2': 1, '3': 0, '4': 0, '5': 1 },
  },
  capturedByChannel: { msteams: 7, facebook: 2 },
  topics: {
    areas: [
      { area: 'Regalías', questions: 3 },
      { area: 'Fiscalización', questions: 1 },
      { area: 'Títulos mineros', questions: 1 },
    ],
    withoutArea: 4,
    knowledge: [
      { topic: 'regalias', label: 'Regalías', questions: 2 },
      { topic: 'fiscalizacion', label: 'Fiscalización', questions: 1 },
    ],
    withoutKnowledgeTopic: 6,
  },
};

const figuresOfB: ReportFigures = {
  captured: 4,
  answeredLive: 1,
  registered: 3,
  answeredOnTime: 2,
  answeredLate: 0,
  pending: 1,
  overdue: 0,
  forwarded: 0,
  withdrawn: 0,
  rejected: 0,
  businessDaysToAnswer: { answered: 2, median: 1.5, p90: 2 },
  duplicatesGrouped: 0,
  distinctQuestions: 4,
  deliveries: { sent: 1, failed: 0, unreachable: 1, pending: 0 },
  satisfaction: {
    asked: 1,
    responded: 1,
    responseRate: 1,
    mean: 4,
    distribution: { '1': 0, '2': 0, '3': 0, '4': 1, '5': 0 },
  },
  capturedByChannel: { facebook: 4 },
  topics: {
    areas: [
      { area: 'Regalías', questions: 1 },
      { area: 'Seguridad minera', questions: 1 },
    ],
    withoutArea: 2,
    knowledge: [
      { topic: 'regalias', label: 'Regalías', questions: 1 },
      { topic: 'seguridad-salvamento', label: 'Seguridad y salvamento minero', questions: 1 },
    ],
    withoutKnowledgeTopic: 2,
  },
};

const figuresOfC: ReportFigures = {
  captured: 2,
  answeredLive: 0,
  registered: 2,
  answeredOnTime: 1,
  answeredLate: 0,
  pending: 0,
  overdue: 1,
  forwarded: 0,
  withdrawn: 0,
  rejected: 0,
  businessDaysToAnswer: { answered: 1, median: 4, p90: 4 },
  duplicatesGrouped: 0,
  distinctQuestions: 2,
  deliveries: { sent: 0, failed: 0, unreachable: 0, pending: 0 },
  satisfaction: noSatisfaction,
  capturedByChannel: { msteams: 2 },
  topics: {
    areas: [{ area: 'Regalías', questions: 1 }],
    withoutArea: 1,
    knowledge: [{ topic: 'regalias', label: 'Regalías', questions: 1 }],
    withoutKnowledgeTopic: 1,
  },
};

const figuresOfD: ReportFigures = {
  captured: 0,
  answeredLive: 0,
  registered: 0,
  answeredOnTime: 0,
  answeredLate: 0,
  pending: 0,
  overdue: 0,
  forwarded: 0,
  withdrawn: 0,
  rejected: 0,
  businessDaysToAnswer: { answered: 0, median: null, p90: null },
  duplicatesGrouped: 0,
  distinctQuestions: 0,
  deliveries: { sent: 0, failed: 0, unreachable: 0, pending: 0 },
  satisfaction: noSatisfaction,
  capturedByChannel: {},
  topics: { areas: [], withoutArea: 0, knowledge: [], withoutKnowledgeTopic: 0 },
};

/** The spaces of 2026 (A, B, D): medians and rates over all their questions. */
const totalsOf2026: ReportFigures = {
  captured: 13,
  answeredLive: 2,
  registered: 11,
  answeredOnTime: 4,
  answeredLate: 1,
  pending: 1,
  overdue: 2,
  forwarded: 1,
  withdrawn: 1,
  rejected: 1,
  businessDaysToAnswer: { answered: 5, median: 15, p90: 16 },
  duplicatesGrouped: 1,
  distinctQuestions: 12,
  deliveries: { sent: 3, failed: 1, unreachable: 1, pending: 1 },
  satisfaction: {
    asked: 4,
    responded: 3,
    responseRate: 0.75,
    mean: 3.67,
    distribution: { '1': 0, '2': 1, '3': 0, '4': 1, '5': 1 },
  },
  capturedByChannel: { msteams: 7, facebook: 6 },
  topics: {
    areas: [
      { area: 'Regalías', questions: 4 },
      { area: 'Fiscalización', questions: 1 },
      { area: 'Seguridad minera', questions: 1 },
      { area: 'Títulos mineros', questions: 1 },
    ],
    withoutArea: 6,
    knowledge: [
      { topic: 'regalias', label: 'Regalías', questions: 3 },
      { topic: 'fiscalizacion', label: 'Fiscalización', questions: 1 },
      { topic: 'seguridad-salvamento', label: 'Seguridad y salvamento minero', questions: 1 },
    ],
    withoutKnowledgeTopic: 8,
  },
};

describe('the reports computed from FerretDB, on a fixed data set', () => {
  let database: TestDatabase;
  let fixture: ReportFixture;
  let service: ReportsService;

  beforeAll(async () => {
    database = await openTestDatabase();
    fixture = await seedReportFixture(database.models);
    service = new ReportsService({
      models: reportModelsOf(database.models),
      maxAgeMs: 0,
      now: () => reportNow,
    });
  });
  afterAll(() => database.close());

  const hex = (id: Types.ObjectId) => id.toHexString();

  it('when a question is received on the Friday before San José and Holy Week, then its stored due date is 15 business days later, on 2026-04-15', () => {
    const receivedAt = new Date('2026-03-20T15:00:00Z');
    expect(dueDate(receivedAt, 'peticion-general').toISOString()).toBe('2026-04-16T04:59:59.999Z');
  });

  it('when staff read every space, then each row has its place, date and exact figures, oldest first', async () => {
    const report = await service.spaces(noFilters);
    expect(report.generatedAt).toBe(reportNow.toISOString());
    expect(report.spaces.map((row) => row.id)).toEqual(
      [fixture.spaces.c, fixture.spaces.a, fixture.spaces.b, fixture.spaces.d].map(hex),
    );
    const [c, a, b, d] = report.spaces;
    expect(a).toEqual({
      id: hex(fixture.spaces.a),
      title: 'Audiencia de participación de terceros en Pitalito',
      type: 'audiencia-terceros',
      typeLabel: 'Audiencia de participación de terceros',
      state: 'closed',
      date: '2026-03-20T14:00:00.000Z',
      localDate: '2026-03-20',
      responsibleArea: 'Participación ciudadana',
      department: 'Huila',
      municipality: 'Pitalito',
      participants: 85,
      figures: figuresOfA,
    });
    expect([b?.participants, b?.figures]).toEqual([1200, figuresOfB]);
    expect([c?.participants, c?.figures]).toEqual([240, figuresOfC]);
    expect(d).toMatchObject({
      state: 'scheduled',
      date: '2026-11-20T14:00:00.000Z',
      localDate: '2026-11-20',
      participants: null,
      figures: figuresOfD,
    });
  });

  it('when every space is counted, then the totals pool the questions (a median over all answers, not of medians)', async () => {
    const { totals } = await service.spaces(noFilters);
    expect(totals.spaces).toBe(4);
    // 85 + 1,200 + 240: the three spaces whose participation staff recorded.
    expect(totals.participants).toEqual({ total: 1525, recorded: 3 });
    expect(totals.figures.captured).toBe(15);
    expect(totals.figures.registered).toBe(13);
    expect(totals.figures.overdue).toBe(3);
    // Business days to answer: 1, 2, 4, 15, 15, 16.
    expect(totals.figures.businessDaysToAnswer).toEqual({ answered: 6, median: 9.5, p90: 16 });
  });

  it('when the period is June 2026, then only the space held then is listed, with its totals', async () => {
    const report = await service.spaces({ ...noFilters, from: '2026-06-01', to: '2026-06-30' });
    expect(report.spaces.map((row) => row.id)).toEqual([hex(fixture.spaces.b)]);
    expect(report.totals).toEqual({
      spaces: 1,
      participants: { total: 1200, recorded: 1 },
      figures: figuresOfB,
    });
  });

  it('when filtered by department without accents or capitals, then the spaces of Huila are listed', async () => {
    const report = await service.spaces({ ...noFilters, department: 'HUILA' });
    expect(report.spaces.map((row) => row.id)).toEqual(
      [fixture.spaces.a, fixture.spaces.d].map(hex),
    );
    const boyaca = await service.spaces({ ...noFilters, department: 'boyaca' });
    expect(boyaca.spaces.map((row) => row.id)).toEqual([hex(fixture.spaces.b)]);
  });

  it('when filtered by type and municipality, then only the matching space is listed', async () => {
    const byType = await service.spaces({ ...noFilters, type: 'audiencia-terceros' });
    expect(byType.spaces.map((row) => row.id)).toEqual([hex(fixture.spaces.a)]);
    const byMunicipality = await service.spaces({ ...noFilters, municipality: 'neiva' });
    expect(byMunicipality.spaces.map((row) => row.id)).toEqual([hex(fixture.spaces.d)]);
  });

  it('when filtered by channel, then spaces that use it are listed with only its questions, deliveries and surveys', async () => {
    const report = await service.spaces({ ...noFilters, channel: 'facebook' });
    expect(report.spaces.map((row) => row.id)).toEqual(
      [fixture.spaces.a, fixture.spaces.b].map(hex),
    );
    expect(report.spaces[0]?.figures).toEqual({
      ...figuresOfD,
      captured: 2,
      registered: 2,
      overdue: 1,
      rejected: 1,
      distinctQuestions: 2,
      capturedByChannel: { facebook: 2 },
      topics: {
        areas: [{ area: 'Fiscalización', questions: 1 }],
        withoutArea: 1,
        knowledge: [{ topic: 'fiscalizacion', label: 'Fiscalización', questions: 1 }],
        withoutKnowledgeTopic: 1,
      },
    });
    expect(report.spaces[1]?.figures).toEqual(figuresOfB);
  });

  it('when staff read one space, then they get its row; an unknown space is not found', async () => {
    const report = await service.space(fixture.spaces.a, null);
    expect(report.space.figures).toEqual(figuresOfA);
    expect(report.filters).toEqual({ channel: null });
    await expect(service.space(new Types.ObjectId(), null)).rejects.toMatchObject({
      code: 'not-found',
    });
  });

  it("when staff read the baseline of 2026, then every space of the year is listed with the year's totals and 2025's", async () => {
    const report = await service.year(2026, {
      type: null,
      department: null,
      municipality: null,
      channel: null,
    });
    expect(report.year).toBe(2026);
    expect(report.spaces.map((row) => row.id)).toEqual(
      [fixture.spaces.a, fixture.spaces.b, fixture.spaces.d].map(hex),
    );
    expect(report.totals).toEqual({
      spaces: 3,
      participants: { total: 1285, recorded: 2 },
      figures: totalsOf2026,
    });
    expect(report.previousYear).toEqual({
      year: 2025,
      totals: { spaces: 1, participants: { total: 240, recorded: 1 }, figures: figuresOfC },
    });
  });

  it('when any report is built, then it holds no name, e-mail, citizen key, conversation id, question text or comment', async () => {
    const reports = JSON.stringify([
      await service.spaces(noFilters),
      await service.year(2026, { type: null, department: null, municipality: null, channel: null }),
      await service.space(fixture.spaces.a, null),
    ]);
    for (const value of personalValues) expect(reports).not.toContain(value);
    expect(reports).not.toContain(fixture.questions.a1?.toHexString());
  });
});

describe('the reports service keeps what it read for a while', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await openTestDatabase();
    await seedReportFixture(database.models);
  });
  afterAll(() => database.close());

  it('when requests arrive within the maximum age, then the database is read once for all of them', async () => {
    const models = reportModelsOf(database.models);
    const reads = jest.spyOn(models.questions, 'aggregate');
    let now = reportNow;
    const service = new ReportsService({ models, maxAgeMs: 60_000, now: () => now });
    const [first, second] = await Promise.all([
      service.spaces(noFilters),
      service.spaces(noFilters),
    ]);
    expect(reads).toHaveBeenCalledTimes(1);
    expect(second).toEqual(first);
    now = new Date(reportNow.getTime() + 60_000);
    await service.year(2026, { type: null, department: null, municipality: null, channel: null });
    expect(reads).toHaveBeenCalledTimes(1);
    reads.mockRestore();
  });

  it('when the figures are older than the maximum age, then they are served once more while a new read runs, and past the limit a request waits for it', async () => {
    const models = reportModelsOf(database.models);
    // The deliveries are read again at every read of the database (the questions only by the feed).
    const reads = jest.spyOn(models.deliveries, 'aggregate');
    let now = reportNow;
    const service = new ReportsService({
      models,
      maxAgeMs: 60_000,
      staleLimitMs: 15 * 60_000,
      now: () => now,
    });
    await service.spaces(noFilters);
    now = new Date(reportNow.getTime() + 60_001);
    expect((await service.spaces(noFilters)).generatedAt).toBe(reportNow.toISOString());
    await service.settled();
    expect(reads).toHaveBeenCalledTimes(2);
    expect((await service.spaces(noFilters)).generatedAt).toBe(now.toISOString());
    now = new Date(now.getTime() + 15 * 60_000 + 1);
    expect((await service.spaces(noFilters)).generatedAt).toBe(now.toISOString());
    expect(reads).toHaveBeenCalledTimes(3);
    reads.mockRestore();
  });

  it('when questions are registered or change after a read, then the next read counts them from the change feed, without reading every question again', async () => {
    const models = reportModelsOf(database.models);
    const wholeReads = jest.spyOn(models.questions, 'aggregate');
    const service = new ReportsService({ models, maxAgeMs: 0, now: () => reportNow });
    const sogamoso = (report: SpacesReport) =>
      report.spaces.find((row) => row.title === 'ANM Activa la Región en Sogamoso');
    const before = await service.spaces(noFilters);
    const spaceId = new Types.ObjectId(sogamoso(before)?.id);

    const receivedAt = new Date('2026-06-10T15:45:00Z');
    const asked = (key: string, inSpace: boolean) => ({
      submissionKey: `report-feed:${key}`,
      text: '¿Cuánto recibe Sogamoso de regalías?',
      channelId: inSpace ? 'facebook' : 'webchat',
      spaceId: inSpace ? spaceId : null,
      origin: inSpace ? ('live-comment' as const) : ('chat' as const),
      petitionKind: 'peticion-general' as const,
      receivedAt,
      dueAt: dueDate(receivedAt, 'peticion-general'),
      consentId: 'consent:report-feed',
      contact: null,
      citizenKey: `citizen-feed-${key}`,
      conversationKey: { channelId: inSpace ? 'facebook' : 'webchat', conversationId: key },
    });
    const { question } = await registerQuestion(database.models, asked('live', true));
    await registerQuestion(database.models, asked('chat', false));
    await changeQuestion(database.models, question._id, 'answered-live', 'staff', () => ({
      status: 'answered_live',
    }));

    const after = await service.spaces(noFilters);
    expect(wholeReads).toHaveBeenCalledTimes(1);
    expect(sogamoso(after)?.figures).toMatchObject({
      captured: (sogamoso(before)?.figures.captured ?? 0) + 1,
      answeredLive: (sogamoso(before)?.figures.answeredLive ?? 0) + 1,
      capturedByChannel: { facebook: (sogamoso(before)?.figures.captured ?? 0) + 1 },
    });
    expect(after.totals.figures.captured).toBe(before.totals.figures.captured + 1);
    // The same figures as a service that reads every question again.
    const everything = new ReportsService({
      models,
      maxAgeMs: 0,
      now: () => reportNow,
      followQuestionChanges: false,
    });
    expect(await everything.spaces(noFilters)).toEqual(after);
    expect(wholeReads).toHaveBeenCalledTimes(2);
    wholeReads.mockRestore();
  });
});
