import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import type { MessageEndpoint } from '../../bot/adapter';
import type { AppConfig } from '../../bot/config';
import { registerChatPageRoutes } from '../../bot/http/chat-page-routes';
import { parseWebChatConfig } from '../../bot/http/direct-line-config';
import { registerDirectLineRoutes } from '../../bot/http/direct-line-routes';
import { RequestsInFlight, type RouteContext } from '../../bot/http/route-context';
import { createHttpServer, type HttpServer } from '../../bot/server';
import { resolvePseudonymSecret } from '../../kernel/pseudonym';
import { startEmbeddedTestApp } from './embedded-app';
import { startTestApp, type TestApp } from './test-app';

/**
 * The web chat on the real application: the bot (restify, CloudAdapter, dialogs, models) started
 * as `npm start` starts it, on port 0, and the web chat's routes (/chat, /v3/directline/…,
 * /api/directline/token) in front of it.
 *
 * Until bot/server.ts registers those routes itself, they are served by a second HTTP server of
 * this bed, built by the app's own `createHttpServer`, whose message endpoint posts to the app's
 * /api/messages: an activity from the web chat then takes the very path of every channel (edge
 * checks, serviceUrl allow-list, CloudAdapter, bot), and the bot's replies come back to the web
 * chat's connector endpoint on this server. Once the app serves /chat, the bed uses the app alone.
 */
export interface DirectLineBed {
  /** Where the web chat is served (/chat, /v3/directline). */
  readonly url: string;
  readonly app: TestApp['app'];
  readonly config: AppConfig;
  /** True while the web chat runs on this bed's own server (the app does not serve it yet). */
  readonly sideServer: boolean;
  dispose(): Promise<void>;
}

export interface DirectLineBedOptions {
  /** Environment overrides, as for `startTestApp` (DIRECT_LINE_… included). */
  environment?: Record<string, string>;
  /** The embedded FerretDB on a fresh data folder of its own, as on a fresh clone. */
  embeddedDatabase?: boolean;
}

/** A message endpoint that posts the activity to the app's /api/messages, as a channel does. */
function forwardingTo(appUrl: string): MessageEndpoint {
  return {
    async process({ body, authorization }) {
      const response = await fetch(`${appUrl}/api/messages`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(authorization ? { authorization } : {}),
        },
        body: JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
    },
  };
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
  if (served.status === 200) {
    return {
      url: app.url,
      app,
      config,
      sideServer: false,
      async dispose() {
        await testApp.dispose();
        await cleanUp();
      },
    };
  }

  const webChat = parseWebChatConfig(options.environment ?? {});
  if (webChat.mode === 'off') throw new Error('the web chat is off in this environment');
  const messages = forwardingTo(app.url);
  const http: HttpServer = createHttpServer({
    messages,
    health: app.database,
    edge: config.edge,
    logger: app.logger,
  });
  const context: RouteContext = {
    server: http.server,
    edge: config.edge,
    logger: app.logger,
    inFlight: new RequestsInFlight(),
  };
  registerDirectLineRoutes(context, {
    config: webChat,
    messages,
    models: app.database.models,
    pseudonymSecret: resolvePseudonymSecret(config.pseudonymSecret, config.dataDir).secret,
  });
  registerChatPageRoutes(context, {
    privacyPolicyUrl: config.privacyPolicyUrl,
    allowedEmbedders: webChat.allowedEmbedders,
    serviceOrigin: webChat.mode === 'service' ? webChat.baseUrl : undefined,
  });
  const port = await http.listen(0, '127.0.0.1');
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    config,
    sideServer: true,
    async dispose() {
      await http.close(2_000);
      await testApp.dispose();
      await cleanUp();
    },
  };
}
