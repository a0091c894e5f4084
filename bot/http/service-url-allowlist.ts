/**
 * Where an unauthenticated bot may send replies. Without authentication nobody vouches for an
 * activity's `serviceUrl`, and the bot posts its replies (and later proactive messages) there: the
 * allow-list keeps it from posting to any host a request names. In authenticated mode the token's
 * `serviceurl` claim, checked by the SDK, is the guard instead.
 */
export interface AllowedOrigin {
  protocol: 'http:' | 'https:';
  /** As `URL` normalises it: lower case, IPv6 in brackets. */
  hostname: string;
  /** As `URL` gives it ('' for the scheme's default port), or '*' for any port. */
  port: string;
}

/** The Bot Framework Emulator and local tests: loopback, any port. */
export const defaultServiceUrlAllowlist = 'http://localhost:*,http://127.0.0.1:*,http://[::1]:*';

const anyPortSuffix = ':*';

/**
 * Parses a comma-separated list of origins (`http://localhost:*`, `https://bot.example.gov.co`).
 * Each entry is an origin only: no path, query or credentials.
 */
export function parseServiceUrlAllowlist(list: string): {
  origins: AllowedOrigin[];
  problems: string[];
} {
  const origins: AllowedOrigin[] = [];
  const problems: string[] = [];
  for (const rawEntry of list.split(',')) {
    const entry = rawEntry.trim();
    if (entry === '') continue;
    const anyPort = entry.endsWith(anyPortSuffix);
    const base = anyPort ? entry.slice(0, -anyPortSuffix.length) : entry;
    const url = URL.canParse(base) ? new URL(base) : undefined;
    if (
      !url ||
      (url.protocol !== 'http:' && url.protocol !== 'https:') ||
      url.pathname !== '/' ||
      url.search !== '' ||
      url.hash !== '' ||
      url.username !== '' ||
      url.password !== '' ||
      (anyPort && url.port !== '')
    ) {
      problems.push(`"${entry}" is not an origin such as http://localhost:* or https://host`);
      continue;
    }
    origins.push({
      protocol: url.protocol,
      hostname: url.hostname,
      port: anyPort ? '*' : url.port,
    });
  }
  if (problems.length === 0 && origins.length === 0) problems.push('names no origin');
  return { origins, problems };
}

export function isServiceUrlAllowed(
  serviceUrl: string,
  origins: readonly AllowedOrigin[],
): boolean {
  if (!URL.canParse(serviceUrl)) return false;
  const url = new URL(serviceUrl);
  return origins.some(
    (origin) =>
      origin.protocol === url.protocol &&
      origin.hostname === url.hostname &&
      (origin.port === '*' || origin.port === url.port),
  );
}
