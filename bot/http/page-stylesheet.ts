import { readFile } from 'node:fs/promises';
import path from 'node:path';

import type { Request, Response } from 'restify';

import { projectRoot } from '../../kernel/project-root';
import { handledBy } from './error-handler';
import type { limitedByAddress, RouteContext } from './route-context';

/** A style sheet of `publication/page/`, read once; a failed read is tried again next time. */
export function pageStylesheet(fileName: string): () => Promise<Buffer> {
  let stylesheet: Promise<Buffer> | undefined;
  return () => {
    stylesheet ??= readFile(path.join(projectRoot(), 'publication', 'page', fileName)).catch(
      (error: unknown) => {
        stylesheet = undefined;
        throw error;
      },
    );
    return stylesheet;
  };
}

/** Serves a public page's style sheet at a fixed path: cached an hour, never sniffed. */
export function registerStylesheetRoute(
  context: RouteContext,
  byAddress: ReturnType<typeof limitedByAddress>,
  stylesheetPath: string,
  read: () => Promise<Buffer>,
): void {
  context.server.get(
    stylesheetPath,
    byAddress,
    handledBy(context.logger, async (_request: Request, response: Response) => {
      const body = await read();
      response.writeHead(200, {
        'content-type': 'text/css; charset=utf-8',
        'x-content-type-options': 'nosniff',
        'cache-control': 'public, max-age=3600',
      });
      response.end(body);
    }),
  );
}
