// Builds the web app when its bundle is missing or older than its sources, so `npm start` and
// `npm test` work on a fresh clone with nothing else to run.
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const web = path.join(root, 'apps/web');
const built = path.join(web, 'dist/index.html');

function newest(dir) {
  let latest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return latest;
}

const sources = [path.join(web, 'src'), path.join(root, 'packages/shared/src')];
const stale =
  !fs.existsSync(built) ||
  Math.max(...sources.map(newest), fs.statSync(path.join(web, 'index.html')).mtimeMs) >
    fs.statSync(built).mtimeMs;
if (stale) {
  process.stdout.write('Building the web app… / 正在构建前端…\n');
  execSync('npm run build -w apps/web', { cwd: root, stdio: 'inherit' });
}
