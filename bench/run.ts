// `npm run bench`: runs every bench/*.bench.ts in its own process (one tfjs engine each) and
// prints their tables. Pass names to run a subset: `npm run bench -- core`.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort();
let failed = 0;
for (const f of files) {
  console.log(`\n=== ${f} ===`);
  const r = spawnSync(process.execPath, [join(here, '..', 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(here, f)], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
if (files.length === 0) console.log(`no benchmark matches ${wanted.join(', ')}`);
process.exit(failed > 0 ? 1 : 0);
