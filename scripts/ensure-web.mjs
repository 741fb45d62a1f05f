#!/usr/bin/env node
// Run by `npm start` before the server: builds the SPA into web/dist when the build is missing or
// older than its sources, so a fresh clone serves the console without a separate build step.
// Usage: node scripts/ensure-web.mjs [--check]   (--check: only report, exit 1 when stale)
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.join(root, 'web');
const builtIndex = path.join(web, 'dist', 'index.html');
const sources = [path.join(web, 'src'), path.join(web, 'public'), path.join(web, 'index.html'), path.join(web, 'vite.config.ts')];

/** Newest modification time (ms) of a file or of any file below a directory; 0 when missing. */
function newestMtime(target) {
  let stat;
  try {
    stat = statSync(target);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(target, { withFileTypes: true })) {
    newest = Math.max(newest, newestMtime(path.join(target, entry.name)));
  }
  return newest;
}

function staleReason() {
  if (!existsSync(builtIndex)) return 'web/dist/index.html is missing';
  const built = statSync(builtIndex).mtimeMs;
  const newest = Math.max(...sources.map(newestMtime));
  return newest > built ? 'web sources changed since the last build' : null;
}

if (!existsSync(path.join(web, 'vite.config.ts'))) {
  console.log('[ensure-web] web/vite.config.ts not found: no web console to build, starting the API only.');
  process.exit(0);
}

const reason = staleReason();
if (!reason) process.exit(0);
if (process.argv.includes('--check')) {
  console.log(`[ensure-web] stale: ${reason}`);
  process.exit(1);
}

console.log(`[ensure-web] ${reason}: building the web console (vite build)…`);
const started = Date.now();
const result = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts'], {
  cwd: root,
  stdio: 'inherit',
  shell: process.platform === 'win32',
});
if (result.status !== 0) {
  console.error(`[ensure-web] vite build failed (${result.error?.message ?? `exit ${result.status ?? result.signal}`}).`);
  process.exit(result.status || 1);
}
console.log(`[ensure-web] web console built in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
