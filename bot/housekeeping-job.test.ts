import { createLogger } from '../kernel/logger';
import { answeredQuestionWithContact, contactOf } from '../test/support/answered-question';
import { openTestDatabase, type TestDatabase } from '../test/support/test-database';
import { startHousekeepingJob } from './housekeeping-job';

const dayMs = 24 * 60 * 60_000;

describe('the housekeeping timer', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database.close());

  it('when the scheduled job starts and the retention period has passed, then its first run anonymises the contact by itself', async () => {
    const questionId = await answeredQuestionWithContact(database.models);
    const job = startHousekeepingJob({
      models: database.models,
      retentionDays: 365,
      logger: createLogger('silent'),
      firstRunDelayMs: 0,
      // Well past the retention period of the question answered now.
      now: () => new Date(Date.now() + 800 * dayMs),
    });
    try {
      const deadline = Date.now() + 20_000;
      while ((await contactOf(database.models, questionId)) !== null) {
        if (Date.now() > deadline) throw new Error('the scheduled run never anonymised it');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      await job.stop();
    }
    expect(await contactOf(database.models, questionId)).toBeNull();
  });
});
