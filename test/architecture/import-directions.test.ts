import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { projectRoot } from '../../kernel/project-root';

/**
 * The import directions (`.dependency-cruiser.cjs`) are checked by `npm run lint`. These tests
 * prove the check can fail: the same rules, run on a small tree with one forbidden import planted
 * in it, must report that import.
 */
function checkPlanted(files: Record<string, string>): { status: number | null; output: string } {
  const tree = mkdtempSync(path.join(os.tmpdir(), 'anm-imports-'));
  try {
    copyFileSync(
      path.join(projectRoot(), '.dependency-cruiser.cjs'),
      path.join(tree, '.dependency-cruiser.cjs'),
    );
    writeFileSync(
      path.join(tree, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { module: 'nodenext', strict: true } }),
    );
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(tree, name)), { recursive: true });
      writeFileSync(path.join(tree, name), text);
    }
    const cli = path.join(projectRoot(), 'node_modules', '.bin', 'depcruise');
    const run = spawnSync(
      cli,
      ['--config', '.dependency-cruiser.cjs', ...new Set(Object.keys(files).map(topFolder))].filter(
        (argument) => argument !== 'node_modules',
      ),
      { cwd: tree, encoding: 'utf8' },
    );
    return { status: run.status, output: `${run.stdout}${run.stderr}` };
  } finally {
    rmSync(tree, { recursive: true, force: true });
  }
}

function topFolder(file: string): string {
  return file.split('/')[0] ?? file;
}

describe('the import directions', () => {
  it('when a model imports the edge, then the check fails and names the rule', () => {
    const result = checkPlanted({
      'bot/config.ts': 'export const port = 3978;\n',
      'models/database.ts': "import { port } from '../bot/config';\nexport const used = port;\n",
    });
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('nothing-imports-the-edge');
    expect(result.output).toContain('models/database.ts');
  });

  it('when a new capability (moderation) imports the edge, then the check fails', () => {
    const result = checkPlanted({
      'bot/http/staff-auth.ts': 'export const realm = "anm";\n',
      'moderation/queue.ts':
        "import { realm } from '../bot/http/staff-auth';\nexport const used = realm;\n",
    });
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('nothing-imports-the-edge');
    expect(result.output).toContain('moderation/queue.ts');
  });

  it('when a card imports a model, then the check fails', () => {
    const result = checkPlanted({
      'models/question.ts': 'export interface QuestionDocument { text: string }\n',
      'cards/question-replies.ts':
        "import type { QuestionDocument } from '../models/question';\nexport const reply = (q: QuestionDocument) => q.text;\n",
    });
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('cards-render-plain-data');
  });

  it('when a dialog imports the edge, then the check fails', () => {
    const result = checkPlanted({
      'bot/submitted-text.ts': 'export const submitted = (text: string) => text.trim();\n',
      'dialogs/registration-dialog.ts':
        "import { submitted } from '../bot/submitted-text';\nexport const name = submitted(' Ana ');\n",
    });
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('nothing-imports-the-edge');
    expect(result.output).toContain('dialogs/registration-dialog.ts');
  });

  it.each([
    ['live', 'live/question-detector.ts'],
    ['dialogs', 'dialogs/consent-text.ts'],
    ['cards', 'cards/reply.ts'],
  ])('when a model imports %s, then the check fails: models stay below', (_room, imported) => {
    const result = checkPlanted({
      [imported]: 'export const above = 1;\n',
      'models/question.ts': `import { above } from '../${imported.replace(/\.ts$/, '')}';\nexport const used = above;\n`,
    });
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('models-stay-below');
    expect(result.output).toContain('models/question.ts');
  });

  it.each([
    ['kernel/logger.ts', 'models/question.ts'],
    ['kernel/errors.ts', 'moderation/queue-query.ts'],
    ['legal-terms/legal-terms.ts', 'models/space.ts'],
    ['legal-terms/business-days.ts', 'cards/reply.ts'],
  ])('when %s imports a product folder (%s), then the check fails', (importer, imported) => {
    const result = checkPlanted({
      [imported]: 'export const product = 1;\n',
      [importer]: `import { product } from '../${imported.replace(/\.ts$/, '')}';\nexport const used = product;\n`,
    });
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('kernel-and-legal-terms-use-no-product-folder');
    expect(result.output).toContain(importer);
  });

  it('when the knowledge engine imports a model, then the check fails: it reads no database', () => {
    const result = checkPlanted({
      'models/hearing.ts': 'export const findHearing = (code: string) => code;\n',
      'knowledge/retrieval/decision.ts':
        "import { findHearing } from '../../models/hearing';\nexport const decide = findHearing;\n",
    });
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('knowledge-engine-is-pure');
    expect(result.output).toContain('knowledge/retrieval/decision.ts');
  });

  it('when the answers capability imports a model (hearing lookup), then the check passes: only knowledge/ is pure', () => {
    const result = checkPlanted({
      'models/hearing.ts': 'export const findHearing = (code: string) => code;\n',
      'answers/hearing-lookup.ts':
        "import { findHearing } from '../models/hearing';\nexport const lookUp = findHearing;\n",
    });
    expect(result.output).not.toContain('error');
    expect(result.status).toBe(0);
  });

  it('when two modules import each other, then the check fails on the cycle', () => {
    const result = checkPlanted({
      'live/a.ts': "import { b } from './b';\nexport const a = () => b();\n",
      'live/b.ts': "import { a } from './a';\nexport const b = (): unknown => a;\n",
    });
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('no-circular');
  });

  /** A stand-in for the database library, installed in the planted tree's node_modules. */
  const mongoosePackage = {
    'node_modules/mongoose/package.json': '{ "name": "mongoose", "main": "index.js" }\n',
    'node_modules/mongoose/index.js': 'exports.Types = { ObjectId: class ObjectId {} };\n',
    'node_modules/mongoose/index.d.ts':
      'export declare const Types: { ObjectId: new () => object };\nexport type ObjectIdType = object;\n',
  };

  it('when a capability uses mongoose at runtime, then the check fails: queries live in models/', () => {
    const result = checkPlanted({
      ...mongoosePackage,
      'live/live-comments.ts':
        "import { Types } from 'mongoose';\nexport const newId = () => new Types.ObjectId();\n",
    });
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('only-models-query-the-database');
    expect(result.output).toContain('live/live-comments.ts');
  });

  it('when a capability only borrows a mongoose type and a model uses it at runtime, then the check passes', () => {
    const result = checkPlanted({
      ...mongoosePackage,
      'live/live-comments.ts':
        "import type { ObjectIdType } from 'mongoose';\nexport type SpaceId = ObjectIdType;\n",
      'models/space.ts':
        "import { Types } from 'mongoose';\nexport const newId = () => new Types.ObjectId();\n",
    });
    expect(result.output).not.toContain('error');
    expect(result.status).toBe(0);
  });

  it('when the kernel only uses itself and a model uses the kernel, then the check passes', () => {
    const result = checkPlanted({
      'kernel/errors.ts': 'export class AppError extends Error {}\n',
      'models/question.ts':
        "import { AppError } from '../kernel/errors';\nexport const fail = () => new AppError();\n",
    });
    expect(result.output).not.toContain('error');
    expect(result.status).toBe(0);
  });
});
