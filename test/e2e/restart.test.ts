import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { messageActivity, newParty, postActivity } from '../support/activities';
import { ChannelSimulator } from '../support/channel-simulator';
import { embeddedServerPid, processIsRunning, startEmbeddedTestApp } from '../support/embedded-app';

function mentionsWelcome(activity: {
  attachments?: { content?: unknown }[];
  text?: string;
}): boolean {
  return JSON.stringify(activity).includes('asistente virtual');
}

describe('the embedded database across a restart', () => {
  const channel = new ChannelSimulator();
  let dataDir: string;

  beforeAll(async () => {
    await channel.start();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'anm-bot-restart-'));
  });
  afterAll(async () => {
    await channel.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('when the bot restarts on the same DATA_DIR, then it remembers the user and can still write to the conversation', async () => {
    const party = newParty(channel.serviceUrl);

    const first = await startEmbeddedTestApp(dataDir, { MONGODB_DB_NAME: 'anm_restart' });
    const firstServerPid = embeddedServerPid(dataDir);
    await postActivity(first.app.url, messageActivity(party, 'hola'));
    const beforeRestart = await channel.waitFor(party.conversationId, 2);
    expect(mentionsWelcome(beforeRestart[0] ?? {})).toBe(true);
    await first.dispose();
    expect(processIsRunning(firstServerPid)).toBe(false);

    const second = await startEmbeddedTestApp(dataDir, { MONGODB_DB_NAME: 'anm_restart' });
    try {
      // The user was welcomed before the restart: this time the bot only replies.
      await postActivity(second.app.url, messageActivity(party, 'sigo aqui'));
      const afterRestart = await channel.waitFor(party.conversationId, 3);
      expect(afterRestart.slice(2).some(mentionsWelcome)).toBe(false);

      // The stored conversation reference is enough to write to the citizen proactively.
      const reference = await second.app.conversationReferences.find(
        'webchat',
        party.conversationId,
      );
      expect(reference).toBeDefined();
      await second.app.adapter.continueConversationAsync('', reference ?? {}, async (context) => {
        await context.sendActivity('Su pregunta tiene respuesta.');
      });
      const proactive = await channel.waitFor(party.conversationId, 4);
      expect(proactive[3]?.text).toBe('Su pregunta tiene respuesta.');
    } finally {
      await second.dispose();
    }
  });
});
