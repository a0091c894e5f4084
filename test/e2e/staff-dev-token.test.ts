import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { projectRoot } from '../../kernel/project-root';
import { spawnBot } from '../support/bot-process';
import { startTestApp } from '../support/test-app';

/** Runs the compiled `npm run auth:dev-token` command from an empty folder (no `.env`). */
function runDevToken(
  args: string[],
  environment: Record<string, string>,
  cwd: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const script = path.join(projectRoot(), 'dist', 'scripts', 'dev-token.js');
  if (!existsSync(script))
    throw new Error(`${script} is missing: run "npm run build" (npm test does it)`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? '', ...environment },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run auth:dev-token: staff tokens for local use without a tenant', () => {
  let workDir: string;
  let dataDir: string;

  beforeEach(async () => {
    workDir = await mkdtemp(path.join(os.tmpdir(), 'anm-dev-token-'));
    dataDir = path.join(workDir, 'data');
  });
  afterEach(() => rm(workDir, { recursive: true, force: true }));

  const spaces = (url: string, token: string) =>
    fetch(`${url}/api/live/spaces`, { headers: { authorization: `Bearer ${token}` } });

  it('when a developer asks for a token, then it prints only the token, kept key owner-only, and a bot with AUTH_DEV_MODE on loopback accepts it', async () => {
    const result = await runDevToken(
      ['--roles', 'staff,moderator', '--name', 'Ana Prueba'],
      { DATA_DIR: dataDir, AUTH_DEV_MODE: 'true' },
      workDir,
    );
    expect(result.code).toBe(0);
    const token = result.stdout.trim();
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(result.stderr).toContain('Token de desarrollo para Ana Prueba (dev-ana-prueba');
    expect(result.stderr).not.toContain('Atención');
    expect(statSync(path.join(dataDir, 'staff-dev-token-key.json')).mode & 0o777).toBe(0o600);

    const bot = await startTestApp({ AUTH_DEV_MODE: 'true', DATA_DIR: dataDir });
    try {
      expect((await spaces(bot.app.url, token)).status).toBe(200);
      expect((await spaces(bot.app.url, `${token.slice(0, -4)}AAAA`)).status).toBe(401);
    } finally {
      await bot.dispose();
    }
  });

  it('when the token was signed with the key of another data folder, then the bot refuses it', async () => {
    const other = await runDevToken([], { DATA_DIR: path.join(workDir, 'other') }, workDir);
    expect(other.stderr).toContain('el bot no lo aceptará mientras AUTH_DEV_MODE no sea true');
    const bot = await startTestApp({ AUTH_DEV_MODE: 'true', DATA_DIR: dataDir });
    try {
      expect((await spaces(bot.app.url, other.stdout.trim())).status).toBe(401);
    } finally {
      await bot.dispose();
    }
  });

  it('when the roles are unknown, then it prints how to call it and no token', async () => {
    const result = await runDevToken(['--roles', 'superuser'], { DATA_DIR: dataDir }, workDir);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toContain('--roles: use uno o más de staff, moderator, admin');
  });

  it('when AUTH_DEV_MODE is on and the bot would listen beyond loopback, then it refuses to start and says why', async () => {
    const bot = spawnBot(
      { AUTH_DEV_MODE: 'true', HOST: '0.0.0.0', PORT: '0', DATA_DIR: dataDir },
      workDir,
    );
    expect(await bot.exited).toBe(1);
    expect(bot.stderr()).toContain(
      'AUTH_DEV_MODE: the bot trusts development tokens only while it listens on loopback, but it would listen on 0.0.0.0',
    );
  });
});
