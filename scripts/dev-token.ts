import { parseArgs } from 'node:util';

import { ConfigError, loadConfig } from '../bot/config';
import { devKeyFile, issueDevToken, loadDevSigningKey } from '../bot/http/staff-dev-tokens';
import { simplifyText } from '../kernel/text-folding';
import { staffRoles, type StaffRole } from '../kernel/staff-identity';
import { runMain } from './run-main';

/**
 * `npm run -s auth:dev-token -- --roles staff,moderator --name "Ana Prueba"`: prints a staff token
 * signed with the development key of DATA_DIR (generated on first use), for local use without a
 * tenant. Only the token goes to stdout (so that `TOKEN=$(npm run -s auth:dev-token)` works); what
 * a developer should know goes to stderr, in Spanish like the project's other commands.
 */

const usage = `Uso: npm run -s auth:dev-token -- [--roles staff,moderator,admin] [--name "Ana Prueba"] [--subject id] [--minutes 480]`;
const maxMinutes = 24 * 60;

interface Options {
  roles: StaffRole[];
  name: string;
  subject: string;
  minutes: number;
}

function isStaffRole(value: string): value is StaffRole {
  return (staffRoles as readonly string[]).includes(value);
}

/** A stable subject for a name, so that the same person gets the same id every time. */
function subjectOf(name: string): string {
  return `dev-${simplifyText(name).replaceAll(' ', '-') || 'persona'}`;
}

function optionsOf(argv: string[]): Options | string {
  const { values } = parseArgs({
    args: argv,
    options: {
      roles: { type: 'string', default: 'staff' },
      name: { type: 'string', default: 'Persona de prueba' },
      subject: { type: 'string' },
      minutes: { type: 'string', default: '480' },
    },
    strict: true,
  });
  const roles = values.roles
    .split(',')
    .map((role) => role.trim())
    .filter(Boolean);
  const unknown = roles.filter((role) => !isStaffRole(role));
  if (roles.length === 0 || unknown.length > 0) {
    return `--roles: use uno o más de ${staffRoles.join(', ')}, separados por comas (no: ${unknown.join(', ') || 'vacío'}).`;
  }
  const minutes = Number(values.minutes);
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > maxMinutes) {
    return `--minutes: un número entero de 1 a ${maxMinutes}.`;
  }
  const name = values.name.trim();
  return {
    roles: roles.filter(isStaffRole),
    name,
    subject: values.subject?.trim() || subjectOf(name),
    minutes,
  };
}

async function main(): Promise<number> {
  let options: Options | string;
  try {
    options = optionsOf(process.argv.slice(2));
  } catch (error) {
    options = error instanceof Error ? error.message : String(error);
  }
  if (typeof options === 'string') {
    console.error(`${options}\n${usage}`);
    return 2;
  }
  let config;
  try {
    config = loadConfig(process.cwd());
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`No se generó el token: la configuración tiene errores.\n${error.message}`);
    return 1;
  }
  const key = loadDevSigningKey(config.dataDir);
  const token = await issueDevToken(key, options);
  console.log(token);
  console.error(
    `Token de desarrollo para ${options.name} (${options.subject}; roles: ${options.roles.join(', ')}), válido ${options.minutes} minutos, firmado con ${devKeyFile(config.dataDir)}.`,
  );
  if (config.staffAuth?.mode !== 'dev') {
    console.error(
      'Atención: el bot no lo aceptará mientras AUTH_DEV_MODE no sea true (y solo escuchando en 127.0.0.1).',
    );
  }
  return 0;
}

runMain(main);
