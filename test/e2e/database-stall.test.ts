import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

import { messageActivity, newParty, postActivity } from '../support/activities';
import { ChannelSimulator } from '../support/channel-simulator';
import { embeddedServerPid, startEmbeddedTestApp } from '../support/embedded-app';
import type { TestApp } from '../support/test-app';

const isApology = (activity: { text?: string }) =>
  (activity.text ?? '').includes('tuvimos un problema técnico');

/** Bot Framework channels give up on a request after 15 seconds. */
const channelPatienceMs = 15_000;

describe('when the embedded database stops answering in the middle of a turn', () => {
  const channel = new ChannelSimulator();
  let dataDir: string;
  let bot: TestApp;
  let frozenPid: number | undefined;

  const thaw = () => {
    if (frozenPid !== undefined) process.kill(frozenPid, 'SIGCONT');
    frozenPid = undefined;
  };

  beforeAll(async () => {
    await channel.start();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'anm-bot-stall-'));
    bot = await startEmbeddedTestApp(dataDir, { MONGODB_TIMEOUT_MS: '2000' });
  });
  afterAll(async () => {
    thaw();
    await bot.dispose();
    await channel.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('then the message is accepted before the channel gives up, and answered once when the database answers again', async () => {
    const warmUp = newParty(channel.serviceUrl);
    expect((await postActivity(bot.app.url, messageActivity(warmUp, 'hola'))).status).toBe(200);

    // Frozen, not dead: the socket stays open, nothing restarts it, no reply ever comes.
    frozenPid = embeddedServerPid(dataDir);
    process.kill(frozenPid, 'SIGSTOP');
    const party = newParty(channel.serviceUrl);
    const response = await postActivity(
      bot.app.url,
      messageActivity(party, 'hola'),
      {},
      { signal: AbortSignal.timeout(channelPatienceMs) },
    );
    expect(response.status).toBe(202);

    thaw();
    const replies = await channel.waitFor(party.conversationId, 2, 30_000);
    expect(JSON.stringify(replies[0])).toContain('asistente virtual');
    expect(await bot.app.journal.drained(20_000)).toBe(true);
    // Nothing arrives twice, and no apology: the failed turn was handed over, not reported.
    await delay(500);
    expect(channel.inConversation(party.conversationId).filter(isApology)).toEqual([]);
    expect(channel.inConversation(party.conversationId)).toHaveLength(2);
  }, 90_000);
});
