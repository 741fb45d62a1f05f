#!/usr/bin/env node
// `npm run build:web` (also run by scripts/ensure-web.mjs and the browser tests' harness): the
// console (web/vite.config.ts; empties web/dist), the resident pages (the same config,
// --mode resident: resident.html, sharing no chunk with the console), the field app
// (web/m/vite.config.ts → web/dist/m, base /m/; skipped while it does not exist), then the .gz and
// .br copies of every text asset (scripts/compress-dist.mjs). The console goes first because its
// build empties web/dist; the others add to it (the field app's build empties only web/dist/m).
// Usage: node scripts/build-web.mjs [--quiet]   (--quiet: vite prints warnings only)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compressDist } from './compress-dist.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BUILDS = [
  { config: 'web/vite.config.ts', args: [] },
  { config: 'web/vite.config.ts', args: ['--mode', 'resident'] },
  { config: 'web/m/vite.config.ts', args: [] },
];
const quiet = process.argv.includes('--quiet');

for (const { config, args } of BUILDS) {
  if (!existsSync(path.join(root, config))) {
    console.log(`[build-web] ${config} not found: skipped.`);
    continue;
  }
  const result = spawnSync('npx', ['vite', 'build', '--config', config, ...args, ...(quiet ? ['--logLevel', 'warn'] : [])], {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (result.status !== 0) {
    console.error(`[build-web] vite build --config ${[config, ...args].join(' ')} failed (${result.error?.message ?? `exit ${result.status ?? result.signal}`}).`);
    process.exit(result.status || 1);
  }
}
const t = compressDist(path.join(root, 'web', 'dist'));
if (!quiet) console.log(`[build-web] compressed ${t.files} files: ${Math.round(t.bytes / 1024)} KB → brotli ${Math.round(t.brotli / 1024)} KB`);
