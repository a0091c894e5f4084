import {
  ActivityHandler,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type TurnContext,
} from 'botbuilder';
import restify from 'restify';

/**
 * The SDK's floor: the bare echo bot of the Bot Framework samples (CloudAdapter + restify, no
 * storage, no middleware), unauthenticated. `node dist/bench/turns/echo-bot.js` listens on
 * 127.0.0.1:$PORT (0: any free port) and prints `{"port": n}` once listening.
 */
class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context: TurnContext, next) => {
      await context.sendActivity(`Eco: ${context.activity.text}`);
      await next();
    });
  }
}

function main(): void {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  adapter.onTurnError = async (context, error) => {
    console.error(error instanceof Error ? error.message : error);
    await context.sendActivity('error');
  };
  const bot = new EchoBot();
  const server = restify.createServer();
  server.use(restify.plugins.bodyParser());
  server.post('/api/messages', async (request, response) => {
    await adapter.process(request, response, (context) => bot.run(context));
  });
  const port = Number(process.env.PORT ?? '0');
  server.listen(port, '127.0.0.1', () => {
    const address = server.address();
    console.log(JSON.stringify({ port: address.port }));
  });
  const stop = () => {
    server.close(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main();
