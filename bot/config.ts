import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { z } from 'zod';

import {
  defaultServiceUrlAllowlist,
  parseServiceUrlAllowlist,
  type AllowedOrigin,
} from './http/service-url-allowlist';
import { toolsDir } from '../kernel/project-root';
import type { GenerativeConfig } from '../answers/generative/answer-composer';
import type { FacebookConfig } from '../live/facebook/facebook-settings';
import type { DatabaseConfig } from '../models/database';

export type { DatabaseConfig, FacebookConfig, GenerativeConfig };

/**
 * The only module that reads the environment. Everything else receives an `AppConfig`.
 * Variable names are documented in `.env.example`; the Bot Framework keys keep the SDK's own
 * spelling so that `ConfigurationBotFrameworkAuthentication` receives them unchanged.
 */

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const environmentSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  // Unset: loopback when the bot runs unauthenticated, every interface when it authenticates.
  HOST: optionalText,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  MAX_REQUEST_BYTES: z.coerce
    .number()
    .int()
    .min(16 * 1024)
    .max(64 * 1024 * 1024)
    .default(1024 * 1024),
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(300_000).default(30_000),
  RATE_LIMIT_PER_IP_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(6_000),
  RATE_LIMIT_PER_CONVERSATION_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(60),
  SERVICE_URL_ALLOWLIST: z.string().default(defaultServiceUrlAllowlist),

  MONGODB_URI: optionalText.refine(
    (value) => value === undefined || /^mongodb(\+srv)?:\/\//.test(value),
    'must start with mongodb:// or mongodb+srv://',
  ),
  MONGODB_DB_NAME: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,63}$/, 'letters, digits, "_" or "-", at most 63 characters')
    .default('anm_rendicion_cuentas'),
  MONGODB_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  DATA_DIR: z.string().trim().min(1).default('./data'),
  FERRETDB_BINARY: optionalText,
  PRIVACY_POLICY_URL: z.url({ protocol: /^https$/ }).default('https://www.anm.gov.co/'),
  ANSWERS_PUBLICATION_URL: z.url({ protocol: /^https$/ }).default('https://www.anm.gov.co/'),
  PERSONAL_DATA_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  PSEUDONYM_SECRET: optionalText.refine(
    (value) => value === undefined || value.length >= 32,
    'must be at least 32 characters',
  ),

  OPENAI_API_KEY: optionalText,
  OPENAI_BASE_URL: optionalText.refine(
    (value) => value === undefined || /^https?:\/\/[^\s]+$/.test(value),
    'must be an http:// or https:// URL',
  ),
  OPENAI_MODEL: z.string().trim().min(1).default('gpt-4o-mini'),
  OPENAI_TIMEOUT_MS: z.coerce.number().int().min(500).max(60_000).default(8_000),

  FACEBOOK_APP_SECRET: optionalText,
  FACEBOOK_VERIFY_TOKEN: optionalText,
  FACEBOOK_PAGE_ID: optionalText.refine(
    (value) => value === undefined || /^\d+$/.test(value),
    'must be the numeric id of the Facebook page',
  ),
  FACEBOOK_PAGE_ACCESS_TOKEN: optionalText,
  FACEBOOK_GRAPH_URL: z.url({ protocol: /^https?$/ }).default('https://graph.facebook.com'),
  FACEBOOK_GRAPH_API_VERSION: z
    .string()
    .trim()
    .regex(/^v\d+\.\d+$/, 'must look like v24.0')
    .default('v24.0'),
  FACEBOOK_RESUME_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),

  LIVE_PANEL_DEV_MODE: z
    .enum(['true', 'false', ''])
    .optional()
    .transform((value) => value === 'true'),
  PUBLIC_BASE_URL: optionalText.refine(
    (value) => value === undefined || /^https:\/\/[^\s/]+(\/[^\s]*)?$/.test(value),
    'must be an https:// URL (the address where Teams reaches this bot)',
  ),
  TEAMS_APP_ID: optionalText.refine(
    (value) =>
      value === undefined ||
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value),
    'must be a GUID',
  ),

  MicrosoftAppId: optionalText,
  MicrosoftAppPassword: optionalText,
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI', '']).optional(),
  MicrosoftAppTenantId: optionalText,
  ToBotFromChannelOpenIdMetadataUrl: optionalText,
  ToBotFromChannelTokenIssuer: optionalText,
  ToChannelFromBotLoginUrl: optionalText,
  ToChannelFromBotOAuthScope: optionalText,
  OAuthUrl: optionalText,
  ToBotFromEmulatorOpenIdMetadataUrl: optionalText,
  ValidateAuthority: optionalText,
  CallerId: optionalText,
});

/** Every variable the bot reads; `.env.example` documents each one (a test checks it). */
export const configVariableNames = Object.keys(environmentSchema.shape);

