import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { SignJWT, type JWTPayload } from 'jose';
import { closeServer, listenOnLoopback } from './loopback-server';

/** Entra-like values of the test tenant (made up). */
export const testTenantId = '3f1b2c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
export const testStaffAudience = '6a7b8c9d-0e1f-4a2b-9c3d-4e5f6a7b8c9d';
export const testStaffIssuer = `https://login.microsoftonline.test/${testTenantId}/v2.0`;

export interface StaffTokenOptions {
  roles?: string[];
  name?: string;
  /** Entra's object id; `null` leaves it out (the identity then falls back to `sub`). */
  oid?: string | null;
  sub?: string;
  tid?: string;
  iss?: string;
  aud?: string;
  /** Seconds from now; negative for a token that has expired. Default 600. */
  expiresIn?: number;
  /** Seconds from now before which the token is not valid (`nbf`). */
  notBefore?: number;
  /** Signed with a key the key set does not publish (under the published `kid` unless `kid`). */
  unpublishedKey?: boolean;
  kid?: string;
}

/**
 * A staff token issuer on loopback in the shape of Microsoft Entra ID: a JWKS endpoint serving
 * the public key, and RS256 access tokens with `oid`, `tid`, `name` and `roles`. The bot is pointed
 * at it with `environment()`; tokens are signed here, as Entra would sign them.
 */
export class LocalStaffIssuer {
  private readonly keyId = randomUUID();
  private readonly privateKey: KeyObject;
  private readonly unpublishedKey: KeyObject;
  private readonly publicJwk: Record<string, unknown>;
  private server: Server | undefined;
  /** How often the key set was fetched (the bot caches it). */
  keySetRequests = 0;

  constructor() {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = privateKey;
    this.unpublishedKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    this.publicJwk = { ...publicKey.export({ format: 'jwk' }), kid: this.keyId, alg: 'RS256' };
  }

  get jwksUri(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error('issuer not started');
    return `http://127.0.0.1:${address.port}/discovery/v2.0/keys`;
  }

  /** The bot's staff sign-in settings for this issuer. */
  environment(): Record<string, string> {
    return {
      AUTH_JWKS_URI: this.jwksUri,
      AUTH_ISSUER: testStaffIssuer,
      AUTH_AUDIENCE: testStaffAudience,
      AUTH_TENANT_ID: testTenantId,
    };
  }

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      if (request.url !== '/discovery/v2.0/keys') {
        response.writeHead(404).end();
        return;
      }
      this.keySetRequests++;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ keys: [this.publicJwk] }));
    });
    await listenOnLoopback(this.server);
  }

  async stop(): Promise<void> {
    await closeServer(this.server);
  }

  /** The claims a token of `options` carries, as Entra puts them in a v2 access token. */
  private claims(options: StaffTokenOptions): JWTPayload {
    const now = Math.floor(Date.now() / 1000);
    const claims: JWTPayload = {
      iss: options.iss ?? testStaffIssuer,
      aud: options.aud ?? testStaffAudience,
      tid: options.tid ?? testTenantId,
      sub: options.sub ?? `sub-${randomUUID()}`,
      name: options.name ?? 'Ana Prueba',
      roles: options.roles ?? ['staff'],
      scp: 'access_as_user',
      iat: now,
      exp: now + (options.expiresIn ?? 600),
    };
    if (options.oid !== null) claims.oid = options.oid ?? randomUUID();
    if (options.notBefore !== undefined) claims.nbf = now + options.notBefore;
    return claims;
  }

  /** An RS256 access token; by default valid, for a `staff` member named Ana Prueba. */
  token(options: StaffTokenOptions = {}): Promise<string> {
    return new SignJWT(this.claims(options))
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: options.kid ?? this.keyId })
      .sign(options.unpublishedKey ? this.unpublishedKey : this.privateKey);
  }

  /** The token's claims signed with HMAC (HS256), as an attacker would with a guessed secret. */
  hmacToken(options: StaffTokenOptions = {}): Promise<string> {
    return new SignJWT(this.claims(options))
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: this.keyId })
      .sign(new TextEncoder().encode('a-secret-anyone-could-guess-000000'));
  }

  /** The token's claims unsigned (`alg: none`). */
  unsignedToken(options: StaffTokenOptions = {}): string {
    const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    return `${part({ alg: 'none', typ: 'JWT' })}.${part(this.claims(options))}.`;
  }

  /** `Authorization` headers of a valid token with these roles. */
  async headers(...roles: string[]): Promise<Record<string, string>> {
    return { authorization: `Bearer ${await this.token({ roles })}` };
  }
}
