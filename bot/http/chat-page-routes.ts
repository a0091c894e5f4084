import type { Request, Response } from 'restify';

import {
  chatFileNames,
  chatPageHeaders,
  chatPageHtml,
  newNonce,
  readChatFile,
  type ChatPageSettings,
} from './chat-page';
import { handledBy } from './error-handler';
import { limitedByAddress, type RouteContext } from './route-context';

function acceptsGzip(request: Request): boolean {
  const accepted = request.headers['accept-encoding'];
  return (
    typeof accepted === 'string' &&
    accepted.split(',').some((coding) => coding.split(';')[0]?.trim() === 'gzip')
  );
}

/** `GET /chat` (the citizens' web chat) and its files under /chat/, a fixed list. */
export function registerChatPageRoutes(context: RouteContext, settings: ChatPageSettings): void {
  const { server, logger } = context;
  const byAddress = limitedByAddress(context);
  server.get(
    '/chat',
    byAddress,
    handledBy(logger, (_request: Request, response: Response) => {
      const nonce = newNonce();
      response.writeHead(200, chatPageHeaders(settings, nonce));
      response.end(chatPageHtml(settings, nonce));
      return Promise.resolve();
    }),
  );
  for (const name of chatFileNames) {
    server.get(
      `/chat/${name}`,
      byAddress,
      handledBy(logger, async (request: Request, response: Response) => {
        const ifNoneMatch = request.headers['if-none-match'];
        const file = await readChatFile(name, {
          acceptsGzip: acceptsGzip(request),
          ifNoneMatch: typeof ifNoneMatch === 'string' ? ifNoneMatch : undefined,
        });
        if (!file) {
          response.send(404);
          return;
        }
        response.writeHead(file.status, file.headers);
        response.end(file.body);
      }),
    );
  }
}
