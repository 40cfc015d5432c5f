// Development only: regenerates the newest, not-yet-released migration from the current schema files
// (drops its SQL, snapshot and journal entry, then runs drizzle-kit generate with the same name).
// Never use it on a migration that has shipped: released migrations are forward-only.
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const dir = path.resolve(import.meta.dirname, '../apps/server/src/db/migrations');
const journalFile = path.join(dir, 'meta/_journal.json');
const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8'));
const last = journal.entries.at(-1);
if (!last || last.idx === 0) throw new Error('refusing to regenerate the first migration');
const name = last.tag.replace(/^\d+_/, '');
fs.rmSync(path.join(dir, `${last.tag}.sql`), { force: true });
fs.rmSync(path.join(dir, 'meta', `${String(last.idx).padStart(4, '0')}_snapshot.json`), { force: true });
journal.entries.pop();
fs.writeFileSync(journalFile, JSON.stringify(journal, null, 2));
execSync(`npx drizzle-kit generate --config apps/server/drizzle.config.ts --name ${name}`, {
  cwd: path.resolve(import.meta.dirname, '..'),
  stdio: 'inherit',
});
