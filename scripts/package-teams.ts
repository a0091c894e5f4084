import { ConfigError, loadConfig } from '../bot/config';
import { buildTeamsPackage, TeamsPackageError } from './teams-package/teams-package';

/**
 * `npm run package:teams [-- <archivo.zip>]`: builds the Teams app package from the configuration
 * (MicrosoftAppId, TEAMS_APP_ID, PUBLIC_BASE_URL, PRIVACY_POLICY_URL) and prints where it is.
 * Default output: dist/teams/anm-rendicion-cuentas.zip. Messages are in Spanish: the agency's
 * operators run it.
 */
function main(): number {
  let config;
  try {
    config = loadConfig(process.cwd(), 'package');
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(
      `No se generó el paquete de Teams: la configuración tiene errores.\n${error.message}`,
    );
    return 1;
  }
  try {
    const { file, appVersion } = buildTeamsPackage(config, { outputFile: process.argv[2] });
    console.log(`Paquete de Teams (versión ${appVersion}) escrito en:\n${file}`);
    return 0;
  } catch (error) {
    if (!(error instanceof TeamsPackageError)) throw error;
    console.error(error.message);
    return 1;
  }
}

try {
  process.exitCode = main();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
