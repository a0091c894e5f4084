import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { unzipSync } from 'fflate';
import { PNG } from 'pngjs';

import { parseConfig } from '../../bot/config';
import { projectRoot } from '../../kernel/project-root';
import { sampleTeamsConfig, sampleTeamsSettings } from '../../test/support/teams-app-config';
import { buildTeamsPackage, TeamsPackageError } from './teams-package';

/** The package's files by name, read from the zip's central directory as Teams reads it. */
async function readPackage(file: string): Promise<Map<string, Buffer>> {
  const entries = unzipSync(await readFile(file));
  return new Map(Object.entries(entries).map(([name, data]) => [name, Buffer.from(data)]));
}

function packageError(run: () => unknown): TeamsPackageError {
  try {
    run();
  } catch (error) {
    if (error instanceof TeamsPackageError) return error;
    throw error;
  }
  throw new Error('expected a TeamsPackageError');
}

describe('buildTeamsPackage', () => {
  let workDir: string;
  let outputFile: string;

  beforeEach(async () => {
    workDir = await mkdtemp(path.join(os.tmpdir(), 'anm-teams-package-'));
    outputFile = path.join(workDir, 'out', 'anm.zip');
  });
  afterEach(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  it('when the configuration is complete, then the zip holds manifest.json, color.png and outline.png at its root', async () => {
    const { file } = buildTeamsPackage(sampleTeamsConfig(), { outputFile });
    expect(file).toBe(outputFile);
    const entries = await readPackage(file);
    expect([...entries.keys()].sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifestDir = path.join(projectRoot(), 'manifest');
    expect(entries.get('color.png')).toEqual(await readFile(path.join(manifestDir, 'color.png')));
    expect(entries.get('outline.png')).toEqual(
      await readFile(path.join(manifestDir, 'outline.png')),
    );
  });

  it('when the zip is read back, then its manifest.json has the configured ids and URLs', async () => {
    buildTeamsPackage(sampleTeamsConfig(), { outputFile, appVersion: '2.0.1' });
    const text = (await readPackage(outputFile)).get('manifest.json')?.toString('utf8') ?? '';
    const manifest = JSON.parse(text) as {
      id: string;
      version: string;
      icons: { color: string; outline: string };
      bots: { botId: string }[];
      developer: { privacyUrl: string };
      staticTabs: { contentUrl?: string }[];
      configurableTabs: { configurationUrl: string }[];
      validDomains: string[];
    };
    const { teamsAppId, botAppId, publicBaseUrl, privacyPolicyUrl } = sampleTeamsSettings;
    expect(manifest).toMatchObject({
      id: teamsAppId,
      version: '2.0.1',
      icons: { color: 'color.png', outline: 'outline.png' },
      bots: [{ botId: botAppId }],
      developer: { privacyUrl: privacyPolicyUrl },
      configurableTabs: [{ configurationUrl: `${publicBaseUrl}/tab/configure.html` }],
      validDomains: ['bot.example.gov.co'],
    });
    expect(manifest.staticTabs.map((tab) => tab.contentUrl)).toContain(
      `${publicBaseUrl}/tab/live-panel.html`,
    );
  });

  it('when MicrosoftAppId, TEAMS_APP_ID and PUBLIC_BASE_URL are missing, then the error lists each one and no file is written', () => {
    const error = packageError(() => buildTeamsPackage(parseConfig({}), { outputFile }));
    expect(error.problems.map((problem) => problem.split(':')[0])).toEqual([
      'MicrosoftAppId',
      'TEAMS_APP_ID',
      'PUBLIC_BASE_URL',
    ]);
    expect(error.message).toContain('No se generó el paquete de Teams');
    expect(existsSync(path.dirname(outputFile))).toBe(false);
  });

  it('when only PUBLIC_BASE_URL is missing, then the error names only it', () => {
    const error = packageError(() =>
      buildTeamsPackage(sampleTeamsConfig({ PUBLIC_BASE_URL: undefined }), { outputFile }),
    );
    expect(error.problems).toEqual([expect.stringMatching(/^PUBLIC_BASE_URL: falta/)]);
  });

  it('when MicrosoftAppId is not a GUID, then the error says so and no file is written', () => {
    const error = packageError(() =>
      buildTeamsPackage(sampleTeamsConfig({ MicrosoftAppId: 'anm-bot' }), { outputFile }),
    );
    expect(error.problems).toEqual([
      'MicrosoftAppId: "anm-bot" no es un GUID. Use el id de aplicación del bot en Microsoft Entra ID.',
    ]);
    expect(existsSync(outputFile)).toBe(false);
  });

  it('when an icon has the wrong size, then the error names it and the previous package is kept', async () => {
    const manifestDir = path.join(workDir, 'manifest');
    await cp(path.join(projectRoot(), 'manifest'), manifestDir, { recursive: true });
    buildTeamsPackage(sampleTeamsConfig(), { outputFile, manifestDir });
    const previous = await readFile(outputFile);
    await writeFile(
      path.join(manifestDir, 'outline.png'),
      PNG.sync.write(new PNG({ width: 64, height: 64 })),
    );
    const error = packageError(() =>
      buildTeamsPackage(sampleTeamsConfig(), { outputFile, manifestDir }),
    );
    expect(error.problems).toEqual(['outline.png: mide 64×64; Teams exige 32×32']);
    expect(await readFile(outputFile)).toEqual(previous);
  });
});
