import { z } from 'zod';

import { defaultServiceUrlAllowlist } from './http/service-url-allowlist';
import { webChatEnvironmentShape } from './http/direct-line-config';

/**
 * Every environment variable the bot reads, checked one by one (bot/config.ts checks them across
 * and builds the `AppConfig`).
 */

function isGuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

/** An https URL, or an http one on this machine (a local key set in tests). */
function httpsOrLoopback(value: string): boolean {
  const url = URL.parse(value);
  if (!url) return false;
  return (
    url.protocol === 'https:' ||
    (url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname))
  );
}

/** One OAuth scope of an API: `<Application ID URI>/<scope name>`, no spaces. */
function isScope(value: string): boolean {
  const nameStart = value.lastIndexOf('/') + 1;
  return !/\s/.test(value) && nameStart > 1 && nameStart < value.length;
}

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

export const environmentSchema = z.object({
  ...webChatEnvironmentShape,
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
  RATE_LIMIT_PER_STAFF_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(600),
  RATE_LIMIT_PER_COMMENTER_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(10),
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

  AUTH_JWKS_URI: optionalText.refine(
    (value) => value === undefined || httpsOrLoopback(value),
    'must be an https:// URL (http:// only on loopback, for tests)',
  ),
  AUTH_ISSUER: optionalText.refine(
    (value) => value === undefined || httpsOrLoopback(value),
    "must be the issuer's https:// URL, exactly as its tokens name it (http:// only on loopback)",
  ),
  AUTH_AUDIENCE: optionalText,
  AUTH_TENANT_ID: optionalText.refine(
    (value) => value === undefined || isGuid(value),
    'must be a GUID',
  ),
  AUTH_CLIENT_ID: optionalText,
  AUTH_API_SCOPE: optionalText.refine(
    (value) => value === undefined || isScope(value),
    'must be one scope such as api://bot.example.gov.co/<client id>/access_as_user',
  ),
  AUTH_DEV_MODE: z
    .enum(['true', 'false', ''])
    .optional()
    .transform((value) => value === 'true'),
  PUBLIC_BASE_URL: optionalText.refine(
    (value) => value === undefined || /^https:\/\/[^\s/]+(\/[^\s]*)?$/.test(value),
    'must be an https:// URL (the address where Teams reaches this bot)',
  ),
  TEAMS_APP_ID: optionalText.refine(
    (value) => value === undefined || isGuid(value),
    'must be a GUID',
  ),
  // The moderators' morning digest of questions due soon and overdue (README, "Official answers").
  MODERATION_DIGEST_CONVERSATION_ID: optionalText.refine(
    (value) => value === undefined || value.length <= 512,
    'must be a conversation id (at most 512 characters)',
  ),
  MODERATION_DIGEST_CHANNEL_ID: z.enum(['msteams', 'webchat', 'emulator']).default('msteams'),
  MODERATION_DIGEST_HOUR: z.coerce.number().int().min(0).max(23).default(7),
  // E-mail to citizens who gave an address with consent (official answers, legal notices).
  SMTP_URL: optionalText.refine(
    (value) => value === undefined || /^smtps?:\/\/\S+$/.test(value),
    'must be an smtp:// or smtps:// URL',
  ),
  SMTP_FROM: optionalText.refine(
    (value) =>
      value === undefined || (value.length >= 3 && value.length <= 200 && value.includes('@')),
    'must be a sender address such as "ANM <respuestas@anm.gov.co>"',
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

export type Environment = z.infer<typeof environmentSchema>;

/** Every variable the bot reads; `.env.example` documents each one (a test checks it). */
export const configVariableNames = Object.keys(environmentSchema.shape);
