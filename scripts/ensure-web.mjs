#!/usr/bin/env node
// Run by `npm start` before the server (and by the browser tests' harness): builds web/dist —
// console, resident pages, field app, compressed copies (scripts/build-web.mjs) — when a build is
// missing or older than its sources, so a fresh clone serves the web pages without a separate step.
// Usage: node scripts/ensure-web.mjs [--check] [--quiet]
//   --check: only report, exit 1 when stale;  --quiet: print only warnings and errors.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.join(root, 'web');
const quiet = process.argv.includes('--quiet');
const fieldApp = existsSync(path.join(web, 'm', 'vite.config.ts'));
/** What one build writes (the field app's only when it has a config), each checked against the sources. */
const outputs = ['index.html', 'resident.html', ...(fieldApp ? ['m/index.html'] : [])].map((f) => path.join(web, 'dist', f));
const sources = [
  ...['src', 'public', 'index.html', 'resident.html', 'vite.config.ts', 'm', 'shared'].map((f) => path.join(web, f)),
  path.join(root, 'core', 'src'),
  path.join(root, 'scripts', 'build-web.mjs'),
  path.join(root, 'scripts', 'compress-dist.mjs'),
];

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
  const missing = outputs.find((f) => !existsSync(f));
  if (missing) return `${path.relative(root, missing)} is missing`;
  const built = Math.min(...outputs.map((f) => statSync(f).mtimeMs));
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

if (!quiet) console.log(`[ensure-web] ${reason}: building the web pages (scripts/build-web.mjs)…`);
const started = Date.now();
const result = spawnSync(process.execPath, [path.join(root, 'scripts', 'build-web.mjs'), ...(quiet ? ['--quiet'] : [])], {
  cwd: root,
  stdio: 'inherit',
});
if (result.status !== 0) {
  console.error(`[ensure-web] web build failed (${result.error?.message ?? `exit ${result.status ?? result.signal}`}).`);
  process.exit(result.status || 1);
}
if (!quiet) console.log(`[ensure-web] web pages built in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
