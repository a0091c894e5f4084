import { isLoopbackHost } from './http/client-address';
import type { StaffAuthConfig } from './http/staff-auth';
import type { Environment } from './config-environment';

/** Staff sign-in read from the environment (bot/config.ts builds the rest of the `AppConfig`). */

/**
 * The Entra app staff sign in to, as the tabs ask for tokens: Teams SSO (the manifest's
 * `webApplicationInfo`) and the browser's OpenID Connect sign-in (a public SPA client).
 */
export interface StaffSignInApp {
  /** AUTH_CLIENT_ID, else the bot's own app (MicrosoftAppId): one registration for both. */
  clientId: string;
  /** AUTH_API_SCOPE, else api://<PUBLIC_BASE_URL host>/<clientId>/access_as_user. */
  apiScope: string;
}

const issuerKeys = ['AUTH_JWKS_URI', 'AUTH_ISSUER', 'AUTH_AUDIENCE'] as const;

/** Staff sign-in: a whole issuer or none, development tokens only alone and only on loopback. */
export function staffSignInProblems(
  env: Environment,
  host: string,
  purpose: 'run' | 'package',
): string[] {
  const problems: string[] = [];
  const issuerSet = issuerKeys.filter((key) => env[key] !== undefined);
  if (issuerSet.length > 0) {
    for (const key of issuerKeys) {
      if (env[key] === undefined) problems.push(`${key}: required when ${issuerSet[0]} is set`);
    }
  }
  if (env.AUTH_TENANT_ID && issuerSet.length === 0) {
    problems.push('AUTH_TENANT_ID: set AUTH_JWKS_URI, AUTH_ISSUER and AUTH_AUDIENCE with it');
  }
  if (env.AUTH_CLIENT_ID && !env.AUTH_API_SCOPE && !env.PUBLIC_BASE_URL) {
    problems.push(
      'AUTH_API_SCOPE: required when AUTH_CLIENT_ID is set without PUBLIC_BASE_URL (the scope the browser asks for, e.g. api://bot.example.gov.co/<client id>/access_as_user)',
    );
  }
  if (purpose === 'run' && env.AUTH_DEV_MODE) {
    if (issuerSet.length > 0) {
      problems.push(
        'AUTH_DEV_MODE: development tokens and a real issuer are never trusted together; unset AUTH_DEV_MODE or AUTH_JWKS_URI, AUTH_ISSUER and AUTH_AUDIENCE',
      );
    }
    if (!isLoopbackHost(host)) {
      problems.push(
        `AUTH_DEV_MODE: the bot trusts development tokens only while it listens on loopback, but it would listen on ${host}; set HOST=127.0.0.1 (or ::1, localhost) or unset AUTH_DEV_MODE`,
      );
    }
  }
  return problems;
}

export function staffAuthOf(env: Environment, dataDir: string): StaffAuthConfig | undefined {
  const { AUTH_JWKS_URI: jwksUri, AUTH_ISSUER: issuer, AUTH_AUDIENCE: audience } = env;
  if (jwksUri && issuer && audience) {
    return { mode: 'issuer', jwksUri, issuer, audience, tenantId: env.AUTH_TENANT_ID };
  }
  return env.AUTH_DEV_MODE ? { mode: 'dev', dataDir } : undefined;
}

export function staffSignInOf(env: Environment): StaffSignInApp | undefined {
  const clientId = env.AUTH_CLIENT_ID ?? env.MicrosoftAppId;
  if (!clientId) return undefined;
  if (env.AUTH_API_SCOPE) return { clientId, apiScope: env.AUTH_API_SCOPE };
  if (!env.PUBLIC_BASE_URL) return undefined;
  // The Application ID URI form Teams SSO requires: api://<the tab's domain>/<client id>.
  const host = new URL(env.PUBLIC_BASE_URL).host;
  return { clientId, apiScope: `api://${host}/${clientId}/access_as_user` };
}
