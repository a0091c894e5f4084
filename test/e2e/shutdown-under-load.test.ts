import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

import { journalFile } from '../../bot/journal/journal-service';
import {
  messageActivity,
  newParty,
  postActivity,
  type ConversationParty,
} from '../support/activities';
import { spawnBot, type BotProcess } from '../support/bot-process';
import { ChannelSimulator } from '../support/channel-simulator';
import { embeddedServerPid } from '../support/embedded-app';
import { testFerretdbBinary } from '../support/test-database';

const isApology = (activity: { text?: string }) =>
  (activity.text ?? '').includes('tuvimos un problema técnico');

describe('the bot as a process, stopped while it works', () => {
  let workDir: string;
  let dataDir: string;
  const channel = new ChannelSimulator(400);
  const running: BotProcess[] = [];

  const start = async () => {
    const bot = spawnBot(
      {
        PORT: '0',
        HOST: '127.0.0.1',
        SHUTDOWN_TIMEOUT_MS: '20000',
        DATA_DIR: dataDir,
        FERRETDB_BINARY: testFerretdbBinary(),
      },
      workDir,
    );
    running.push(bot);
    const { port } = await bot.waitForLog('server listening');
    return { bot, url: `http://127.0.0.1:${String(port)}` };
  };

  beforeAll(async () => {
    await channel.start();
  });
  beforeEach(async () => {
    workDir = await mkdtemp(path.join(os.tmpdir(), 'anm-bot-stop-'));
    dataDir = path.join(workDir, 'data');
  });
  afterEach(async () => {
    for (const bot of running.splice(0)) bot.child.kill('SIGKILL');
    await rm(workDir, { recursive: true, force: true });
  });
  afterAll(() => channel.stop());

  it('when SIGTERM arrives during a burst, then the turns in flight finish, it exits 0, and every accepted message is answered exactly once', async () => {
    const { bot, url } = await start();
    const parties: ConversationParty[] = [];
    const statuses: Promise<number | 'refused'>[] = [];
    for (let index = 0; index < 16; index++) {
      if (index === 8) bot.child.kill('SIGTERM');
      const party = newParty(channel.serviceUrl);
      parties.push(party);
      statuses.push(
        postActivity(url, messageActivity(party, 'hola')).then(
          (response) => response.status,
          () => 'refused' as const,
        ),
      );
      await delay(40);
    }
    const outcomes = await Promise.all(statuses);
    expect(await bot.exited).toBe(0);

    const accepted = parties.filter((_, index) => outcomes[index] !== 'refused');
    expect(accepted.length).toBeGreaterThanOrEqual(8);
    expect(outcomes.filter((status) => status !== 'refused' && status !== 200)).toEqual([]);
    for (const party of accepted) {
      const replies = channel.inConversation(party.conversationId);
      expect(replies).toHaveLength(2);
      expect(replies.filter(isApology)).toEqual([]);
    }
  }, 90_000);

  it('when it stops while messages wait in the journal, then they are answered exactly once after the next start', async () => {
    const first = await start();
    process.kill(embeddedServerPid(dataDir), 'SIGKILL');
    await first.bot.waitForLog('embedded FerretDB stopped unexpectedly');
    const party = newParty(channel.serviceUrl);
    expect((await postActivity(first.url, messageActivity(party, 'hola'))).status).toBe(202);
    first.bot.child.kill('SIGTERM');
    expect(await first.bot.exited).toBe(0);
    expect(existsSync(journalFile(dataDir))).toBe(true);
    expect(channel.inConversation(party.conversationId)).toHaveLength(0);

    const second = await start();
    await second.bot.waitForLog('journal replayed', 30_000);
    const replies = await channel.waitFor(party.conversationId, 2, 20_000);
    expect(JSON.stringify(replies[0])).toContain('asistente virtual');
    expect(existsSync(journalFile(dataDir))).toBe(false);
    await delay(1_000);
    expect(channel.inConversation(party.conversationId)).toHaveLength(2);
    second.bot.child.kill('SIGTERM');
    expect(await second.bot.exited).toBe(0);
  }, 90_000);
});
