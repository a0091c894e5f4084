import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

import { journalFile } from '../../bot/journal/journal-service';
import { messageActivity, newParty, postActivity } from '../support/activities';
import { ChannelSimulator } from '../support/channel-simulator';
import { embeddedServerPid, startEmbeddedTestApp } from '../support/embedded-app';
import type { TestApp } from '../support/test-app';

async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await delay(20);
  }
}

const isApology = (activity: { text?: string }) =>
  (activity.text ?? '').includes('tuvimos un problema técnico');

describe('when the embedded database dies', () => {
  const channel = new ChannelSimulator();
  let dataDir: string;
  let bot: TestApp;

  beforeAll(async () => {
    await channel.start();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'anm-bot-failure-'));
    bot = await startEmbeddedTestApp(dataDir, { MONGODB_TIMEOUT_MS: '5000' });
  });
  afterAll(async () => {
    await bot.dispose();
    await channel.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('then the bot restarts it, /healthz returns to 200 and a citizen who writes gets a normal answer', async () => {
    const killed = embeddedServerPid(dataDir);
    process.kill(killed, 'SIGKILL');
    await waitUntil(async () => {
      if (embeddedServerPid(dataDir) === killed) return false;
      return (await fetch(`${bot.app.url}/healthz`)).status === 200;
    }, 20_000);

    const party = newParty(channel.serviceUrl);
    expect((await postActivity(bot.app.url, messageActivity(party, 'hola'))).status).toBe(200);
    const replies = await channel.waitFor(party.conversationId, 2);
    expect(JSON.stringify(replies[0])).toContain('asistente virtual');
    expect(replies.filter(isApology)).toEqual([]);
  });

  it('then a message that arrives before it is back is accepted, kept in an owner-only journal, and answered once when it is back', async () => {
    process.kill(embeddedServerPid(dataDir), 'SIGKILL');
    await waitUntil(() => !bot.app.database.available(), 5_000);

    const party = newParty(channel.serviceUrl);
    const response = await postActivity(bot.app.url, messageActivity(party, 'hola'));
    expect(response.status).toBe(202);
    const journal = journalFile(dataDir);
    expect(statSync(journal).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(journal)).mode & 0o777).toBe(0o700);

    const replies = await channel.waitFor(party.conversationId, 2, 30_000);
    expect(JSON.stringify(replies[0])).toContain('asistente virtual');
    expect(await bot.app.journal.drained(10_000)).toBe(true);
    // Replayed entries leave no personal data behind.
    expect(existsSync(journal)).toBe(false);
    await delay(500);
    expect(channel.inConversation(party.conversationId)).toHaveLength(2);
    expect(channel.inConversation(party.conversationId).filter(isApology)).toEqual([]);
  });
});