/** Bot Framework authentication settings, passed to the SDK with its own key names. */
export type BotFrameworkAuthSettings = Partial<
  Record<
    | 'MicrosoftAppId'
    | 'MicrosoftAppPassword'
    | 'MicrosoftAppType'
    | 'MicrosoftAppTenantId'
    | 'ToBotFromChannelOpenIdMetadataUrl'
    | 'ToBotFromChannelTokenIssuer'
    | 'ToChannelFromBotLoginUrl'
    | 'ToChannelFromBotOAuthScope'
    | 'OAuthUrl'
    | 'ToBotFromEmulatorOpenIdMetadataUrl'
    | 'ValidateAuthority'
    | 'CallerId',
    string
  >
>;

/** What the HTTP edge bounds before a request costs anything (see README, "Security"). */
export interface EdgeLimits {
  /** Largest request body read, counted as it streams in. */
  maxRequestBytes: number;
  /** Longest a request may take to arrive whole (headers and body): slow senders are cut off. */
  requestTimeoutMs: number;
  /** Requests an address may make a minute on each route family; 0 = no limit. */
  perAddressPerMinute: number;
  /** Activities one sender may post a minute in one conversation; 0 = no limit. */
  perConversationPerMinute: number;
  /**
   * Origins a `serviceUrl` may have when the bot runs unauthenticated; undefined when it
   * authenticates (the token's serviceurl claim is then the guard).
   */
  serviceUrlAllowlist: AllowedOrigin[] | undefined;
}

export const defaultOpenAiBaseUrl = 'https://api.openai.com/v1';

