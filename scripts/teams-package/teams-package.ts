import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { zipSync, type Zippable } from 'fflate';

import type { AppConfig } from '../../bot/config';
import { AppError, errorCodes } from '../../kernel/errors';
import { projectRoot } from '../../kernel/project-root';
import { iconProblems, teamsIcons } from './icon-checks';
import { validateTeamsManifest } from './manifest-schema';
import { buildManifest, type JsonObject } from './manifest-template';
import { teamsPackageSettings } from './package-settings';

/**
 * The Teams app package: manifest.json (the template filled from configuration), color.png and
 * outline.png at the root of a zip, ready to upload to Teams. Everything is checked before the
 * first byte is written: with anything missing or invalid no file is created or replaced.
 */

/** Why the package was not built, with one line per problem (Spanish: operators read it). */
export class TeamsPackageError extends AppError {
  constructor(
    readonly problems: string[],
    summary: string,
    hint?: string,
  ) {
    super(
      errorCodes.teamsPackageInvalid,
      [summary, ...problems.map((problem) => `  - ${problem}`), ...(hint ? [hint] : [])].join('\n'),
    );
    this.name = 'TeamsPackageError';
  }
}

export interface TeamsPackageOptions {
  /** Folder with manifest.template.json and the icons; default `manifest/`. */
  manifestDir?: string;
  /** Where the zip goes; default `dist/teams/anm-rendicion-cuentas.zip` (git-ignored). */
  outputFile?: string;
  /** The app version Teams shows and compares on update; default package.json's version. */
  appVersion?: string;
}

export function defaultTeamsPackageFile(): string {
  return path.join(projectRoot(), 'dist', 'teams', 'anm-rendicion-cuentas.zip');
}

function projectVersion(): string {
  const { version } = JSON.parse(
    readFileSync(path.join(projectRoot(), 'package.json'), 'utf8'),
  ) as {
    version: string;
  };
  return version;
}

export function buildTeamsPackage(
  config: AppConfig,
  options: TeamsPackageOptions = {},
): { file: string; manifest: JsonObject; appVersion: string } {
  const manifestDir = options.manifestDir ?? path.join(projectRoot(), 'manifest');
  const outputFile = path.resolve(options.outputFile ?? defaultTeamsPackageFile());

  const appVersion = options.appVersion ?? projectVersion();
  const settings = teamsPackageSettings(config);
  if (!settings.ok) {
    throw new TeamsPackageError(
      settings.problems,
      'No se generó el paquete de Teams: falta configuración o no es válida.',
      'Defina estas variables en el entorno o en el archivo .env (vea .env.example) y vuelva a ejecutar npm run package:teams.',
    );
  }

  const manifest = buildManifest(manifestDir, settings.settings, appVersion);
  const schemaProblems = validateTeamsManifest(manifest);
  if (schemaProblems.length > 0) {
    throw new TeamsPackageError(
      schemaProblems,
      `No se generó el paquete de Teams: manifest.json no cumple el esquema oficial de Teams (manifestVersion ${JSON.stringify(manifest.manifestVersion)}).`,
    );
  }

  const files: Zippable = {
    'manifest.json': Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`),
  };
  const problems: string[] = [];
  for (const kind of ['color', 'outline'] as const) {
    const { file } = teamsIcons[kind];
    let data: Buffer;
    try {
      data = readFileSync(path.join(manifestDir, file));
    } catch (error) {
      problems.push(`${file}: no se pudo leer (${(error as Error).message})`);
      continue;
    }
    problems.push(...iconProblems(kind, data));
    files[file] = data;
  }
  if (problems.length > 0) {
    throw new TeamsPackageError(
      problems,
      'No se generó el paquete de Teams: hay iconos inválidos.',
    );
  }

  // Written beside the target, then renamed: a reader never sees half a zip.
  mkdirSync(path.dirname(outputFile), { recursive: true });
  const partial = `${outputFile}.${String(process.pid)}.partial`;
  try {
    writeFileSync(partial, zipSync(files, { level: 9 }));
    renameSync(partial, outputFile);
  } finally {
    rmSync(partial, { force: true });
  }
  return { file: outputFile, manifest, appVersion };
}
