import { existsSync } from 'node:fs';
import path from 'node:path';

import { projectRoot } from '../../kernel/project-root';
import { sampleTeamsConfig } from '../../test/support/teams-app-config';
import { teamsSchemaFile, validateTeamsManifest } from './manifest-schema';
import { buildManifest, type JsonObject } from './manifest-template';
import { teamsPackageSettings } from './package-settings';

const manifestDir = path.join(projectRoot(), 'manifest');

function sampleManifest(): JsonObject {
  const settings = teamsPackageSettings(sampleTeamsConfig());
  if (!settings.ok) throw new Error(settings.problems.join('\n'));
  return buildManifest(manifestDir, settings.settings, '1.2.3');
}

describe('the Teams manifest against the official schema', () => {
  it('when the template uses a manifest version, then it is 1.19 or later and its schema ships with @microsoft/app-manifest', () => {
    const version = sampleManifest().manifestVersion;
    if (typeof version !== 'string') throw new Error('manifestVersion must be a string');
    const [major = 0, minor = 0] = version.split('.').map(Number);
    expect(major * 100 + minor).toBeGreaterThanOrEqual(119);
    expect(existsSync(teamsSchemaFile(version))).toBe(true);
  });

  it('when the manifest is built from a complete configuration, then the schema finds no error', () => {
    expect(validateTeamsManifest(sampleManifest())).toEqual([]);
  });

  it('when a required field is missing, then the validator reports it', () => {
    const manifest = sampleManifest();
    delete manifest.developer;
    expect(validateTeamsManifest(manifest)).toEqual([
      expect.stringContaining("must have required property 'developer'"),
    ]);
  });

  it('when the bot id is not a GUID, then the validator reports where', () => {
    const manifest = sampleManifest();
    manifest.bots = [{ botId: 'not-a-guid', scopes: ['personal'] }];
    expect(validateTeamsManifest(manifest)).toEqual([
      expect.stringMatching(/^\/bots\/0\/botId must match pattern/),
    ]);
  });

  it('when $schema names another version than manifestVersion, then the validator reports it', () => {
    const manifest = sampleManifest();
    manifest.$schema =
      'https://developer.microsoft.com/json-schemas/teams/v1.19/MicrosoftTeams.schema.json';
    expect(validateTeamsManifest(manifest)).toEqual([expect.stringMatching(/^\/\$schema must be/)]);
  });

  it('when manifestVersion names a schema the package does not ship, then the validator says so', () => {
    const manifest = sampleManifest();
    manifest.manifestVersion = '9.99';
    expect(validateTeamsManifest(manifest)).toEqual([
      expect.stringContaining('no schema could be loaded'),
    ]);
  });
});
