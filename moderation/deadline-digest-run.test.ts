import mongoose from 'mongoose';

import { ConversationReferenceStore } from '../models/conversation-reference';
import { createModels } from '../models/registry';
import { adapterSender } from '../test/support/adapter-sender';
import { ChannelSimulator } from '../test/support/channel-simulator';
import { testMongoUri } from '../test/support/test-database';
import { sendDeadlineDigest, type DeadlineDigestOptions } from './deadline-digest-run';
import { openModerationFixture, type ModerationFixture } from './moderation-test-kit';

/** Monday 21 December 2026, 9:00 in Bogotá: a business day, after the digest's hour. */
const mondayMorning = '2026-12-21T14:00:00Z';
const moderatorsChat = '19:moderadores-anm@thread.tacv2';

describe("the moderators' deadline digest", () => {
  const channel = new ChannelSimulator();
  let fixture: ModerationFixture;
  let options: DeadlineDigestOptions;
  let codes: { overdue: string; dueSoon: string; later: string };

  beforeAll(async () => {
    await channel.start();
    fixture = await openModerationFixture({ now: mondayMorning });
    // Received 3 Nov: overdue by 21 Dec. Received 1 Dec: due 23 Dec. Received 18 Dec: due in January.
    const overdue = await fixture.register({ receivedAt: new Date('2026-11-03T15:00:00Z') });
    const dueSoon = await fixture.register();
    const later = await fixture.register({ receivedAt: new Date('2026-12-18T15:00:00Z') });
    codes = {
      overdue: overdue.trackingCode,
      dueSoon: dueSoon.trackingCode,
      later: later.trackingCode,
    };
    await fixture.service.projection.catchUp();
    const references = new ConversationReferenceStore(
      fixture.database.models.conversationReferences,
    );
    await references.remember(
      {
        channelId: 'msteams',
        serviceUrl: channel.serviceUrl,
        conversation: { id: moderatorsChat, isGroup: true, conversationType: 'channel', name: '' },
        bot: { id: 'anm-bot', name: 'ANM' },
      },
      undefined,
    );
    options = {
      moderation: fixture.service,
      references,
      sender: adapterSender(),
      jobRuns: fixture.database.models.jobRuns,
      target: { channelId: 'msteams', conversationId: moderatorsChat, hour: 7 },
      now: () => new Date(mondayMorning),
    };
  }, 60_000);
  afterAll(async () => {
    await fixture.close();
    await channel.stop();
  });

  it('when it is a business day morning, then one message lists overdue and due-soon questions, earliest first, and nothing due later', async () => {
    expect(await sendDeadlineDigest(options)).toBe('sent');
    const [message] = await channel.waitFor(moderatorsChat, 1);
    const text = String(message?.text);
    expect(text).toContain('1 vencida y 1 que vence en 3 días hábiles o menos');
    expect(text.indexOf(codes.overdue)).toBeGreaterThan(-1);
    expect(text.indexOf(codes.overdue)).toBeLessThan(text.indexOf(codes.dueSoon));
    expect(text).toContain('23 de diciembre de 2026');
    expect(text).not.toContain(codes.later);
    // Codes and dates only: no citizen's words, name or e-mail.
    expect(text).not.toMatch(/regalías|Camila|correo\.test/);
  });

  it('when two replicas check at once on the same day, then the digest is not sent again', async () => {
    // A second replica: its own connection to the same database.
    const other = await mongoose
      .createConnection(testMongoUri(), { dbName: fixture.database.dbName, autoIndex: false })
      .asPromise();
    try {
      const outcomes = await Promise.all([
        sendDeadlineDigest(options),
        sendDeadlineDigest({ ...options, jobRuns: createModels(other).jobRuns }),
      ]);
      expect(outcomes).toEqual(['already-sent', 'already-sent']);
    } finally {
      await other.close();
    }
    expect(channel.inConversation(moderatorsChat)).toHaveLength(1);
  });

  it('when it is before the hour, or a Saturday, or a holiday, then nothing is sent', async () => {
    const at = (iso: string) => sendDeadlineDigest({ ...options, now: () => new Date(iso) });
    expect(await at('2026-12-22T11:00:00Z')).toBe('not-today'); // 6:00 in Bogotá
    expect(await at('2026-12-26T14:00:00Z')).toBe('not-today'); // Saturday
    expect(await at('2026-12-08T14:00:00Z')).toBe('not-today'); // Inmaculada Concepción
  });

  it('when the next business day comes, then the two replicas racing send exactly one digest', async () => {
    const tuesday = () => new Date('2026-12-22T14:00:00Z');
    const other = await mongoose
      .createConnection(testMongoUri(), { dbName: fixture.database.dbName, autoIndex: false })
      .asPromise();
    try {
      const outcomes = await Promise.all([
        sendDeadlineDigest({ ...options, now: tuesday }),
        sendDeadlineDigest({ ...options, now: tuesday, jobRuns: createModels(other).jobRuns }),
      ]);
      expect(outcomes.sort()).toEqual(['already-sent', 'sent']);
    } finally {
      await other.close();
    }
    await channel.waitFor(moderatorsChat, 2);
    expect(channel.inConversation(moderatorsChat)).toHaveLength(2);
  });

  it('when sending fails, then the day is given back and the next check sends the digest', async () => {
    const wednesday = () => new Date('2026-12-23T14:00:00Z');
    const failing: DeadlineDigestOptions = {
      ...options,
      now: wednesday,
      sender: { send: () => Promise.reject(new Error('the channel is down')) },
    };
    const before = channel.inConversation(moderatorsChat).length;

    await expect(sendDeadlineDigest(failing)).rejects.toThrow('the channel is down');
    expect(await sendDeadlineDigest({ ...options, now: wednesday })).toBe('sent');

    await channel.waitFor(moderatorsChat, before + 1);
    expect(channel.inConversation(moderatorsChat)).toHaveLength(before + 1);
  });
});
