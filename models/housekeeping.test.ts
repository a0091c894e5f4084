import { Types } from 'mongoose';

import { answeredQuestionWithContact, contactOf } from '../test/support/answered-question';
import { openTestDatabase, type TestDatabase } from '../test/support/test-database';
import { purgeQuestionChanges, runHousekeeping } from './housekeeping';

const hourMs = 60 * 60_000;
const dayMs = 24 * hourMs;

describe('housekeeping', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database.close());

  it('when it runs, then retry-filter keys older than a day, stale state claims and month-old delivery attempts are forgotten, and recent ones kept', async () => {
    const now = new Date('2026-11-30T12:00:00Z');
    const ago = (ms: number) => new Date(now.getTime() - ms);
    const { processedActivities, botStateClaims } = database.models;
    await processedActivities.insertMany([
      { _id: 'old-activity', processedAt: ago(25 * hourMs) },
      { _id: 'recent-activity', processedAt: ago(hourMs) },
    ]);
    await botStateClaims.insertMany([
      { _id: 'state@old', key: 'state', claimedAt: ago(2 * hourMs) },
      { _id: 'state@new', key: 'state', claimedAt: ago(60_000) },
    ]);

    await database.models.deliveryAttempts.collection.insertMany([
      { _id: 'delivery@1', claimedAt: ago(31 * 24 * hourMs) },
      { _id: 'delivery@2', claimedAt: ago(hourMs) },
    ] as never[]);

    expect(await runHousekeeping(database.models, 365, now)).toEqual({
      anonymised: 0,
      forgotten: 3,
    });
    const attempts = await database.models.deliveryAttempts.collection.find({}).toArray();
    expect(attempts.map((attempt) => attempt._id as unknown)).toEqual(['delivery@2']);

    expect((await processedActivities.find({}).lean()).map((doc) => doc._id)).toEqual([
      'recent-activity',
    ]);
    expect((await botStateClaims.find({}).lean()).map((doc) => doc._id)).toEqual(['state@new']);
  });

  it('when several replicas run it in the same period, then it runs once; in the next period it runs again', async () => {
    const now = new Date('2026-12-01T00:30:00Z');
    const outcomes = await Promise.all(
      Array.from({ length: 4 }, () => runHousekeeping(database.models, 365, now)),
    );
    expect(outcomes.filter((outcome) => outcome !== undefined)).toHaveLength(1);

    const later = new Date(now.getTime() + 6 * hourMs);
    expect(await runHousekeeping(database.models, 365, later)).toBeDefined();
    expect(await runHousekeeping(database.models, 365, later)).toBeUndefined();
  });

  it('when the change feed is purged, then only the last hour is kept, and one replica purges per period', async () => {
    const now = new Date('2026-12-02T10:00:00Z');
    const { questionChanges } = database.models;
    const questionId = new Types.ObjectId();
    await questionChanges.collection.insertMany([
      { _id: 'old-change', questionId, at: new Date(now.getTime() - 2 * hourMs) },
      { _id: 'recent-change', questionId, at: new Date(now.getTime() - 60_000) },
    ] as never[]);

    const outcomes = await Promise.all([
      purgeQuestionChanges(database.models, now),
      purgeQuestionChanges(database.models, now),
    ]);

    expect(outcomes.filter((outcome) => outcome !== undefined)).toEqual([1]);
    const left = await questionChanges.collection.find({}).toArray();
    expect(left.map((change) => change._id as unknown)).toEqual(['recent-change']);
  });

  it('when a run finds an answered question older than the retention period, then it reports it anonymised and its contact is gone', async () => {
    const questionId = await answeredQuestionWithContact(database.models);
    expect(await contactOf(database.models, questionId)).not.toBeNull();

    const outcome = await runHousekeeping(database.models, 365, new Date(Date.now() + 400 * dayMs));

    expect(outcome?.anonymised).toBe(1);
    expect(await contactOf(database.models, questionId)).toBeNull();
  });
});
