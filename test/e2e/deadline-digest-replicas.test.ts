import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { projectRoot } from '../../kernel/project-root';
import { dueDate } from '../../legal-terms/legal-terms';
import { ConversationReferenceStore } from '../../models/conversation-reference';
import { registerQuestion } from '../../models/question';
import { newQuestion } from '../../moderation/moderation-test-kit';
import type { BotProcess } from '../support/bot-process';
import { ChannelSimulator } from '../support/channel-simulator';
import { startReplicaPair, type ReplicaPair } from '../support/replica-pair';
import { LocalStaffIssuer } from '../support/staff-auth-issuer';

/** Monday 21 December 2026, 9:00 in Bogotá: a business day, after the digest's hour. */
const mondayMorning = new Date('2026-12-21T14:00:00Z');
const moderatorsChat = '19:moderadores-replicas@thread.tacv2';

const shiftedClock = pathToFileURL(
  path.join(projectRoot(), 'test', 'support', 'shifted-clock.mjs'),
).href;

function digestCheck(bot: BotProcess) {
  return bot.waitForLog('deadline digest checked', 30_000);
}

describe("the moderators' deadline digest with two bot processes", () => {
  const channel = new ChannelSimulator();
  // Moderation, and its digest, run only where staff sign-in is configured.
  const issuer = new LocalStaffIssuer();
  let pair: ReplicaPair | undefined;
  const codes: string[] = [];

  beforeAll(async () => {
    await channel.start();
    await issuer.start();
    pair = await startReplicaPair(
      {
        ...issuer.environment(),
        LOG_LEVEL: 'debug',
        MODERATION_DIGEST_CHANNEL_ID: 'msteams',
        MODERATION_DIGEST_CONVERSATION_ID: moderatorsChat,
        MODERATION_DIGEST_HOUR: '7',
        // Both processes live on the same Monday morning, whatever day the suite runs.
        NODE_OPTIONS: `--import ${shiftedClock}`,
        ANM_TEST_CLOCK_SHIFT_MS: String(mondayMorning.getTime() - Date.now()),
      },
      {
        async prepare(models) {
          for (const received of ['2026-11-03T15:00:00Z', '2026-12-01T15:00:00Z']) {
            const receivedAt = new Date(received);
            const { question } = await registerQuestion(
              models,
              newQuestion({ receivedAt, dueAt: dueDate(receivedAt, 'peticion-general') }),
            );
            codes.push(question.trackingCode);
          }
          await new ConversationReferenceStore(models.conversationReferences).remember(
            {
              channelId: 'msteams',
              serviceUrl: channel.serviceUrl,
              conversation: {
                id: moderatorsChat,
                isGroup: true,
                conversationType: 'channel',
                name: '',
              },
              bot: { id: 'anm-bot', name: 'ANM' },
            },
            undefined,
          );
        },
      },
    );
  }, 90_000);

  afterAll(async () => {
    try {
      await pair?.stop();
    } finally {
      await Promise.all([channel.stop(), issuer.stop()]);
    }
  }, 60_000);

  it('when both replicas start on a business-day morning and check at once, then the moderators get exactly one digest listing the overdue and due-soon codes', async () => {
    if (!pair) throw new Error('the replicas did not start');
    const outcomes = await Promise.all([digestCheck(pair.a.bot), digestCheck(pair.b.bot)]);

    expect(outcomes.map((line) => line.outcome).sort()).toEqual(['already-sent', 'sent']);
    const [digest] = await channel.waitFor(moderatorsChat, 1);
    const text = String(digest?.text);
    expect(text).toContain('1 vencida y 1 que vence en 3 días hábiles o menos');
    for (const code of codes) expect(text).toContain(code);
    expect(channel.inConversation(moderatorsChat)).toHaveLength(1);
    expect(await pair.models.jobRuns.countDocuments({ _id: /^deadline-digest/ })).toBe(1);
  });
});
