import type { AppConfig } from '../../bot/config';

/** What the Teams app package takes from the configuration. */
export interface TeamsPackageSettings {
  /** The Teams app's own id (TEAMS_APP_ID). */
  teamsAppId: string;
  /** The bot's Microsoft Entra application id (MicrosoftAppId): bot id and RSC identity. */
  botAppId: string;
  /** https, no trailing slash (PUBLIC_BASE_URL). */
  publicBaseUrl: string;
  /** The host (and port, if any) of PUBLIC_BASE_URL: the package's only valid domain. */
  publicHost: string;
  privacyPolicyUrl: string;
  /**
   * Teams SSO for the tabs (`webApplicationInfo`): the Entra app staff sign in to (AUTH_CLIENT_ID,
   * else the bot's app) and its Application ID URI, the API scope without its scope name.
   */
  staffSignIn: { clientId: string; resource: string };
}

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Each missing or unusable variable, as a line an operator can act on (Spanish: they run it). */
export type SettingsResult =
  { ok: true; settings: TeamsPackageSettings } | { ok: false; problems: string[] };

export function teamsPackageSettings(config: AppConfig): SettingsResult {
  const problems: string[] = [];
  const botAppId = config.botAuth.MicrosoftAppId;
  if (!botAppId) {
    problems.push(
      'MicrosoftAppId: falta. Es el id de aplicación (GUID) del bot en Microsoft Entra ID, el mismo del recurso Azure Bot.',
    );
  } else if (!guidPattern.test(botAppId)) {
    problems.push(
      `MicrosoftAppId: "${botAppId}" no es un GUID. Use el id de aplicación del bot en Microsoft Entra ID.`,
    );
  }
  if (!config.teamsAppId) {
    problems.push(
      'TEAMS_APP_ID: falta. Es el id propio de la aplicación de Teams: un GUID que se genera una vez y se conserva (por ejemplo, con el comando uuidgen).',
    );
  }
  if (!config.publicBaseUrl) {
    problems.push(
      'PUBLIC_BASE_URL: falta. Es la dirección https pública donde Teams llega al bot, por ejemplo https://bot.example.gov.co.',
    );
  }
  const signIn = config.staffSignIn;
  // Without AUTH_CLIENT_ID it is the bot's app id, whose problem is named above.
  if (signIn && signIn.clientId !== botAppId && !guidPattern.test(signIn.clientId)) {
    problems.push(
      `AUTH_CLIENT_ID: "${signIn.clientId}" no es un GUID. Use el id de aplicación (cliente) en Microsoft Entra ID de la aplicación con la que inicia sesión el equipo de la ANM.`,
    );
  }
  // The second half only narrows the types: each missing value has its line in `problems`.
  if (problems.length > 0 || !botAppId || !config.teamsAppId || !config.publicBaseUrl || !signIn) {
    return { ok: false, problems };
  }
  return {
    ok: true,
    settings: {
      teamsAppId: config.teamsAppId,
      botAppId,
      publicBaseUrl: config.publicBaseUrl,
      publicHost: new URL(config.publicBaseUrl).host,
      privacyPolicyUrl: config.privacyPolicyUrl,
      staffSignIn: {
        clientId: signIn.clientId,
        resource: signIn.apiScope.slice(0, signIn.apiScope.lastIndexOf('/')),
      },
    },
  };
}
