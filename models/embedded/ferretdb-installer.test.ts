import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { AppError } from '../../kernel/errors';
import { ensureFerretdbInstalled } from './ferretdb-installer';

describe('ensureFerretdbInstalled', () => {
  it('when Go is not installed, then it says to install Go or set MONGODB_URI', async () => {
    const toolsDir = await mkdtemp(path.join(os.tmpdir(), 'anm-tools-'));
    try {
      const error = await ensureFerretdbInstalled(toolsDir, {
        goCommand: path.join(toolsDir, 'go'),
      }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('ANM-DB-002');
      expect((error as AppError).message).toMatch(/install Go .* or set MONGODB_URI/);
    } finally {
      await rm(toolsDir, { recursive: true, force: true });
    }
  });
});
