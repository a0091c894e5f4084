import { parseConfig, type AppConfig } from '../../bot/config';

/** A complete configuration for the Teams app package, with made-up ids and example addresses. */
export const sampleTeamsSettings = {
  botAppId: '0b6f1e2a-3c4d-4e5f-8a9b-1c2d3e4f5a6b',
  teamsAppId: '7d1c9a52-8e34-4f6b-9a0e-2b3c4d5e6f70',
  publicBaseUrl: 'https://bot.example.gov.co',
  privacyPolicyUrl: 'https://privacidad.example.gov.co/politica',
} as const;

export function sampleTeamsConfig(overrides: Record<string, string | undefined> = {}): AppConfig {
  return parseConfig({
    MicrosoftAppId: sampleTeamsSettings.botAppId,
    MicrosoftAppPassword: 'test-only-password',
    TEAMS_APP_ID: sampleTeamsSettings.teamsAppId,
    PUBLIC_BASE_URL: sampleTeamsSettings.publicBaseUrl,
    PRIVACY_POLICY_URL: sampleTeamsSettings.privacyPolicyUrl,
    ...overrides,
  });
}
