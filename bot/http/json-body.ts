import type { IncomingMessage } from 'node:http';

import { errorCodes, RequestRefusal } from '../../kernel/errors';

function tooLarge(limit: number): RequestRefusal {
  return new RequestRefusal(
    errorCodes.tooLarge,
    `La solicitud es demasiado grande: el límite es de ${limit} bytes.`,
  );
}

/**
 * The request body exactly as it arrived (signatures are computed over these bytes), counted while
 * it streams in and refused as soon as it passes `limit`, so a large body never sits in memory.
 *
 * Compressed bodies are refused rather than inflated: a few hundred kilobytes of gzip inflate to
 * gigabytes, and no channel the bot serves compresses what it posts.
 */
export function readRawBody(
  request: IncomingMessage,
  limit: number,
  timeoutMs = 30_000,
): Promise<Buffer> {
  const refusal = refusalByHeaders(request, limit);
  return refusal ? Promise.reject(refusal) : collectBody(request, limit, timeoutMs);
}

/** What the headers alone refuse: a compressed body, or one declared larger than `limit`. */
function refusalByHeaders(request: IncomingMessage, limit: number): RequestRefusal | undefined {
  const encoding = (request.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity' && encoding !== '') {
    return new RequestRefusal(
      errorCodes.unsupportedContentEncoding,
      'La solicitud no puede venir comprimida: envíela sin Content-Encoding.',
    );
  }
  const declaredLength = Number(request.headers['content-length']);
  if (Number.isFinite(declaredLength) && declaredLength > limit) return tooLarge(limit);
  return undefined;
}

function incompleteBody(): RequestRefusal {
  return new RequestRefusal(errorCodes.incompleteBody, 'La solicitud llegó incompleta.');
}

/** The body's chunks as they stream in, until its end, `limit`, the deadline or a broken stream. */
function collectBody(request: IncomingMessage, limit: number, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const listeners = {
      data: (chunk: Buffer) => {
        size += chunk.length;
        if (size <= limit) {
          chunks.push(chunk);
          return;
        }
        // Stop reading; the refusal closes the connection (see bot/http/error-handler.ts).
        request.pause();
        settle(() => reject(tooLarge(limit)));
      },
      end: () => settle(() => resolve(Buffer.concat(chunks, size))),
      error: () => settle(() => reject(incompleteBody())),
      close: () => {
        if (!request.complete) settle(() => reject(incompleteBody()));
      },
    };
    // A whole-body deadline, not an idle timeout: a byte every few seconds would keep an idle
    // timer from ever firing while the connection and its buffered chunks stay held.
    const deadline = setTimeout(() => {
      settle(() =>
        reject(
          new RequestRefusal(errorCodes.requestTimeout, 'La solicitud tardó demasiado en llegar.'),
        ),
      );
    }, timeoutMs);
    /** Stops listening, then resolves or rejects: the first outcome is the only one. */
    function settle(outcome: () => void): void {
      clearTimeout(deadline);
      for (const [event, listener] of Object.entries(listeners)) request.off(event, listener);
      outcome();
    }
    for (const [event, listener] of Object.entries(listeners)) request.on(event, listener);
  });
}

/**
 * True for `application/json`, with or without a UTF-8 charset. Parsed by splitting, not with a
 * regular expression: the header is client text.
 */
export function isJsonContentType(header: string | undefined): boolean {
  if (header === undefined) return false;
  const [mediaType, ...parameters] = header.split(';');
  if (mediaType?.trim().toLowerCase() !== 'application/json') return false;
  for (const parameter of parameters) {
    const separator = parameter.indexOf('=');
    const name = parameter
      .slice(0, separator === -1 ? undefined : separator)
      .trim()
      .toLowerCase();
    if (name !== 'charset') continue;
    const value = parameter
      .slice(separator + 1)
      .trim()
      .replaceAll('"', '')
      .toLowerCase();
    if (separator === -1 || (value !== 'utf-8' && value !== 'utf8')) return false;
  }
  return true;
}

/**
 * A JSON body: `application/json` only (forms and multipart are refused, so nothing is ever written
 * to disk), bounded by `limit` while it streams in (see `readRawBody`), and parsed; malformed JSON
 * is a 400.
 */
export async function readJsonBody(
  request: IncomingMessage,
  limit: number,
  timeoutMs?: number,
): Promise<unknown> {
  if (!isJsonContentType(request.headers['content-type'])) {
    throw new RequestRefusal(
      errorCodes.unsupportedMediaType,
      'Envíe la solicitud como JSON (Content-Type: application/json).',
    );
  }
  return parseJsonBytes(await readRawBody(request, limit, timeoutMs));
}

/** A body already read, parsed as JSON; malformed JSON is the 400 every route gives. */
export function parseJsonBytes(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    throw new RequestRefusal(
      errorCodes.invalidJson,
      'El cuerpo de la solicitud no es JSON válido.',
    );
  }
}