export interface AppConfig {
  port: number;
  host: string;
  logLevel: z.infer<typeof environmentSchema>['LOG_LEVEL'];
  shutdownTimeoutMs: number;
  edge: EdgeLimits;
  dataDir: string;
  database: DatabaseConfig;
  /** HMAC key for pseudonymising channel user ids; undefined means "generate one in DATA_DIR". */
  pseudonymSecret: string | undefined;
  /** Answered questions lose their personal data this many days after their last change. */
  personalDataRetentionDays: number;
  /** The ANM's personal-data policy, linked from the consent text. */
  privacyPolicyUrl: string;
  /** Where official answers are published (named in end-of-session summaries). */
  publicationUrl: string;
  /** Undefined unless OPENAI_API_KEY is set: answers then come from retrieval alone. */
  generative: GenerativeConfig | undefined;
  /** Undefined unless FACEBOOK_APP_SECRET is set: the Facebook webhook is then off. */
  facebook: FacebookConfig | undefined;
  /**
   * The live panel (Teams tab and its API) has no staff sign-in yet: it is served only when
   * LIVE_PANEL_DEV_MODE=true, for development and tests.
   */
  livePanelEnabled: boolean;
  /** The public https address of this bot (Teams tab and manifest); undefined when unset. */
  publicBaseUrl: string | undefined;
  /** The Teams app's own id (a GUID) for the app package; undefined when unset. */
  teamsAppId: string | undefined;
  botAuth: BotFrameworkAuthSettings;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const botAuthKeys = [
  'MicrosoftAppId',
  'MicrosoftAppPassword',
  'MicrosoftAppType',
  'MicrosoftAppTenantId',
  'ToBotFromChannelOpenIdMetadataUrl',
  'ToBotFromChannelTokenIssuer',
  'ToChannelFromBotLoginUrl',
  'ToChannelFromBotOAuthScope',
  'OAuthUrl',
  'ToBotFromEmulatorOpenIdMetadataUrl',
  'ValidateAuthority',
  'CallerId',
] as const;

/** Parses an environment-like record. Pure: it never touches `process.env`. */
/**
 * `run` checks everything the bot needs to serve; `package` (the Teams app package, which only
 * names the bot) does not ask for the credentials the bot authenticates with.
 */
export type ConfigPurpose = 'run' | 'package';

export function parseConfig(
  environment: Record<string, string | undefined>,
  baseDir: string = process.cwd(),
  purpose: ConfigPurpose = 'run',
): AppConfig {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    );
  }
  const env = parsed.data;
  const problems: string[] = [];
  if (env.MicrosoftAppId && env.MicrosoftAppType === 'SingleTenant' && !env.MicrosoftAppTenantId) {
    problems.push('MicrosoftAppTenantId: required when MicrosoftAppType is SingleTenant');
  }
  if (
    purpose === 'run' &&
    env.MicrosoftAppId &&
    env.MicrosoftAppType !== 'UserAssignedMSI' &&
    !env.MicrosoftAppPassword
  ) {
    problems.push(
      'MicrosoftAppPassword: required when MicrosoftAppId is set (unless UserAssignedMSI)',
    );
  }
  if (!env.OPENAI_API_KEY && env.OPENAI_BASE_URL) {
    problems.push('OPENAI_API_KEY: required when OPENAI_BASE_URL is set');
  }
  if (env.FACEBOOK_APP_SECRET) {
    for (const key of [
      'FACEBOOK_VERIFY_TOKEN',
      'FACEBOOK_PAGE_ID',
      'FACEBOOK_PAGE_ACCESS_TOKEN',
    ] as const) {
      if (!env[key]) problems.push(`${key}: required when FACEBOOK_APP_SECRET is set`);
    }
  }
  const allowlist = parseServiceUrlAllowlist(env.SERVICE_URL_ALLOWLIST);
  for (const problem of allowlist.problems) problems.push(`SERVICE_URL_ALLOWLIST: ${problem}`);
  if (problems.length > 0) throw new ConfigError(problems);

  const dataDir = path.resolve(baseDir, env.DATA_DIR);
  const botAuth: BotFrameworkAuthSettings = {};
  for (const key of botAuthKeys) {
    const value = env[key];
    if (value) botAuth[key] = value;
  }

  return {
    port: env.PORT,
    host: env.HOST ?? (env.MicrosoftAppId ? '0.0.0.0' : '127.0.0.1'),
    logLevel: env.LOG_LEVEL,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    edge: {
      maxRequestBytes: env.MAX_REQUEST_BYTES,
      requestTimeoutMs: env.REQUEST_TIMEOUT_MS,
      perAddressPerMinute: env.RATE_LIMIT_PER_IP_PER_MINUTE,
      perConversationPerMinute: env.RATE_LIMIT_PER_CONVERSATION_PER_MINUTE,
      serviceUrlAllowlist: env.MicrosoftAppId ? undefined : allowlist.origins,
    },
    dataDir,
    database: env.MONGODB_URI
      ? {
          kind: 'external',
          uri: env.MONGODB_URI,
          dbName: env.MONGODB_DB_NAME,
          timeoutMs: env.MONGODB_TIMEOUT_MS,
        }
      : {
          kind: 'embedded',
          dataDir,
          dbName: env.MONGODB_DB_NAME,
          timeoutMs: env.MONGODB_TIMEOUT_MS,
          ferretdbBinary: env.FERRETDB_BINARY
            ? path.resolve(baseDir, env.FERRETDB_BINARY)
            : undefined,
          toolsDir: toolsDir(),
        },
    pseudonymSecret: env.PSEUDONYM_SECRET,
    personalDataRetentionDays: env.PERSONAL_DATA_RETENTION_DAYS,
    privacyPolicyUrl: env.PRIVACY_POLICY_URL,
    publicationUrl: env.ANSWERS_PUBLICATION_URL,
    generative: env.OPENAI_API_KEY
      ? {
          apiKey: env.OPENAI_API_KEY,
          baseUrl: (env.OPENAI_BASE_URL ?? defaultOpenAiBaseUrl).replace(/\/+$/, ''),
          model: env.OPENAI_MODEL,
          timeoutMs: env.OPENAI_TIMEOUT_MS,
        }
      : undefined,
    facebook:
      env.FACEBOOK_APP_SECRET &&
      env.FACEBOOK_VERIFY_TOKEN &&
      env.FACEBOOK_PAGE_ID &&
      env.FACEBOOK_PAGE_ACCESS_TOKEN
        ? {
            appSecret: env.FACEBOOK_APP_SECRET,
            verifyToken: env.FACEBOOK_VERIFY_TOKEN,
            pageId: env.FACEBOOK_PAGE_ID,
            pageAccessToken: env.FACEBOOK_PAGE_ACCESS_TOKEN,
            graphApiUrl: `${env.FACEBOOK_GRAPH_URL.replace(/\/+$/, '')}/${env.FACEBOOK_GRAPH_API_VERSION}`,
            resumeIntervalMs: env.FACEBOOK_RESUME_INTERVAL_MS,
          }
        : undefined,
    livePanelEnabled: env.LIVE_PANEL_DEV_MODE,
    publicBaseUrl: env.PUBLIC_BASE_URL?.replace(/\/+$/, ''),
    teamsAppId: env.TEAMS_APP_ID,
    botAuth,
  };
}

/**
 * Reads `process.env`, completed by a `.env` file in `baseDir` for local use. A variable set in the
 * real environment always wins over the file.
 */
export function loadConfig(
  baseDir: string = process.cwd(),
  purpose: ConfigPurpose = 'run',
): AppConfig {
  const envFile = path.join(baseDir, '.env');
  const fromFile = existsSync(envFile) ? parseEnv(readFileSync(envFile, 'utf8')) : {};
  return parseConfig({ ...fromFile, ...process.env }, baseDir, purpose);
}
