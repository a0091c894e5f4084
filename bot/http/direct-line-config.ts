import { z } from 'zod';

import { AppError, errorCodes } from '../../kernel/errors';

/**
 * The web chat's configuration (`/chat` and Direct Line), checked with zod from the environment
 * record. Kept apart from bot/config.ts so that it can be merged there as one spread of
 * `webChatEnvironmentShape` and one call of `webChatConfigOf`.
 *
 * Three modes:
 * - `service`: `DIRECT_LINE_SECRET` is set; the page asks this bot for a token
 *   (`POST /api/directline/token`, which exchanges the secret with the Direct Line service) and
 *   talks to the service. Production.
 * - `embedded`: no secret and no `MicrosoftAppId`; this bot serves Direct Line 3.0 itself under
 *   `/v3/directline/`. Local use, a fresh clone, tests.
 * - `off`: `MicrosoftAppId` set and no secret. The embedded Direct Line posts activities to the
 *   bot without a channel token, which an authenticated bot refuses; so there is no web chat.
 */

export const defaultDirectLineBaseUrl = 'https://directline.botframework.com';

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** An origin (no path, query or credentials): https, or http on loopback (tests). */
function originOf(value: string): string | undefined {
  const url = URL.parse(value);
  if (!url) return undefined;
  const secure = url.protocol === 'https:';
  if (!secure && !(url.protocol === 'http:' && loopbackHosts.has(url.hostname))) return undefined;
  if (url.username || url.password || url.search || url.hash || url.pathname !== '/') {
    return undefined;
  }
  return url.origin;
}

/**
 * A `frame-ancestors` source: an https origin, optionally with a leading `*.` subdomain wildcard,
 * or an http origin on loopback. Rebuilt from its parsed parts, so that nothing a variable holds
 * (a quote, a semicolon) can reach the Content-Security-Policy header as written.
 */
function embedderSourceOf(entry: string): string | undefined {
  const wildcard = entry.startsWith('https://*.');
  const origin = originOf(wildcard ? `https://${entry.slice('https://*.'.length)}` : entry);
  if (!origin) return undefined;
  return wildcard ? origin.replace('https://', 'https://*.') : origin;
}

export const webChatEnvironmentShape = {
  DIRECT_LINE_SECRET: optionalText,
  DIRECT_LINE_BASE_URL: optionalText.refine(
    (value) => value === undefined || originOf(value) !== undefined,
    'must be the https:// origin of the Direct Line service, such as https://europe.directline.botframework.com',
  ),
  DIRECT_LINE_TOKEN_SECRET: optionalText.refine(
    (value) => value === undefined || value.length >= 32,
    'must be at least 32 characters',
  ),
  // directlinejs refreshes a token every 15 minutes, whatever its lifetime: below 20 it would lapse.
  DIRECT_LINE_TOKEN_LIFETIME_SECONDS: z.coerce.number().int().min(1_200).max(86_400).default(1_800),
  DIRECT_LINE_TOKENS_PER_IP_PER_MINUTE: z.coerce.number().int().min(0).max(100_000).default(30),
  // An official answer is due in 15 business days, 30 with an extension (Ley 1755 de 2015, art. 14):
  // about six calendar weeks, holidays included. 60 days covers it with room.
  DIRECT_LINE_RESUME_LIFETIME_DAYS: z.coerce.number().int().min(1).max(366).default(60),
  CHAT_ALLOWED_EMBEDDERS: z
    .string()
    .trim()
    .default('')
    .refine(
      (value) => entriesOf(value).every((entry) => embedderSourceOf(entry) !== undefined),
      'must be comma-separated https:// origins (https://*.example.gov.co allowed), such as https://www.anm.gov.co',
    ),
};

function entriesOf(list: string): string[] {
  return list
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

const webChatEnvironmentSchema = z.object({
  ...webChatEnvironmentShape,
  MicrosoftAppId: optionalText,
});

export type WebChatEnvironment = z.infer<typeof webChatEnvironmentSchema>;

/** What both modes that serve the page share. */
interface WebChatPageSettings {
  /** `frame-ancestors` sources besides 'self': the sites that may embed /chat in an iframe. */
  allowedEmbedders: string[];
  /** Conversation tokens one client address may obtain a minute; 0 = no limit. */
  tokensPerAddressPerMinute: number;
}

export type WebChatConfig =
  | { mode: 'off' }
  | (WebChatPageSettings & {
      mode: 'embedded';
      /** HMAC key of the tokens; undefined = derived from the pseudonym secret. */
      tokenSecret: string | undefined;
      tokenLifetimeSeconds: number;
      /** How long a browser may come back to its conversation after its last visit. */
      resumeLifetimeSeconds: number;
      /**
       * The clock of tokens and resume secrets (ms since the epoch); Date.now when unset. Never
       * read from the environment: a test moves it past a lifetime instead of waiting for it.
       */
      clock?: () => number;
    })
  | (WebChatPageSettings & {
      mode: 'service';
      /** The Direct Line channel's secret: sent to the service only, never to a browser. */
      secret: string;
      /** The service's origin, without a trailing slash. */
      baseUrl: string;
      /** HMAC key of the resume secrets; undefined = derived from the pseudonym secret. */
      tokenSecret: string | undefined;
      /** How long a browser may come back to its conversation after its last visit. */
      resumeLifetimeSeconds: number;
    });

/** The web chat's settings from variables already checked by `webChatEnvironmentShape`. */
export function webChatConfigOf(env: WebChatEnvironment): WebChatConfig {
  const page: WebChatPageSettings = {
    allowedEmbedders: entriesOf(env.CHAT_ALLOWED_EMBEDDERS).flatMap(
      (entry) => embedderSourceOf(entry) ?? [],
    ),
    tokensPerAddressPerMinute: env.DIRECT_LINE_TOKENS_PER_IP_PER_MINUTE,
  };
  if (env.DIRECT_LINE_SECRET) {
    return {
      ...page,
      mode: 'service',
      secret: env.DIRECT_LINE_SECRET,
      baseUrl:
        originOf(env.DIRECT_LINE_BASE_URL ?? defaultDirectLineBaseUrl) ?? defaultDirectLineBaseUrl,
      tokenSecret: env.DIRECT_LINE_TOKEN_SECRET,
      resumeLifetimeSeconds: env.DIRECT_LINE_RESUME_LIFETIME_DAYS * 86_400,
    };
  }
  if (env.MicrosoftAppId) return { mode: 'off' };
  return {
    ...page,
    mode: 'embedded',
    tokenSecret: env.DIRECT_LINE_TOKEN_SECRET,
    tokenLifetimeSeconds: env.DIRECT_LINE_TOKEN_LIFETIME_SECONDS,
    resumeLifetimeSeconds: env.DIRECT_LINE_RESUME_LIFETIME_DAYS * 86_400,
  };
}

export class WebChatConfigError extends AppError {
  constructor(readonly problems: string[]) {
    super(
      errorCodes.webChatConfigInvalid,
      `Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
    );
    this.name = 'WebChatConfigError';
  }
}

/** Parses an environment-like record; every problem at once. Pure: it never reads `process.env`. */
export function parseWebChatConfig(environment: Record<string, string | undefined>): WebChatConfig {
  const parsed = webChatEnvironmentSchema.safeParse(environment);
  if (!parsed.success) {
    throw new WebChatConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    );
  }
  return webChatConfigOf(parsed.data);
}
