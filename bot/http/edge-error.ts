import type { Response } from 'restify';

/**
 * A request refused at the HTTP edge, before it reaches the bot: an HTTP status, a stable code for
 * clients and logs, and a short sentence. Never carries what the request contained.
 */
export class EdgeError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'EdgeError';
  }
}

/**
 * The one way the edge answers a refusal: `{ error: { code, message } }`, never a stack. A refusal
 * can come before the body was read (too large, compressed, too many requests): the connection is
 * then closed rather than kept alive, so that the rest of that body is never read.
 */
export function sendEdgeError(response: Response, error: EdgeError): void {
  if (response.headersSent) return;
  for (const [name, value] of Object.entries(error.headers)) response.header(name, value);
  response.header('cache-control', 'no-store');
  response.header('x-content-type-options', 'nosniff');
  if ([408, 413, 415, 429].includes(error.status)) response.header('connection', 'close');
  response.send(error.status, { error: { code: error.code, message: error.message } });
}
