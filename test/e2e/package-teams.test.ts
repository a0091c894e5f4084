import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { unzipSync } from 'fflate';

import { projectRoot } from '../../kernel/project-root';
import { sampleTeamsSettings } from '../support/teams-app-config';

function runPackageTeams(
  env: Record<string, string>,
  cwd: string,
  outputFile: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const script = path.join(projectRoot(), 'dist', 'scripts', 'package-teams.js');
  if (!existsSync(script))
    throw new Error(`${script} is missing: run "npm run build" (npm test does it)`);
  return new Promise((resolve) => {
    // cwd is an empty folder, so no .env file completes the environment given here.
    const child = spawn(process.execPath, [script, outputFile], {
      cwd,
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run package:teams', () => {
  let workDir: string;
  let outputFile: string;

  beforeEach(async () => {
    workDir = await mkdtemp(path.join(os.tmpdir(), 'anm-package-teams-'));
    outputFile = path.join(workDir, 'teams', 'anm.zip');
  });
  afterEach(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  it('when nothing is configured, then it exits 1, names the three missing variables and writes nothing', async () => {
    const result = await runPackageTeams({}, workDir, outputFile);
    expect(result.code).toBe(1);
    for (const variable of ['MicrosoftAppId', 'TEAMS_APP_ID', 'PUBLIC_BASE_URL']) {
      expect(result.stderr).toContain(`  - ${variable}: falta`);
    }
    expect(existsSync(path.dirname(outputFile))).toBe(false);
  });

  it('when the ids and the address are configured (no bot password: the package does not need it), then it exits 0, prints the path of the zip and the zip holds the manifest and both icons', async () => {
    const result = await runPackageTeams(
      {
        MicrosoftAppId: sampleTeamsSettings.botAppId,
        TEAMS_APP_ID: sampleTeamsSettings.teamsAppId,
        PUBLIC_BASE_URL: sampleTeamsSettings.publicBaseUrl,
      },
      workDir,
      outputFile,
    );
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain(outputFile);
    const entries = unzipSync(await readFile(outputFile));
    expect(Object.keys(entries).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
  });
});
