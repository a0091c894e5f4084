import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { messageActivity, newParty, postActivity } from '../support/activities';
import { ChannelSimulator } from '../support/channel-simulator';
import { embeddedServerPid, startEmbeddedTestApp } from '../support/embedded-app';
import type { TestApp } from '../support/test-app';

describe('when the database goes away', () => {
  const channel = new ChannelSimulator();
  let dataDir: string;
  let bot: TestApp;

  beforeAll(async () => {
    await channel.start();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'anm-bot-failure-'));
    bot = await startEmbeddedTestApp(dataDir, { MONGODB_TIMEOUT_MS: '1000' });
    process.kill(embeddedServerPid(dataDir), 'SIGKILL');
  });
  afterAll(async () => {
    await bot.dispose();
    await channel.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('then /healthz answers 503', async () => {
    const response = await fetch(`${bot.app.url}/healthz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: 'unavailable', database: 'down' });
  });

  it('then a citizen who writes is told, in Spanish, that something failed and nothing was lost', async () => {
    const party = newParty(channel.serviceUrl);
    await postActivity(bot.app.url, messageActivity(party, 'hola'));
    const [reply] = await channel.waitFor(party.conversationId, 1);
    expect(reply?.text).toContain('tuvimos un problema técnico');
    expect(reply?.text).toContain('No se perdió nada');
    expect(reply?.text).toMatch(/Código de referencia: [0-9a-f]{8}/);
  });
});
