import mongoose, { Types, type Connection } from 'mongoose';

import { changeQuestion, registerQuestion, type QuestionDocument } from '../models/question';
import { createModels, type Models } from '../models/registry';
import { testMongoUri } from '../test/support/test-database';
import {
  ana,
  newQuestion,
  openModerationFixture,
  type ModerationFixture,
} from './moderation-test-kit';
import { decodeCursor, type QueueFilters, type QueueItem } from './queue-query';

describe('the moderators queue, in memory and fed by the change feed', () => {
  let fixture: ModerationFixture;
  let overdue: QuestionDocument;
  let dueSoon: QuestionDocument;
  let later: QuestionDocument;
  let closed: QuestionDocument;
  let inSpace: QuestionDocument;
  const spaceId = new Types.ObjectId();

  beforeAll(async () => {
    // Thursday 10 December 2026, 10:00 in Bogotá.
    fixture = await openModerationFixture({ now: '2026-12-10T15:00:00Z' });
    overdue = await fixture.register({
      receivedAt: new Date('2026-11-10T15:00:00Z'),
      text: '¿Cuándo pagan las regalías del carbón?',
    });
    dueSoon = await fixture.register({
      receivedAt: new Date('2026-11-26T15:00:00Z'),
      text: 'Quiero saber cómo legalizar mi mina',
    });
    later = await fixture.register({
      receivedAt: new Date('2026-12-09T15:00:00Z'),
      text: '¿Qué es el canon superficiario?',
    });
    closed = await fixture.register({
      receivedAt: new Date('2026-11-02T15:00:00Z'),
      text: 'Saludos desde Segovia',
    });
    inSpace = await fixture.register({
      receivedAt: new Date('2026-12-04T15:00:00Z'),
      text: '¿Dónde veo la audiencia de Pitalito?',
      spaceId,
      origin: 'meeting-chat',
      channelId: 'msteams',
      contact: null,
      citizenKey: null,
    });
    await fixture.service.projection.catchUp();
    await fixture.service.act('reject', closed._id, ana, {
      version: 1,
      reason: 'Es un saludo, no una pregunta.',
    });
    await fixture.service.act('assign', later._id, ana, { version: 1, area: 'Títulos Mineros' });
  });
  afterAll(() => fixture.close());

  const query = (filters: Partial<QueueFilters> = {}) =>
    fixture.service.queue({ limit: 50, ...filters });
  const codes = (items: QueueItem[]) => items.map((item) => item.trackingCode);

  it('when the queue is read, then overdue questions come first, then those due soon, then the rest, and closed ones last', async () => {
    const { items } = await query();
    expect(codes(items)).toEqual(
      [overdue, dueSoon, inSpace, later, closed].map((question) => question.trackingCode),
    );
    expect(items[0]).toMatchObject({
      status: 'pending',
      groupSize: 1,
      channel: 'webchat',
      origin: 'chat',
    });
    expect(items[0]?.businessDaysLeft).toBeLessThan(0);
    expect(items[4]?.businessDaysLeft).toBeNull();
    expect(JSON.stringify(items)).not.toMatch(/camila|citizen-|conv-/i);
  });

  it('when filtered, then each filter keeps only its questions and the counts are per status over the filtered set', async () => {
    expect(codes((await query({ statuses: ['rejected'] })).items)).toEqual([closed.trackingCode]);
    expect(codes((await query({ spaceId: spaceId.toHexString() })).items)).toEqual([
      inSpace.trackingCode,
    ]);
    expect(codes((await query({ channel: 'meeting-chat' })).items)).toEqual([inSpace.trackingCode]);
    expect(codes((await query({ channel: 'msteams' })).items)).toEqual([inSpace.trackingCode]);
    expect(codes((await query({ area: 'titulos mineros' })).items)).toEqual([later.trackingCode]);
    expect(codes((await query({ overdue: true })).items)).toEqual([overdue.trackingCode]);
    expect(codes((await query({ dueWithin: 6 })).items)).toEqual([
      overdue.trackingCode,
      dueSoon.trackingCode,
    ]);
    expect(codes((await query({ search: 'REGALIAS carbon' })).items)).toEqual([
      overdue.trackingCode,
    ]);
    expect(codes((await query({ search: later.trackingCode.toLowerCase() })).items)).toEqual([
      later.trackingCode,
    ]);
    const { counts } = await query({ statuses: ['pending'], channel: 'webchat' });
    expect(counts).toMatchObject({ pending: 3, in_review: 0, rejected: 1 });
  });

  it('when read page by page with the cursor, then every question comes once, in the same order', async () => {
    const everything = codes((await query()).items);
    const pages: string[] = [];
    let cursor = await query({ limit: 2 });
    pages.push(...codes(cursor.items));
    while (cursor.nextCursor) {
      cursor = await query({ limit: 2, after: decodeCursor(cursor.nextCursor) });
      pages.push(...codes(cursor.items));
    }
    expect(pages).toEqual(everything);
  });

  it('when questions are grouped, then the group is one line with the number of askers and its earliest due date, and ungrouping splits it again', async () => {
    const target = await fixture.register({
      receivedAt: new Date('2026-12-07T15:00:00Z'),
      text: '¿Cómo me inscribo como barequero?',
    });
    const duplicate = await fixture.register({
      receivedAt: new Date('2026-12-03T15:00:00Z'),
      text: 'como me inscribo de barequero',
    });
    await fixture.service.act('group', target._id, ana, {
      version: 1,
      duplicates: [{ id: duplicate._id.toHexString(), version: 1 }],
    });
    const line = (await query({ search: 'barequero' })).items;
    expect(line).toHaveLength(1);
    expect(line[0]).toMatchObject({
      id: target._id.toHexString(),
      groupSize: 2,
      dueDate: duplicate.dueAt.toISOString(),
    });

    await fixture.service.act('ungroup', target._id, ana, { version: 1 });
    const split = (await query({ search: 'barequero' })).items;
    expect(split.map((item) => [item.id, item.groupSize])).toEqual([
      [duplicate._id.toHexString(), 1],
      [target._id.toHexString(), 1],
    ]);
  });

  describe('with a second replica writing on its own connection', () => {
    let connection: Connection;
    let replica: Models;
    beforeAll(async () => {
      connection = await mongoose
        .createConnection(testMongoUri(), { dbName: fixture.database.dbName, autoIndex: false })
        .asPromise();
      replica = createModels(connection);
    });
    afterAll(() => connection.close());

    it('when the other replica registers and changes questions, then this queue shows them after reading the change feed', async () => {
      const { question } = await registerQuestion(
        replica,
        newQuestion({ text: 'Pregunta llegada por la otra réplica' }),
      );
      await changeQuestion(
        replica,
        overdue._id,
        'assigned',
        { actor: 'moderator', staff: ana },
        () => ({ area: 'Regalías' }),
      );
      expect((await query({ search: 'otra replica' })).items).toHaveLength(0);

      await fixture.service.projection.catchUp();

      expect((await query({ search: 'otra replica' })).items.map((item) => item.id)).toEqual([
        question._id.toHexString(),
      ]);
      expect((await query({ area: 'regalias' })).items.map((item) => item.id)).toEqual([
        overdue._id.toHexString(),
      ]);
    });
  });
});
