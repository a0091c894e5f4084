import { logSafeText, safeToken } from './log-text';

const maxCauseDepth = 3;
const maxStackFrames = 10;
/** Properties by which an HTTP client's error carries the remote request or reply. */
const remoteProperties = ['response', 'request', 'body', 'bodyAsText', 'parsedBody', 'data'];

function statusCodeOf(error: Error): number | undefined {
  const details = error as { statusCode?: unknown; status?: unknown; response?: unknown };
  const response = details.response as { status?: unknown } | undefined;
  for (const candidate of [details.statusCode, details.status, response?.status]) {
    if (typeof candidate === 'number' && Number.isInteger(candidate)) return candidate;
  }
  return undefined;
}

/** An HTTP error's message is the remote reply, which some channels fill with the activity. */
function carriesRemoteReply(error: Error): boolean {
  return error.name === 'RestError' || remoteProperties.some((property) => property in error);
}

/** Only the `at …` lines: the first lines of a stack repeat the message. */
function stackFrames(stack: string | undefined): string | undefined {
  if (!stack) return undefined;
  const frames: string[] = [];
  for (const line of stack.split('\n', 200)) {
    const trimmed = line.trim();
    if (trimmed.startsWith('at ')) frames.push(trimmed.slice(0, 300));
    if (frames.length === maxStackFrames) break;
  }
  return frames.length > 0 ? frames.join('\n') : undefined;
}

/**
 * What a log may say about an error: its name, code and HTTP status, a scrubbed message, the
 * frames of its stack and its causes. Never a request or response body: the message of an error
 * that carries a remote reply is left out, since channels echo the activity (display name, user
 * id, text) in their error bodies.
 */
export function describeError(error: unknown, depth = 0): Record<string, unknown> {
  if (!(error instanceof Error)) return { errorType: typeof error };
  const code = safeToken((error as { code?: unknown }).code);
  const statusCode = statusCodeOf(error);
  const stack = stackFrames(error.stack);
  const cause =
    error.cause === undefined || depth >= maxCauseDepth
      ? undefined
      : describeError(error.cause, depth + 1);
  return {
    errorName: safeToken(error.name) ?? 'Error',
    ...(code === undefined ? {} : { errorCode: code }),
    ...(statusCode === undefined ? {} : { statusCode }),
    ...(carriesRemoteReply(error) ? {} : { errorMessage: logSafeText(error.message) }),
    ...(stack === undefined ? {} : { stack }),
    ...(cause === undefined ? {} : { cause }),
  };
}
