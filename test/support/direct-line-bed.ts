import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import type { AppConfig } from '../../bot/config';
import { startEmbeddedTestApp } from './embedded-app';
import { startTestApp, type TestApp } from './test-app';

/**
 * The web chat on the real application: the bot (restify, CloudAdapter, dialogs, models) started
 * as `npm start` starts it, on port 0, serving /chat, /v3/directline/… and /api/directline/token
 * itself. A start where the app does not serve /chat fails: the routes must be wired in.
 */
export interface DirectLineBed {
  /** Where the web chat is served (/chat, /v3/directline). */
  readonly url: string;
  readonly app: TestApp['app'];
  readonly config: AppConfig;
  dispose(): Promise<void>;
}

export interface DirectLineBedOptions {
  /** Environment overrides, as for `startTestApp` (DIRECT_LINE_… included). */
  environment?: Record<string, string>;
  /** The embedded FerretDB on a fresh data folder of its own, as on a fresh clone. */
  embeddedDatabase?: boolean;
}

async function startApp(options: DirectLineBedOptions): Promise<{
  testApp: TestApp;
  cleanUp: () => Promise<void>;
}> {
  const environment = options.environment ?? {};
  if (!options.embeddedDatabase) {
    return { testApp: await startTestApp(environment), cleanUp: () => Promise.resolve() };
  }
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'anm-web-chat-'));
  return {
    testApp: await startEmbeddedTestApp(dataDir, environment),
    cleanUp: () => rm(dataDir, { recursive: true, force: true }),
  };
}

export async function startDirectLineBed(
  options: DirectLineBedOptions = {},
): Promise<DirectLineBed> {
  const { testApp, cleanUp } = await startApp(options);
  const { app, config } = testApp;
  const served = await fetch(`${app.url}/chat`);
  await served.body?.cancel();
  if (served.status !== 200) {
    await testApp.dispose();
    await cleanUp();
    throw new Error(`the app does not serve /chat (${String(served.status)})`);
  }
  return {
    url: app.url,
    app,
    config,
    async dispose() {
      await testApp.dispose();
      await cleanUp();
    },
  };
}
