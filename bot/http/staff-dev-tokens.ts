import { createPrivateKey, generateKeyPairSync, randomUUID, type JsonWebKey } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { SignJWT } from 'jose';

import type { StaffRole } from '../../kernel/staff-identity';

/**
 * Staff tokens for local use without a tenant: signed with a key generated once and kept in
 * DATA_DIR (owner-only), trusted by the bot only with AUTH_DEV_MODE=true on loopback (bot/config.ts
 * refuses anything else). `npm run auth:dev-token` prints one (scripts/dev-token.ts).
 */

export const devTokenIssuer = 'urn:anm-rendicion-cuentas:dev-tokens';
export const devTokenAudience = 'urn:anm-rendicion-cuentas:staff-api';

const keyFileName = 'staff-dev-token-key.json';

export interface DevSigningKey {
  /** The private key as a JWK (RS256), with its `kid`. */
  privateJwk: JsonWebKey & { kid: string };
  /** What the bot verifies with: the public half, same `kid`. */
  publicJwk: JsonWebKey & { kid: string; alg: 'RS256'; use: 'sig' };
}

export function devKeyFile(dataDir: string): string {
  return path.join(dataDir, keyFileName);
}

function newKeyFile(file: string): void {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: randomUUID() };
  try {
    // 'wx': when the bot and the command start together, the first key written is the one kept.
    writeFileSync(file, `${JSON.stringify(jwk)}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

/**
 * The development signing key of this data folder, generated on first use. A key file others can
 * read is refused: whoever reads it can sign in as any staff member of a development bot.
 */
export function loadDevSigningKey(dataDir: string): DevSigningKey {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = devKeyFile(dataDir);
  newKeyFile(file);
  if ((statSync(file).mode & 0o077) !== 0) {
    throw new Error(`${file} can be read by other users: run "chmod 600 ${file}" or delete it`);
  }
  const stored = JSON.parse(readFileSync(file, 'utf8')) as JsonWebKey & { kid?: unknown };
  if (stored.kty !== 'RSA' || !stored.d || typeof stored.kid !== 'string') {
    throw new Error(`${file} holds no usable RSA key: delete it and a new one is generated`);
  }
  const { kid } = stored;
  const { n, e } = stored;
  return {
    privateJwk: { ...stored, kid },
    publicJwk: { kty: 'RSA', n, e, kid, alg: 'RS256', use: 'sig' },
  };
}

export interface DevTokenRequest {
  roles: readonly StaffRole[];
  name: string;
  subject: string;
  /** How long the token is valid. */
  minutes: number;
}

/** A staff token as Entra would issue it (RS256, `sub`, `name`, `roles`), signed with the local key. */
export function issueDevToken(
  key: DevSigningKey,
  { roles, name, subject, minutes }: DevTokenRequest,
): Promise<string> {
  return new SignJWT({ name, roles: [...roles] })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: key.privateJwk.kid })
    .setIssuer(devTokenIssuer)
    .setAudience(devTokenAudience)
    .setSubject(subject)
    .setIssuedAt()
    .setExpirationTime(`${minutes}m`)
    .sign(createPrivateKey({ key: key.privateJwk, format: 'jwk' }));
}
