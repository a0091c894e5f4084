import { readFileSync } from 'node:fs';
import path from 'node:path';

import { ConfigError, loadConfig } from '../bot/config';
import { createLogger, describeError } from '../kernel/logger';
import { openDatabase } from '../models/database';
import { upsertHearings } from '../models/hearing';
import { checkHearingFile } from '../models/hearing-import';
import { runMain } from './run-main';

/**
 * `npm run import:audiencias -- <archivo.csv>`: imports (upserts) the calendar of public hearings
 * with third-party participation. The whole file is checked first; with any bad row nothing is
 * imported. Messages are in Spanish: the agency's operators run it.
 */
async function main(): Promise<number> {
  const file = process.argv[2];
  if (!file) {
    console.error('Uso: npm run import:audiencias -- <archivo.csv>');
    return 2;
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    console.error(`No se pudo leer el archivo ${file}: ${(error as Error).message}`);
    return 1;
  }
  const { rows, errors } = checkHearingFile(text);
  if (errors.length > 0) {
    for (const error of errors) console.error(`Error en ${path.basename(file)}, ${error}`);
    console.error(
      `No se importó nada (${errors.length} error(es)). Corrija el archivo y vuelva a intentarlo.`,
    );
    return 1;
  }
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : String(error));
    return 1;
  }
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const database = await openDatabase(config.database, logger);
  let written = 0;
  try {
    const counts = await upsertHearings(
      database.models.hearings,
      rows,
      path.basename(file),
      () => written++,
    );
    console.log(
      `Calendario importado desde ${path.basename(file)}: ${counts.created} nuevas, ${counts.updated} actualizadas, ${counts.unchanged} sin cambios (${rows.length} audiencias).`,
    );
    return 0;
  } catch (error) {
    logger.error(describeError(error), 'hearing import failed');
    console.error(
      `La base de datos falló durante la importación: ${written} de ${rows.length} audiencias quedaron escritas. Volver a ejecutar la importación es seguro: no duplica.`,
    );
    return 1;
  } finally {
    await database.close();
  }
}

runMain(main);
