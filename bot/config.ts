import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';

import { parseServiceUrlAllowlist, type AllowedOrigin } from './http/service-url-allowlist';
import type { DeadlineDigestTarget } from '../moderation/deadline-digest-run';
import type { EmailSettings } from '../delivery/email-sender';
import { webChatConfigOf, type WebChatConfig } from './http/direct-line-config';
import type { StaffAuthConfig } from './http/staff-auth';
import { environmentSchema, type Environment } from './config-environment';
import {
  staffAuthOf,
  staffSignInOf,
  staffSignInProblems,
  type StaffSignInApp,
} from './config-staff-sign-in';
import { AppError, errorCodes } from '../kernel/errors';
import { toolsDir } from '../kernel/project-root';
import type { GenerativeConfig } from '../answers/generative/answer-composer';
import type { FacebookConfig } from '../live/facebook/facebook-settings';
import type { DatabaseConfig } from '../models/database';

export type { DatabaseConfig, FacebookConfig, GenerativeConfig, StaffAuthConfig, StaffSignInApp };
export { configVariableNames } from './config-environment';

/**
 * The only module that reads the environment. Everything else receives an `AppConfig`.
 * Variable names are documented in `.env.example`; the Bot Framework keys keep the SDK's own
 * spelling so that `ConfigurationBotFrameworkAuthentication` receives them unchanged.
 */

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
   * Staff API calls one signed-in person (token subject) may make a minute; 0 = no limit.
   * Optional only for route tests that build their own limits; parseConfig always sets it.
   */
  perStaffPerMinute?: number;
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
  logLevel: Environment['LOG_LEVEL'];
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
   * How staff API calls are authenticated (bot/http/staff-auth.ts): the tenant's issuer
   * (AUTH_JWKS_URI, AUTH_ISSUER, AUTH_AUDIENCE, AUTH_TENANT_ID) or the development key
   * (AUTH_DEV_MODE, loopback only). Undefined: no staff sign-in, and the live panel is off.
   */
  staffAuth: StaffAuthConfig | undefined;
  /**
   * Undefined when neither AUTH_CLIENT_ID nor MicrosoftAppId names the app staff sign in to, or
   * when its scope is neither set (AUTH_API_SCOPE) nor derivable (PUBLIC_BASE_URL).
   */
  staffSignIn: StaffSignInApp | undefined;
  /** The citizens' web chat (/chat): embedded Direct Line, the Direct Line service, or off. */
  webChat: WebChatConfig;
  /** The public https address of this bot (Teams tab and manifest); undefined when unset. */
  publicBaseUrl: string | undefined;
  /** SMTP for e-mail to citizens; undefined without SMTP_URL (never logged: it holds a password). */
  email: EmailSettings | undefined;
  /** Where and when the moderators' deadline digest goes; undefined when not configured. */
  moderationDigest: DeadlineDigestTarget | undefined;
  /** The Teams app's own id (a GUID) for the app package; undefined when unset. */
  teamsAppId: string | undefined;
  botAuth: BotFrameworkAuthSettings;
}

