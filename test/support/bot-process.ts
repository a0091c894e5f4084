import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

import { projectRoot } from '../../kernel/project-root';

export interface BotProcess {
  child: ChildProcess;
  /** Parsed JSON log lines printed so far. */
  logs: Record<string, unknown>[];
  stderr: () => string;
  exited: Promise<number | null>;
  waitForLog(message: string, timeoutMs?: number): Promise<Record<string, unknown>>;
}

/**
 * Runs the compiled bot (`dist/bot/index.js`, what `npm start` runs) as a child process with the
 * given environment only, from `cwd` (so that no developer `.env` is picked up).
 */
export function spawnBot(environment: Record<string, string>, cwd: string): BotProcess {
  const entry = path.join(projectRoot(), 'dist', 'bot', 'index.js');
  if (!existsSync(entry))
    throw new Error(`${entry} is missing: run "npm run build" (npm test does it)`);
  const child = spawn(process.execPath, [entry], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...environment },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  let stderr = '';
  let buffered = '';
  const listeners: (() => void)[] = [];
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      try {
        logs.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        logs.push({ msg: line });
      }
    }
    for (const listener of listeners.splice(0)) listener();
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );

  return {
    child,
    logs,
    stderr: () => stderr,
    exited,
    async waitForLog(message, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = logs.find((line) => line.msg === message);
        if (found) return found;
        if (Date.now() > deadline || child.exitCode !== null) {
          throw new Error(
            `log "${message}" not seen; stderr: ${stderr}; logs: ${JSON.stringify(logs)}`,
          );
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 100);
          listeners.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
  };
}
