import type { Logger } from './logger';
import { logSafeText } from './log-text';

const methods = ['error', 'warn', 'log', 'info', 'debug', 'trace'] as const;
type ConsoleMethod = (typeof methods)[number];

/** The package a stack frame belongs to, when it lies in node_modules (scoped names included). */
function dependencyOf(frame: string): string | undefined {
  const marker = 'node_modules/';
  const start = frame.lastIndexOf(marker);
  if (start < 0) return undefined;
  const parts = frame.slice(start + marker.length).split('/', 2);
  const [scope, name] = parts;
  if (!scope) return undefined;
  return scope.startsWith('@') && name ? `${scope}/${name}` : scope;
}

/** The dependency that called console, read from the caller's frame (not ours, not node's). */
function callingDependency(): string | undefined {
  const frames = (new Error().stack ?? '').split('\n', 12).slice(1);
  for (const frame of frames) {
    if (frame.includes(__filename)) continue;
    if (frame.includes('node:internal/console')) continue;
    return dependencyOf(frame);
  }
  return undefined;
}

/** A short, scrubbed account of what a library printed: strings kept, objects only named. */
function summaryOf(args: unknown[]): string {
  const parts = args.slice(0, 5).map((argument) => {
    if (typeof argument === 'string') return argument;
    if (argument instanceof Error) return argument.name;
    if (typeof argument === 'number' || typeof argument === 'boolean') return String(argument);
    return `(${typeof argument})`;
  });
  return logSafeText(parts.join(' '));
}

const activeLoggers: Logger[] = [];
type Print = (...args: unknown[]) => void;
let originals: Map<ConsoleMethod, Print> | undefined;
// Through globalThis: the lint rule against printing is meant for callers, not for this module.
const target = (): Console => globalThis.console;

function route(method: ConsoleMethod, args: unknown[]): void {
  const logger = activeLoggers.at(-1);
  const dependency = callingDependency();
  if (!logger || dependency === undefined) {
    originals?.get(method)?.apply(target(), args);
    return;
  }
  logger.warn(
    { dependency, consoleMethod: method, summary: summaryOf(args) },
    'a dependency printed to the console',
  );
}

/**
 * Routes what dependencies print with console.* (the Bot Framework SDK prints a token's keys
 * with console.error when it meets an unknown signing key) into the JSON logger, so that the
 * log stream stays one JSON object per line. Our own code never prints (lint forbids it); calls
 * from outside node_modules, such as tests, pass through unchanged. Several apps in one process
 * (tests) stack: the latest started receives the lines, and releasing the last one restores the
 * console.
 */
export function captureConsole(logger: Logger): { release(): void } {
  if (!originals) {
    const console = target();
    originals = new Map();
    for (const method of methods) {
      originals.set(method, Reflect.get(console, method) as Print);
      console[method] = (...args: unknown[]) => route(method, args);
    }
  }
  activeLoggers.push(logger);
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      const index = activeLoggers.lastIndexOf(logger);
      if (index >= 0) activeLoggers.splice(index, 1);
      if (activeLoggers.length === 0 && originals) {
        for (const [method, print] of originals) target()[method] = print;
        originals = undefined;
      }
    },
  };
}
