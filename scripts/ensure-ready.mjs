// Prepares a fresh or stale clone for `npm start` / `npm test`, using only Node built-ins (it
// runs on whatever Node the machine has, before the project's pinned Node is installed):
//   1. `npm ci` when node_modules is missing or older than package-lock.json;
//   2. compiles the TypeScript (incremental: quick when nothing changed);
//   3. builds the embedded database server (FerretDB) when it is missing;
//   4. (test only) installs Chromium for the live panel's page tests when it is missing.
// Usage: node scripts/ensure-ready.mjs start|test|build  (build: steps 1 and 2 only)
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const mode = ['start', 'build'].includes(process.argv[2] ?? '') ? process.argv[2] : 'test';
const stampFile = path.join(root, 'node_modules', '.anm-lock-hash');
const pinnedNode = path.join(root, 'node_modules', '.bin', 'node');

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    console.error(`ensure-ready: "${[command, ...args].join(' ')}" failed (exit ${result.status})`);
    process.exit(result.status ?? 1);
  }
}

const lockHash = createHash('sha256')
  .update(readFileSync(path.join(root, 'package-lock.json')))
  .digest('hex');
const installedHash = existsSync(stampFile) ? readFileSync(stampFile, 'utf8').trim() : '';
if (installedHash !== lockHash || !existsSync(pinnedNode)) {
  console.log('ensure-ready: installing dependencies (npm ci)');
  run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['ci', '--no-audit', '--no-fund']);
  writeFileSync(stampFile, `${lockHash}\n`);
}

run(pinnedNode, [
  path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
  '-p',
  'tsconfig.build.json',
]);

if (mode !== 'build') {
  const installArgs = [path.join(root, 'dist', 'scripts', 'install-ferretdb.js')];
  if (mode === 'start') installArgs.push('--if-embedded');
  run(pinnedNode, installArgs);
}

if (mode === 'test') ensureChromium();

// The live panel's page tests drive Debian's Chromium with playwright-core (no browser download).
// Installed only where that is safe to do unasked: as root on a Debian-like system with apt-get.
function ensureChromium() {
  const chromium = '/usr/bin/chromium';
  if (existsSync(chromium)) return;
  const howTo = 'apt-get update && apt-get install -y chromium (Debian, as root)';
  const canInstall =
    process.platform === 'linux' &&
    process.getuid?.() === 0 &&
    existsSync('/etc/debian_version') &&
    existsSync('/usr/bin/apt-get');
  if (!canInstall) {
    console.warn(
      `ensure-ready: ${chromium} is missing: the live panel page tests will be skipped. Install it with: ${howTo}`,
    );
    return;
  }
  console.log('ensure-ready: installing Chromium for the live panel page tests (apt-get)');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', 'chromium']]) {
    const result = spawnSync('apt-get', args, { cwd: root, stdio: 'inherit', env });
    if (result.error || result.status !== 0) {
      console.warn(
        `ensure-ready: "apt-get ${args.join(' ')}" failed: the live panel page tests will be skipped. Install Chromium with: ${howTo}`,
      );
      return;
    }
  }
}
