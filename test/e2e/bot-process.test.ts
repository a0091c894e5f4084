import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { messageActivity, newParty, postActivity } from '../support/activities';
import { spawnBot } from '../support/bot-process';
import { ChannelSimulator } from '../support/channel-simulator';
import { processIsRunning } from '../support/embedded-app';
import { testFerretdbBinary } from '../support/test-database';

describe('the bot as a process (what npm start runs)', () => {
  let workDir: string;

  beforeEach(async () => {
    workDir = await mkdtemp(path.join(os.tmpdir(), 'anm-bot-process-'));
  });
  afterEach(() => rm(workDir, { recursive: true, force: true }));

  it('when it starts on its embedded defaults, then /healthz is 200, it talks, and SIGTERM lets the turn in flight finish and exits 0', async () => {
    const channel = new ChannelSimulator(1500);
    await channel.start();
    const bot = spawnBot(
      {
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: path.join(workDir, 'data'),
        FERRETDB_BINARY: testFerretdbBinary(),
      },
      workDir,
    );
    try {
      const { pid: serverPid } = await bot.waitForLog('embedded FerretDB started');
      const { port } = await bot.waitForLog('server listening');
      const url = `http://127.0.0.1:${String(port)}`;
      expect((await fetch(`${url}/healthz`)).status).toBe(200);

      const party = newParty(channel.serviceUrl);
      const posted = postActivity(url, messageActivity(party, 'hola'));
      while (channel.pending === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      bot.child.kill('SIGTERM');

      expect((await posted).status).toBe(200);
      expect(await bot.exited).toBe(0);
      expect(channel.inConversation(party.conversationId)).toHaveLength(2);
      expect(processIsRunning(Number(serverPid))).toBe(false);
      expect(bot.logs.map((line) => line.msg)).toContain('stopped');
    } finally {
      bot.child.kill('SIGKILL');
      await channel.stop();
    }
  });

  it('when its configuration is wrong, then it refuses to start and lists every problem', async () => {
    const bot = spawnBot({ PORT: 'abc', LOG_LEVEL: 'loud', DATA_DIR: workDir }, workDir);
    expect(await bot.exited).toBe(1);
    expect(bot.stderr()).toContain('Invalid configuration');
    expect(bot.stderr()).toContain('PORT');
    expect(bot.stderr()).toContain('LOG_LEVEL');
  });

  it('when it logs a conversation, then no message text or user id appears in its output', async () => {
    const channel = new ChannelSimulator();
    await channel.start();
    const bot = spawnBot(
      {
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'debug',
        DATA_DIR: path.join(workDir, 'data'),
        FERRETDB_BINARY: testFerretdbBinary(),
      },
      workDir,
    );
    try {
      const { port } = await bot.waitForLog('server listening');
      const party = newParty(channel.serviceUrl);
      const secret = 'mi cedula es 1234567890 y mi correo ana@example.com';
      await postActivity(`http://127.0.0.1:${String(port)}`, messageActivity(party, secret));
      await channel.waitFor(party.conversationId, 2);
      await bot.waitForLog('turn finished');
      bot.child.kill('SIGTERM');
      await bot.exited;
      const output = JSON.stringify(bot.logs) + bot.stderr();
      expect(output).not.toContain('1234567890');
      expect(output).not.toContain('ana@example.com');
      expect(output).not.toContain(party.userId);
      expect(output).not.toContain(party.conversationId);
    } finally {
      bot.child.kill('SIGKILL');
      await channel.stop();
    }
  });
});
