import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Pseudonymises channel user and conversation ids (Ley 1581 de 2012: least personal data).
 * A keyed hash, so that nobody holding the logs or the database can recompute it from a known id.
 */
export class Pseudonymizer {
  constructor(private readonly secret: string) {}

  pseudonym(value: string): string {
    return createHmac('sha256', this.secret).update(value).digest('base64url').slice(0, 22);
  }

  /**
   * The key bot state is stored under. The SDK builds "<channel>/conversations/<id>/…" and
   * "<channel>/users/<id>/…" from raw channel ids; the stored key keeps the channel and the kind,
   * readable by an operator, and replaces the rest with a keyed hash of the whole key.
   */
  stateKey(sdkKey: string): string {
    const channelEnd = sdkKey.indexOf('/');
    const kindEnd = channelEnd === -1 ? -1 : sdkKey.indexOf('/', channelEnd + 1);
    const hashed = this.pseudonym(`bot-state:${sdkKey}`);
    return kindEnd === -1 ? hashed : `${sdkKey.slice(0, kindEnd)}/${hashed}`;
  }
}

const secretFileName = 'pseudonym-secret';

/**
 * The configured secret, or one generated once and kept in the data folder (local use). Several
 * instances sharing one database must all be given the same PSEUDONYM_SECRET.
 */
export function resolvePseudonymSecret(
  configured: string | undefined,
  dataDir: string,
): { secret: string; source: 'configuration' | 'data-dir' } {
  if (configured) return { secret: configured, source: 'configuration' };
  const file = path.join(dataDir, secretFileName);
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    try {
      // 'wx': when two processes start together, the first one's secret is the one kept.
      writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, {
        mode: 0o600,
        flag: 'wx',
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const stored = readFileSync(file, 'utf8').trim();
  if (stored.length < 32) {
    throw new Error(`${file} holds no usable secret: delete it or set PSEUDONYM_SECRET`);
  }
  return { secret: stored, source: 'data-dir' };
}
