import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

import { projectRoot } from '../../kernel/project-root';
import type { BotProcess } from '../../test/support/bot-process';

/** Resident memory of a process in MiB (Linux /proc), or undefined when it cannot be read. */
export function residentMiB(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const line = status.split('\n').find((l) => l.startsWith('VmRSS:'));
    const kib = line ? Number(line.replace(/[^0-9]/g, '')) : NaN;
    return Number.isFinite(kib) ? kib / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * CPU time (user + system) a process has used so far, in milliseconds (Linux /proc; USER_HZ is
 * 100 on Linux), or undefined when it cannot be read.
 */
export function cpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces), starting at field 3 (state).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks * 10 : undefined;
  } catch {
    return undefined;
  }
}

export interface EchoBotProcess {
  url: string;
  pid: number | undefined;
  stop(): Promise<void>;
}

async function stopChild(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const done = await Promise.race([
    exited.then(() => true),
    delay(timeoutMs, false, { ref: false }),
  ]);
  if (!done) {
    child.kill('SIGKILL');
    await exited;
  }
}

/** The bare echo bot (`dist/bench/turns/echo-bot.js`) as a process of its own, on a free port. */
export async function startEchoBot(): Promise<EchoBotProcess> {
  const entry = path.join(projectRoot(), 'dist', 'bench', 'turns', 'echo-bot.js');
  const child = spawn(process.execPath, [entry], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const port = await new Promise<number>((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => reject(new Error(`echo bot did not start: ${stderr}`)), 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const line = buffered.split('\n').find((l) => l.startsWith('{"port"'));
      if (line) {
        clearTimeout(timer);
        resolve((JSON.parse(line) as { port: number }).port);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`echo bot exited (${String(code)}): ${stderr}`));
    });
  });
  return { url: `http://127.0.0.1:${port}`, pid: child.pid, stop: () => stopChild(child, 10_000) };
}

/** Waits until the bot answers /healthz with 200. */
export async function waitUntilHealthy(
  url: string,
  bot: BotProcess,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (bot.child.exitCode !== null)
      throw new Error(`the bot exited (${String(bot.child.exitCode)}): ${bot.stderr()}`);
    const healthy = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) }).then(
      (response) => response.status === 200,
      () => false,
    );
    if (healthy) return;
    await delay(200);
  }
  throw new Error(`the bot was not healthy within ${timeoutMs} ms: ${bot.stderr()}`);
}

export async function stopBotProcess(bot: BotProcess, timeoutMs: number): Promise<void> {
  await stopChild(bot.child, timeoutMs);
}
