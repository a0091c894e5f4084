/**
 * True when the Authorization header is a bearer JWT whose payload carries a numeric `exp`. The
 * SDK's validation accepts a correctly signed token without one, which would then be valid for
 * ever; every token a channel sends expires, so one that does not is refused before validation.
 * Only the payload is decoded here: the signature is the SDK's to check.
 */
export function bearerTokenHasExpiry(authorization: string): boolean {
  const [scheme, token, ...rest] = authorization.trim().split(' ');
  if (scheme?.toLowerCase() !== 'bearer' || token === undefined || rest.length > 0) return false;
  const parts = token.split('.');
  if (parts.length !== 3 || parts[1] === undefined) return false;
  try {
    const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as unknown;
    if (!payload || typeof payload !== 'object') return false;
    const expiry = (payload as { exp?: unknown }).exp;
    return typeof expiry === 'number' && Number.isFinite(expiry);
  } catch {
    return false;
  }
}
