import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The embedded Direct Line's tokens: JWTs signed with HMAC-SHA256, each for one conversation and
 * one user, with an expiry. A JWT because Web Chat and directlinejs read the `user` claim of a
 * Direct Line token and then post as that user; a user id starting with `dl_` is, by their
 * convention, one that only a token can carry, so no client can choose another citizen's id.
 */
export interface ConversationClaims {
  conversationId: string;
  userId: string;
  expiresAt: Date;
}

export type TokenCheck =
  | { valid: true; claims: ConversationClaims }
  | { valid: false; reason: 'malformed' | 'bad-signature' | 'expired' };

export interface IssuedToken {
  token: string;
  /** Seconds until the token expires, as Direct Line's `expires_in`. */
  expiresIn: number;
}

const issuer = 'anm-direct-line';
/** The only header this module signs or accepts: no `alg` negotiation, no `none`. */
const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
/** Far above a real token (~300 characters): a longer Authorization header is not even parsed. */
const maxTokenLength = 2_048;

const conversationIdPattern = /^[A-Za-z0-9_-]{22}$/;
const userIdPattern = /^dl_[A-Za-z0-9_-]{22}$/;

/** A new conversation id: 128 random bits, URL-safe (it is part of every Direct Line path). */
export function newConversationId(): string {
  return randomBytes(16).toString('base64url');
}

/** A new user id, reserved to tokens by the `dl_` prefix. */
export function newUserId(): string {
  return `dl_${randomBytes(16).toString('base64url')}`;
}

export function isConversationId(value: string): boolean {
  return conversationIdPattern.test(value);
}

/**
 * The key tokens are signed with: `DIRECT_LINE_TOKEN_SECRET` when set, otherwise derived from the
 * pseudonym secret (configured, or generated once and kept owner-only in DATA_DIR), so that every
 * instance sharing that secret accepts the same tokens and no second secret file is needed. The
 * derivation (HKDF with its own label) keeps the two keys independent: a token reveals nothing of
 * the pseudonym secret.
 */
export function directLineSigningKey(
  configured: string | undefined,
  pseudonymSecret: string,
): Buffer {
  if (configured) return Buffer.from(configured, 'utf8');
  return Buffer.from(hkdfSync('sha256', pseudonymSecret, '', 'anm direct line tokens v1', 32));
}

/** A secret for another purpose (such as the bot's connector path), derived from the token key. */
export function derivedSecret(key: Buffer, label: string): string {
  return createHmac('sha256', key).update(label).digest('base64url');
}

export class DirectLineTokens {
  constructor(
    private readonly key: Buffer,
    private readonly lifetimeSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  issue(conversationId: string, userId: string): IssuedToken {
    const issuedAt = Math.floor(this.now() / 1000);
    const payload = Buffer.from(
      JSON.stringify({
        iss: issuer,
        conv: conversationId,
        user: userId,
        iat: issuedAt,
        exp: issuedAt + this.lifetimeSeconds,
      }),
    ).toString('base64url');
    const signed = `${header}.${payload}`;
    return { token: `${signed}.${this.signature(signed)}`, expiresIn: this.lifetimeSeconds };
  }

  check(token: string): TokenCheck {
    if (token.length > maxTokenLength) return { valid: false, reason: 'malformed' };
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== header) return { valid: false, reason: 'malformed' };
    const [, payload = '', signature = ''] = parts;
    const expected = Buffer.from(this.signature(`${header}.${payload}`), 'base64url');
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return { valid: false, reason: 'bad-signature' };
    }
    const claims = claimsOf(payload);
    if (!claims) return { valid: false, reason: 'malformed' };
    if (claims.expiresAt.getTime() <= this.now()) return { valid: false, reason: 'expired' };
    return { valid: true, claims };
  }

  private signature(signed: string): string {
    return createHmac('sha256', this.key).update(signed).digest('base64url');
  }
}

/** The claims of a payload whose signature was checked; undefined when they are not ours. */
function claimsOf(payload: string): ConversationClaims | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== 'object') return undefined;
  const { iss, conv, user, exp } = parsed as Record<string, unknown>;
  if (iss !== issuer || typeof conv !== 'string' || typeof user !== 'string') return undefined;
  if (typeof exp !== 'number' || !Number.isSafeInteger(exp)) return undefined;
  if (!conversationIdPattern.test(conv) || !userIdPattern.test(user)) return undefined;
  return { conversationId: conv, userId: user, expiresAt: new Date(exp * 1000) };
}
