// `kameng` runs the server from a bundle that bin/server-bundle.mjs rebuilds whenever the sources'
// content changes. Shown on a small source tree of the same layout in a temporary folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureServerBundle } from '../../../bin/server-bundle.mjs';

let root: string;
const file = (rel: string) => path.join(root, rel);
const write = (rel: string, text: string) => {
  fs.mkdirSync(path.dirname(file(rel)), { recursive: true });
  fs.writeFileSync(file(rel), text);
};
let imports = 0;
/** Loads the bundle afresh (a new URL each time) and returns what its entry exports. */
async function run(bundle: string): Promise<string> {
  const mod = (await import(`${pathToFileURL(bundle).href}?n=${imports++}`)) as { greeting: string };
  return mod.greeting;
}

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'kameng-bundle-'));
  write('packages/shared/src/index.ts', `export const shared: string = 'shared';\n`);
  write('apps/server/src/words.ts', `export const word: string = 'one';\n`);
  write(
    'apps/server/src/cli.ts',
    `import { shared } from '@kameng/shared';\nimport { word } from './words';\nexport const greeting: string = \`\${shared} \${word}\`;\n`,
  );
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('the server bundle', () => {
  it('is built on first use, with the workspace package compiled in', async () => {
    const bundle = await ensureServerBundle(root);
    expect(bundle).toBe(file('apps/server/dist/kameng.mjs'));
    expect(await run(bundle)).toBe('shared one');
  });

  it('is not rebuilt while the sources are unchanged', async () => {
    const bundle = await ensureServerBundle(root);
    const before = fs.statSync(bundle).mtimeMs;
    await new Promise((r) => setTimeout(r, 20));
    await ensureServerBundle(root);
    expect(fs.statSync(bundle).mtimeMs).toBe(before);
  });

  it('is rebuilt when a source changes, even one whose file time was set back', async () => {
    const words = file('apps/server/src/words.ts');
    const old = fs.statSync(words);
    fs.writeFileSync(words, `export const word: string = 'two';\n`);
    fs.utimesSync(words, old.atime, old.mtime); // as a copy that keeps file times would leave it
    expect(await run(await ensureServerBundle(root))).toBe('shared two');
  });

  it('several processes starting at once never load a half-written bundle', async () => {
    write('packages/shared/src/index.ts', `export const shared: string = 'common';\n`);
    const bundles = await Promise.all(Array.from({ length: 6 }, () => ensureServerBundle(root)));
    for (const b of bundles) expect(await run(b)).toBe('common two');
    expect(fs.readdirSync(file('apps/server/dist'))).toEqual(['kameng.mjs']);
  });
});
