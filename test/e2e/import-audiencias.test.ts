import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import mongoose, { type Connection } from 'mongoose';

import { projectRoot } from '../../kernel/project-root';
import { sampleHearingCalendar } from '../support/sample-data';
import { testMongoUri, uniqueDatabaseName } from '../support/test-database';

function runImport(
  file: string,
  dbName: string,
  cwd: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const script = path.join(projectRoot(), 'dist', 'scripts', 'import-audiencias.js');
  if (!existsSync(script))
    throw new Error(`${script} is missing: run "npm run build" (npm test does it)`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, file], {
      cwd,
      env: {
        PATH: process.env.PATH ?? '',
        MONGODB_URI: testMongoUri(),
        MONGODB_DB_NAME: dbName,
        DATA_DIR: cwd,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run import:audiencias', () => {
  let workDir: string;
  let connection: Connection;
  const dbName = uniqueDatabaseName('import');

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(os.tmpdir(), 'anm-import-'));
    connection = await mongoose.createConnection(testMongoUri(), { dbName }).asPromise();
  });
  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
    await rm(workDir, { recursive: true, force: true });
  });
  const stored = () => connection.collection('hearings').countDocuments();

  it('when the file has a bad row, then it prints each error, exits 1 and imports nothing', async () => {
    const bad = path.join(workDir, 'malo.csv');
    await writeFile(
      bad,
      'numero,departamento,municipio,estado,fecha,pdet,nota\n1,Huila,Pitalito,Realizada,2021-04-16,No,\n2,Huila,Rivera,Realizada,16/04/2021,No,\n',
    );
    const { code, stderr } = await runImport(bad, dbName, workDir);
    expect(code).toBe(1);
    expect(stderr).toContain('fila 3 (número 2): la fecha "16/04/2021" no es una fecha válida');
    expect(stderr).toContain('No se importó nada');
    expect(await stored()).toBe(0);
  });

  it('when the calendar is valid, then it is imported, and importing it again changes nothing', async () => {
    const first = await runImport(sampleHearingCalendar(), dbName, workDir);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('68 nuevas, 0 actualizadas, 0 sin cambios');
    const second = await runImport(sampleHearingCalendar(), dbName, workDir);
    expect(second.stdout).toContain('0 nuevas, 0 actualizadas, 68 sin cambios');
    expect(await stored()).toBe(68);
  });

  it('when no file is given, then it says how to use it', async () => {
    const { code, stderr } = await runImport('', dbName, workDir);
    expect(code).toBe(2);
    expect(stderr).toContain('Uso: npm run import:audiencias -- <archivo.csv>');
  });
});