export class ConfigError extends AppError {
  constructor(readonly problems: string[]) {
    super(
      errorCodes.configInvalid,
      `Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
    );
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

/**
 * `run` checks everything the bot needs to serve; `package` (the Teams app package, which only
 * names the bot) does not ask for the credentials the bot authenticates with.
 */
export type ConfigPurpose = 'run' | 'package';

/** What no single variable can say wrong: the settings that require one another. */
function crossFieldProblems(env: Environment, purpose: ConfigPurpose): string[] {
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
  if (env.SMTP_URL && !env.SMTP_FROM) problems.push('SMTP_FROM: required when SMTP_URL is set');
  problems.push(...staffSignInProblems(env, hostOf(env), purpose));
  if (env.FACEBOOK_APP_SECRET) {
    for (const key of [
      'FACEBOOK_VERIFY_TOKEN',
      'FACEBOOK_PAGE_ID',
      'FACEBOOK_PAGE_ACCESS_TOKEN',
    ] as const) {
      if (!env[key]) problems.push(`${key}: required when FACEBOOK_APP_SECRET is set`);
    }
  }
  return problems;
}

function hostOf(env: Environment): string {
  return env.HOST ?? (env.MicrosoftAppId ? '0.0.0.0' : '127.0.0.1');
}

/** The environment checked variable by variable, then across variables: every problem at once. */
function validEnvironment(
  environment: Record<string, string | undefined>,
  purpose: ConfigPurpose,
): { env: Environment; allowlist: AllowedOrigin[] } {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    );
  }
  const env = parsed.data;
  const problems = crossFieldProblems(env, purpose);
  const allowlist = parseServiceUrlAllowlist(env.SERVICE_URL_ALLOWLIST);
  for (const problem of allowlist.problems) problems.push(`SERVICE_URL_ALLOWLIST: ${problem}`);
  if (problems.length > 0) throw new ConfigError(problems);
  return { env, allowlist: allowlist.origins };
}

function edgeLimitsOf(env: Environment, allowlist: AllowedOrigin[]): EdgeLimits {
  return {
    maxRequestBytes: env.MAX_REQUEST_BYTES,
    requestTimeoutMs: env.REQUEST_TIMEOUT_MS,
    perAddressPerMinute: env.RATE_LIMIT_PER_IP_PER_MINUTE,
    perConversationPerMinute: env.RATE_LIMIT_PER_CONVERSATION_PER_MINUTE,
    perStaffPerMinute: env.RATE_LIMIT_PER_STAFF_PER_MINUTE,
    serviceUrlAllowlist: env.MicrosoftAppId ? undefined : allowlist,
  };
}

function databaseOf(env: Environment, dataDir: string, baseDir: string): DatabaseConfig {
  if (env.MONGODB_URI) {
    return {
      kind: 'external',
      uri: env.MONGODB_URI,
      dbName: env.MONGODB_DB_NAME,
      timeoutMs: env.MONGODB_TIMEOUT_MS,
    };
  }
  return {
    kind: 'embedded',
    dataDir,
    dbName: env.MONGODB_DB_NAME,
    timeoutMs: env.MONGODB_TIMEOUT_MS,
    ferretdbBinary: env.FERRETDB_BINARY ? path.resolve(baseDir, env.FERRETDB_BINARY) : undefined,
    toolsDir: toolsDir(),
  };
}

function generativeOf(env: Environment): GenerativeConfig | undefined {
  if (!env.OPENAI_API_KEY) return undefined;
  return {
    apiKey: env.OPENAI_API_KEY,
    baseUrl: (env.OPENAI_BASE_URL ?? defaultOpenAiBaseUrl).replace(/\/+$/, ''),
    model: env.OPENAI_MODEL,
    timeoutMs: env.OPENAI_TIMEOUT_MS,
  };
}

function facebookOf(env: Environment): FacebookConfig | undefined {
  const {
    FACEBOOK_APP_SECRET: appSecret,
    FACEBOOK_VERIFY_TOKEN: verifyToken,
    FACEBOOK_PAGE_ID: pageId,
    FACEBOOK_PAGE_ACCESS_TOKEN: pageAccessToken,
  } = env;
  if (!appSecret || !verifyToken || !pageId || !pageAccessToken) return undefined;
  return {
    appSecret,
    verifyToken,
    pageId,
    pageAccessToken,
    graphApiUrl: `${env.FACEBOOK_GRAPH_URL.replace(/\/+$/, '')}/${env.FACEBOOK_GRAPH_API_VERSION}`,
    resumeIntervalMs: env.FACEBOOK_RESUME_INTERVAL_MS,
    commentsPerCommenterPerMinute: env.RATE_LIMIT_PER_COMMENTER_PER_MINUTE,
  };
}

function botAuthOf(env: Environment): BotFrameworkAuthSettings {
  const botAuth: BotFrameworkAuthSettings = {};
  for (const key of botAuthKeys) {
    const value = env[key];
    if (value) botAuth[key] = value;
  }
  return botAuth;
}

/** Parses an environment-like record. Pure: it never touches `process.env`. */
export function parseConfig(
  environment: Record<string, string | undefined>,
  baseDir: string = process.cwd(),
  purpose: ConfigPurpose = 'run',
): AppConfig {
  const { env, allowlist } = validEnvironment(environment, purpose);
  const dataDir = path.resolve(baseDir, env.DATA_DIR);
  return {
    port: env.PORT,
    host: hostOf(env),
    logLevel: env.LOG_LEVEL,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    edge: edgeLimitsOf(env, allowlist),
    dataDir,
    database: databaseOf(env, dataDir, baseDir),
    pseudonymSecret: env.PSEUDONYM_SECRET,
    personalDataRetentionDays: env.PERSONAL_DATA_RETENTION_DAYS,
    privacyPolicyUrl: env.PRIVACY_POLICY_URL,
    publicationUrl: env.ANSWERS_PUBLICATION_URL,
    generative: generativeOf(env),
    facebook: facebookOf(env),
    staffAuth: staffAuthOf(env, dataDir),
    staffSignIn: staffSignInOf(env),
    webChat: webChatConfigOf(env),
    publicBaseUrl: env.PUBLIC_BASE_URL?.replace(/\/+$/, ''),
    teamsAppId: env.TEAMS_APP_ID,
    email:
      env.SMTP_URL && env.SMTP_FROM ? { smtpUrl: env.SMTP_URL, from: env.SMTP_FROM } : undefined,
    moderationDigest: env.MODERATION_DIGEST_CONVERSATION_ID
      ? {
          channelId: env.MODERATION_DIGEST_CHANNEL_ID,
          conversationId: env.MODERATION_DIGEST_CONVERSATION_ID,
          hour: env.MODERATION_DIGEST_HOUR,
        }
      : undefined,
    botAuth: botAuthOf(env),
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
