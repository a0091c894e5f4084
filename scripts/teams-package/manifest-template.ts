import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { TeamsPackageSettings } from './package-settings';

/**
 * `manifest/manifest.template.json` holds every string a user reads (Spanish) and the shape of
 * the app; `${{NAME}}` placeholders stand for what depends on the deployment. The template is
 * parsed first and placeholders are filled inside string values only, so a value can never break
 * the JSON.
 */

export const manifestTemplateFile = 'manifest.template.json';

export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export type JsonObject = { [key: string]: JsonValue };

const placeholder = /\$\{\{([A-Za-z_][A-Za-z0-9_]*)\}\}/g;

function placeholderValues(
  settings: TeamsPackageSettings,
  appVersion: string,
): Record<string, string> {
  return {
    APP_VERSION: appVersion,
    TEAMS_APP_ID: settings.teamsAppId,
    MicrosoftAppId: settings.botAppId,
    PUBLIC_BASE_URL: settings.publicBaseUrl,
    PUBLIC_HOST: settings.publicHost,
    PRIVACY_POLICY_URL: settings.privacyPolicyUrl,
    AUTH_CLIENT_ID: settings.staffSignIn.clientId,
    AUTH_RESOURCE: settings.staffSignIn.resource,
  };
}

function fill(value: JsonValue, values: Record<string, string>): JsonValue {
  if (typeof value === 'string') {
    return value.replace(placeholder, (whole, name: string) => {
      const replacement = values[name];
      if (replacement === undefined)
        throw new Error(`unknown placeholder ${whole} in the template`);
      return replacement;
    });
  }
  if (Array.isArray(value)) return value.map((item) => fill(item, values));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, fill(item, values)]),
    );
  }
  return value;
}

/** The manifest for one deployment, from the template in `manifestDir`. */
export function buildManifest(
  manifestDir: string,
  settings: TeamsPackageSettings,
  appVersion: string,
): JsonObject {
  const template = JSON.parse(
    readFileSync(path.join(manifestDir, manifestTemplateFile), 'utf8'),
  ) as JsonValue;
  const manifest = fill(template, placeholderValues(settings, appVersion));
  if (manifest === null || typeof manifest !== 'object' || Array.isArray(manifest)) {
    throw new Error(`${manifestTemplateFile} must hold a JSON object`);
  }
  return manifest;
}
