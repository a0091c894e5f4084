import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import type { JsonObject } from './manifest-template';

/**
 * Validates a Teams app manifest against Microsoft's official JSON schema, offline: the schemas
 * ship inside `@microsoft/app-manifest` (build/json-schemas/teams/v<version>/), and they are
 * checked with the same validator and options that package uses (ajv for draft-04, with the uri,
 * email and regex formats). Its own `AppManifestUtils.validateAgainstSchema` is not called: its
 * module loads `strip-bom`, an ES module that jest's module system cannot require, and without an
 * explicit schema it may fetch one from the internet.
 */

interface SchemaError {
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
}

interface CompiledSchema {
  (data: unknown): boolean;
  errors?: SchemaError[] | null;
}

interface Ajv {
  compile(schema: object): CompiledSchema;
}

type AjvConstructor = new (options: { allErrors: boolean; strictTypes: boolean }) => Ajv;
type AddFormats = (ajv: Ajv, formats: string[]) => Ajv;

const manifestPackageJson = require.resolve('@microsoft/app-manifest/package.json');
// Resolved from the package's own folder: these are its dependencies, not ours.
const requireFromManifestPackage = createRequire(manifestPackageJson);

export function teamsSchemaFile(manifestVersion: string): string {
  return path.join(
    path.dirname(manifestPackageJson),
    'build',
    'json-schemas',
    'teams',
    `v${manifestVersion}`,
    'MicrosoftTeams.schema.json',
  );
}

/** The `$schema` address Microsoft publishes for a manifest version. */
export function teamsSchemaUrl(manifestVersion: string): string {
  return `https://developer.microsoft.com/json-schemas/teams/v${manifestVersion}/MicrosoftTeams.schema.json`;
}

const compiled = new Map<string, CompiledSchema>();

function compiledSchema(manifestVersion: string): CompiledSchema {
  const cached = compiled.get(manifestVersion);
  if (cached) return cached;
  const { default: AjvDraft04 } = requireFromManifestPackage('ajv-draft-04') as {
    default: AjvConstructor;
  };
  const { default: addFormats } = requireFromManifestPackage('ajv-formats') as {
    default: AddFormats;
  };
  // Some shipped schemas write "\a" in regular expressions, which JavaScript rejects: like the
  // package, "\a" and "\v" become \u escapes before compiling.
  const text = readFileSync(teamsSchemaFile(manifestVersion), 'utf8')
    .replace(/\\a/g, '\\u0007')
    .replace(/\\v/g, '\\u000b');
  const ajv = new AjvDraft04({ allErrors: true, strictTypes: false });
  addFormats(ajv, ['uri', 'email', 'regex']);
  const validate = ajv.compile(JSON.parse(text) as object);
  compiled.set(manifestVersion, validate);
  return validate;
}

/** Every schema error, one readable line each ("/bots/0/botId must match pattern …"); [] if valid. */
export function validateTeamsManifest(manifest: JsonObject): string[] {
  const version = manifest.manifestVersion;
  if (typeof version !== 'string' || !/^\d+\.\d+$/.test(version)) {
    return [`/manifestVersion must be a version such as "1.30", not ${JSON.stringify(version)}`];
  }
  let validate: CompiledSchema;
  try {
    validate = compiledSchema(version);
  } catch (error) {
    return [
      `/manifestVersion ${version}: no schema could be loaded from @microsoft/app-manifest (${(error as Error).message})`,
    ];
  }
  const problems: string[] = [];
  if (manifest.$schema !== teamsSchemaUrl(version)) {
    problems.push(`/$schema must be ${teamsSchemaUrl(version)} for manifestVersion ${version}`);
  }
  if (!validate(manifest)) {
    for (const error of validate.errors ?? []) {
      problems.push(
        `${error.instancePath || '/'} ${error.message ?? 'is invalid'} ${JSON.stringify(error.params)}`,
      );
    }
  }
  return problems;
}
