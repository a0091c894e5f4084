import { RequestRefusal } from '../kernel/errors';
import { openTestDatabase, type TestDatabase } from '../test/support/test-database';
import { ConversationResumes } from './conversation-resumes';
import { DirectLineResumeSecrets, resumeSecretPattern } from './direct-line-resume';
import { newConversationId, newUserId } from './direct-line-tokens';

const day = 86_400_000;

/** The refusal's status code and message, or 'accepted'. */
async function outcomeOf(exchange: Promise<unknown>): Promise<string> {
  try {
    await exchange;
    return 'accepted';
  } catch (error) {
    if (error instanceof RequestRefusal) return `${error.code}: ${error.message}`;
    throw error;
  }
}

const refused = 'forbidden: Esta conversación ya no se puede retomar desde este dispositivo.';

describe('coming back to a web chat conversation with its resume secret, on FerretDB', () => {
  let database: TestDatabase;
  let now: number;
  let resumes: ConversationResumes;

  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database.close());
  beforeEach(() => {
    now = Date.UTC(2026, 2, 2, 15);
    resumes = new ConversationResumes({
      model: database.models.directLineResumes,
      secrets: new DirectLineResumeSecrets(
        Buffer.from('a resume key of this test, 32+ characters'),
      ),
      lifetimeSeconds: 60 * 86_400,
      now: () => new Date(now),
    });
  });

  async function started(): Promise<{ conversationId: string; userId: string; first: string }> {
    const conversationId = newConversationId();
    const userId = newUserId();
    const { resume } = resumes.first(conversationId, userId);
    await resumes.open(conversationId, userId);
    return { conversationId, userId, first: resume };
  }

  it('when a browser presents the secret it was given, then it gets the same user back and a new secret, opaque and of the same form', async () => {
    const { conversationId, userId, first } = await started();
    const { userId: resumedUser, grant } = await resumes.exchange(conversationId, first);
    expect(resumedUser).toBe(userId);
    expect(grant.resume).toMatch(resumeSecretPattern);
    expect(grant.resume).not.toBe(first);
    expect(grant.resume_expires_in).toBe(60 * 86_400);
    expect(grant.resume).not.toContain(conversationId);
  });

  it('when the answer carrying the new secret was lost, then the old one still works and gives the same new secret (two tabs agree)', async () => {
    const { conversationId, first } = await started();
    const once = await resumes.exchange(conversationId, first);
    const again = await resumes.exchange(conversationId, first);
    expect(again.grant.resume).toBe(once.grant.resume);
  });

  it('when the device has used the new secret, then a copy of the one before it no longer works', async () => {
    const { conversationId, first } = await started();
    const second = (await resumes.exchange(conversationId, first)).grant.resume;
    const third = (await resumes.exchange(conversationId, second)).grant.resume;
    expect(await outcomeOf(resumes.exchange(conversationId, first))).toBe(refused);
    expect(await outcomeOf(resumes.exchange(conversationId, second))).toBe('accepted');
    await resumes.exchange(conversationId, third);
    expect(await outcomeOf(resumes.exchange(conversationId, second))).toBe(refused);
  });

  it("when a conversation's secret is presented for another conversation, or a secret is made up, then it is refused", async () => {
    const mine = await started();
    const other = await started();
    expect(await outcomeOf(resumes.exchange(other.conversationId, mine.first))).toBe(refused);
    expect(await outcomeOf(resumes.exchange(mine.conversationId, 'A'.repeat(43)))).toBe(refused);
    expect(await outcomeOf(resumes.exchange(mine.conversationId, 'not a secret'))).toBe(refused);
    expect(await outcomeOf(resumes.exchange(newConversationId(), mine.first))).toBe(refused);
  });

  it('when the device comes back within the lifetime, then each visit moves the expiry on; past it, the secret is refused', async () => {
    const { conversationId, first } = await started();
    now += 59 * day;
    const second = (await resumes.exchange(conversationId, first)).grant.resume;
    now += 59 * day;
    const third = (await resumes.exchange(conversationId, second)).grant.resume;
    now += 60 * day;
    expect(await outcomeOf(resumes.exchange(conversationId, third))).toBe(refused);
  });

  it('when the conversation is forgotten, then no secret of it works any more', async () => {
    const { conversationId, first } = await started();
    const second = (await resumes.exchange(conversationId, first)).grant.resume;
    await resumes.forget(conversationId);
    expect(await outcomeOf(resumes.exchange(conversationId, first))).toBe(refused);
    expect(await outcomeOf(resumes.exchange(conversationId, second))).toBe(refused);
  });

  it('when the key is changed (DIRECT_LINE_TOKEN_SECRET), then every secret given before is refused', async () => {
    const { conversationId, first } = await started();
    const withNewKey = new ConversationResumes({
      model: database.models.directLineResumes,
      secrets: new DirectLineResumeSecrets(Buffer.from('another resume key, 32+ characters long')),
      lifetimeSeconds: 60 * 86_400,
      now: () => new Date(now),
    });
    expect(await outcomeOf(withNewKey.exchange(conversationId, first))).toBe(refused);
  });

  it('when the database is read, then it holds hashes of the secrets, never a secret', async () => {
    const { conversationId, first } = await started();
    const second = (await resumes.exchange(conversationId, first)).grant.resume;
    const stored = JSON.stringify(
      await database.models.directLineResumes.findOne({ _id: conversationId }).lean(),
    );
    expect(stored).not.toContain(first);
    expect(stored).not.toContain(second);
  });
});
