import type { IncomingHttpHeaders } from 'node:http';

import {
  createLocalJWKSet,
  createRemoteJWKSet,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import type { Next, Request, Response } from 'restify';

import { errorCodes, RequestRefusal } from '../../kernel/errors';
import type { Logger } from '../../kernel/logger';
import {
  hasRole,
  staffRoles,
  type StaffIdentity,
  type StaffRole,
} from '../../kernel/staff-identity';
import { answerError } from './error-handler';
import { RateLimiter, tooManyRequests } from './rate-limiter';
import { devTokenAudience, devTokenIssuer, loadDevSigningKey } from './staff-dev-tokens';

/**
 * Staff sign-in at the HTTP edge: every staff API call carries `Authorization: Bearer <token>`,
 * an access token of the agency's Microsoft Entra tenant (Teams SSO in the tabs, OpenID Connect
 * with PKCE in a browser) or, for local use, of the development key (bot/http/staff-dev-tokens.ts).
 *
 * How a route module uses it:
 *
 *     server.post('/api/…', byAddress, staffAuth.requireRole('moderator'), handler);
 *     // in the handler: const staff = staffIdentityOf(request);
 *
 * or, inside a handler, `await staffAuth.authorize(request, 'moderator')`: its refusal is a
 * `StaffAuthRefusal`, whose `challenge` the handler sets as WWW-Authenticate before answering it.
 *
 * No token, a malformed header, a bad signature, another issuer, audience or tenant, an expired or
 * not-yet-valid token → 401 `unauthenticated` with `WWW-Authenticate: Bearer`; a valid token
 * without the role → 403 `forbidden`; a signed-in person over their own limit of calls a minute
 * (across every staff API) → 429 with `Retry-After`. Tokens and claims are never logged.
 */

/** How tokens are checked: the tenant's issuer, or the development key of DATA_DIR. */
export type StaffAuthConfig =
  | {
      mode: 'issuer';
      /** The issuer's key set (Entra: https://login.microsoftonline.com/<tenant>/discovery/v2.0/keys). */
      jwksUri: string;
      /** The `iss` every token must carry (Entra v2: https://login.microsoftonline.com/<tenant>/v2.0). */
      issuer: string;
      /** The `aud` every token must carry (Entra v2 tokens: the API app's client id). */
      audience: string;
      /** Entra's `tid` every token must carry; undefined: not checked (issuers without tenants). */
      tenantId: string | undefined;
    }
  | { mode: 'dev'; dataDir: string };

export interface StaffAuthenticator {
  /** The identity of the request's bearer token; a `StaffAuthRefusal` (401) without one. */
  authenticate(request: RequestHeaders): Promise<StaffIdentity>;
  /**
   * As `authenticate`, counted against the identity's limit of calls a minute (a 429 refusal
   * beyond), and the identity must have one of `anyOf` (a 403 refusal otherwise).
   */
  authorize(request: RequestHeaders, ...anyOf: StaffRole[]): Promise<StaffIdentity>;
  /**
   * A restify route step: answers 401/403 (with WWW-Authenticate) or lets the request on, its
   * identity then read with `staffIdentityOf(request)`. Nothing of the body has been read yet.
   */
  requireRole(...anyOf: StaffRole[]): (request: Request, response: Response, next: Next) => void;
}

interface RequestHeaders {
  headers: IncomingHttpHeaders;
}

/** Entra tokens are 1–3 KB; anything far larger is refused before it is parsed. */
export const maxAuthorizationLength = 8 * 1024;
/** Clocks of the issuer and of this host may differ a little; a minute is plenty. */
const clockToleranceSeconds = 60;
/** Entra signs access tokens with RS256; nothing else (no `none`, no HMAC) is accepted. */
const allowedAlgorithms = ['RS256'];
const realm = 'ANM';

/**
 * A staff call refused: 401 `unauthenticated` without a usable token, 403 `forbidden` without the
 * role, each answered with its WWW-Authenticate challenge (RFC 6750).
 */
export class StaffAuthRefusal extends RequestRefusal {
  constructor(
    code: typeof errorCodes.unauthenticated | typeof errorCodes.forbidden,
    message: string,
    readonly challenge: string,
  ) {
    super(code, message);
    this.name = 'StaffAuthRefusal';
  }
}

const noToken = () =>
  new StaffAuthRefusal(
    errorCodes.unauthenticated,
    'Inicie sesión para usar esta función.',
    `Bearer realm="${realm}"`,
  );
const invalidToken = () =>
  new StaffAuthRefusal(
    errorCodes.unauthenticated,
    'No pudimos comprobar su inicio de sesión. Inicie sesión de nuevo.',
    `Bearer realm="${realm}", error="invalid_token"`,
  );
const expiredToken = () =>
  new StaffAuthRefusal(
    errorCodes.unauthenticated,
    'Su sesión expiró. Inicie sesión de nuevo.',
    `Bearer realm="${realm}", error="invalid_token", error_description="expired"`,
  );

/** The roles as staff read them, for the 403 sentence. */
const roleNames: Record<StaffRole, string> = {
  staff: 'equipo de sesiones en vivo (staff)',
  moderator: 'moderación (moderator)',
  admin: 'administración (admin)',
};

function forbidden(anyOf: readonly StaffRole[]): StaffAuthRefusal {
  return new StaffAuthRefusal(
    errorCodes.forbidden,
    `Su cuenta no tiene el rol necesario para esta acción: ${anyOf.map((role) => roleNames[role]).join(' o ')}. Pídalo a la administración del sistema.`,
    `Bearer realm="${realm}", error="insufficient_scope"`,
  );
}

/** The token of an `Authorization: Bearer <JWT>` header, bounded before anything is parsed. */
function bearerTokenOf(headers: IncomingHttpHeaders): string {
  const authorization = headers.authorization;
  if (authorization === undefined || authorization.trim() === '') throw noToken();
  if (authorization.length > maxAuthorizationLength) throw invalidToken();
  // Three base64url parts: the classes exclude ".", so the match is linear.
  const match = /^Bearer +([\w-]+\.[\w-]+\.[\w-]*)$/i.exec(authorization.trim());
  if (!match?.[1]) throw invalidToken();
  return match[1];
}

interface TokenCheck {
  keys: JWTVerifyGetKey;
  issuer: string;
  audience: string;
  tenantId: string | undefined;
}

function tokenCheckOf(config: StaffAuthConfig): TokenCheck {
  if (config.mode === 'dev') {
    const { publicJwk } = loadDevSigningKey(config.dataDir);
    return {
      keys: createLocalJWKSet({ keys: [publicJwk] }),
      issuer: devTokenIssuer,
      audience: devTokenAudience,
      tenantId: undefined,
    };
  }
  return {
    // Fetched on first use, kept 10 minutes, fetched again at most every 30 s when a token names
    // an unknown key (a key rotation), and never waited for longer than 5 s.
    keys: createRemoteJWKSet(new URL(config.jwksUri), {
      timeoutDuration: 5_000,
      cooldownDuration: 30_000,
      cacheMaxAge: 10 * 60_000,
    }),
    issuer: config.issuer,
    audience: config.audience,
    tenantId: config.tenantId,
  };
}

/**
 * jose's refusals of the token itself. Anything else (the key set cannot be fetched, or is not a
 * key set) is our side's failure: it propagates and is answered 500, not blamed on the caller.
 */
const tokenFaults = new Set([
  'ERR_JWT_CLAIM_VALIDATION_FAILED',
  'ERR_JWT_INVALID',
  'ERR_JWS_INVALID',
  'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
  'ERR_JOSE_ALG_NOT_ALLOWED',
  'ERR_JOSE_NOT_SUPPORTED',
  'ERR_JWKS_NO_MATCHING_KEY',
  'ERR_JWKS_MULTIPLE_MATCHING_KEYS',
]);

function codeOf(error: unknown): unknown {
  return error instanceof Error ? (error as Error & { code?: unknown }).code : undefined;
}

async function verifiedClaims(token: string, check: TokenCheck): Promise<JWTPayload> {
  try {
    const { payload } = await jwtVerify(token, check.keys, {
      issuer: check.issuer,
      audience: check.audience,
      algorithms: allowedAlgorithms,
      clockTolerance: clockToleranceSeconds,
      requiredClaims: ['exp'],
    });
    return payload;
  } catch (error) {
    const code = codeOf(error);
    if (code === 'ERR_JWT_EXPIRED') throw expiredToken();
    if (typeof code === 'string' && tokenFaults.has(code)) throw invalidToken();
    throw error;
  }
}

const maxClaimLength = 200;

function shortText(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= maxClaimLength
    ? value
    : undefined;
}

/** Who the claims say the caller is: Entra's `oid` (stable across apps) else `sub`. */
function identityOf(claims: JWTPayload, check: TokenCheck): StaffIdentity {
  if (check.tenantId !== undefined && claims.tid !== check.tenantId) throw invalidToken();
  const subject = shortText(claims.oid) ?? shortText(claims.sub);
  if (!subject) throw invalidToken();
  const granted = Array.isArray(claims.roles) ? claims.roles : [];
  return {
    subject,
    name: shortText(claims.name) ?? '',
    roles: staffRoles.filter((role) => granted.includes(role)),
  };
}

const identities = new WeakMap<object, StaffIdentity>();

/** The identity `requireRole` let through for this request. */
export function staffIdentityOf(request: Request): StaffIdentity {
  const identity = identities.get(request);
  if (!identity) throw new Error('staffIdentityOf: the route has no requireRole step');
  return identity;
}

export interface StaffCallLimits {
  /**
   * Calls one signed-in person (the token's subject) may make a minute across the staff APIs;
   * 0 or absent: no limit. Per address limits come first (bot/http/route-context.ts): this one
   * keeps a single account, from however many addresses, from monopolising the queue.
   */
  perStaffPerMinute?: number;
  /** The clock, in milliseconds (tests pass their own). */
  now?: () => number;
}

export function createStaffAuthenticator(
  config: StaffAuthConfig,
  logger: Logger,
  limits: StaffCallLimits = {},
): StaffAuthenticator {
  const check = tokenCheckOf(config);
  // Keyed by the verified subject only: a forged or expired token spends nobody's calls.
  const callsByStaff = new RateLimiter({
    perMinute: limits.perStaffPerMinute ?? 0,
    ...(limits.now ? { now: limits.now } : {}),
  });

  const authenticate = async (request: RequestHeaders): Promise<StaffIdentity> =>
    identityOf(await verifiedClaims(bearerTokenOf(request.headers), check), check);

  const authorize = async (
    request: RequestHeaders,
    ...anyOf: StaffRole[]
  ): Promise<StaffIdentity> => {
    const identity = await authenticate(request);
    const decision = callsByStaff.take(identity.subject);
    if (!decision.allowed) throw tooManyRequests(decision.retryAfterSeconds);
    if (!anyOf.some((role) => hasRole(identity, role))) throw forbidden(anyOf);
    return identity;
  };

  const requireRole =
    (...anyOf: StaffRole[]) =>
    (request: Request, response: Response, next: Next): void => {
      authorize(request, ...anyOf).then(
        (identity) => {
          identities.set(request, identity);
          next();
        },
        (error: unknown) => {
          if (error instanceof StaffAuthRefusal) {
            response.header('www-authenticate', error.challenge);
          }
          answerError(request, response, error, logger);
          next(false);
        },
      );
    };

  return { authenticate, authorize, requireRole };
}
