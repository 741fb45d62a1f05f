#!/usr/bin/env node
// `npm run db:check`: fails when the Drizzle schema (server/src/db/schema.ts) and the committed
// migrations (server/drizzle/) disagree. It runs `drizzle-kit generate`; if that writes or changes
// anything under server/drizzle, somebody changed the schema without generating a migration.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const migrationsDir = 'server/drizzle';
const GENERATE_TIMEOUT_MS = 180_000;

function gitStatus() {
  const result = spawnSync('git', ['status', '--porcelain', '--untracked-files=all', '--', migrationsDir], {
    cwd: root,
    encoding: 'utf8',
  });
  if (result.status !== 0) fail(`git status failed: ${result.stderr || result.error?.message}`);
  return result.stdout.trim();
}

/** path → sha1 of every file under server/drizzle, to catch changes to files already dirty before. */
function snapshot(dir = path.join(root, migrationsDir), into = new Map()) {
  if (!existsSync(dir)) return into;
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) snapshot(full, into);
    else into.set(path.relative(root, full), createHash('sha1').update(readFileSync(full)).digest('hex'));
  }
  return into;
}

function fail(message) {
  console.error(`\n[db:check] FAILED: ${message}`);
  process.exit(1);
}

const statusBefore = gitStatus();
const filesBefore = snapshot();
if (statusBefore) {
  console.warn(`[db:check] note: ${migrationsDir} already has uncommitted changes:\n${statusBefore}`);
}

console.log('[db:check] drizzle-kit generate --config server/drizzle.config.ts');
const generate = spawnSync('npx', ['drizzle-kit', 'generate', '--config', 'server/drizzle.config.ts'], {
  cwd: root,
  // no stdin: drizzle-kit must not wait for an answer to an interactive rename prompt
  stdio: ['ignore', 'pipe', 'pipe'],
  encoding: 'utf8',
  timeout: GENERATE_TIMEOUT_MS,
  shell: process.platform === 'win32',
});
process.stdout.write(generate.stdout ?? '');
process.stderr.write(generate.stderr ?? '');
const output = `${generate.stdout ?? ''}\n${generate.stderr ?? ''}`;
if (generate.error || generate.status !== 0 || /\bError\b/.test(output)) {
  // drizzle-kit 0.31 exits 0 even when it throws (e.g. on a rename prompt without a TTY)
  const why = generate.error?.message ?? (generate.status !== 0 ? `exit ${generate.status ?? generate.signal}` : 'it reported an error');
  fail(
    `drizzle-kit generate did not finish (${why}). If it asked whether a column or table was renamed, ` +
      'the schema changed without a migration: run `npm run db:generate` in a terminal and answer the prompt.',
  );
}

const statusAfter = gitStatus();
const filesAfter = snapshot();
const changed = [...new Set([...filesBefore.keys(), ...filesAfter.keys()])]
  .filter((file) => filesBefore.get(file) !== filesAfter.get(file))
  .sort();

if (statusAfter !== statusBefore || changed.length > 0 || !/No schema changes/.test(output)) {
  fail(
    'the Drizzle schema and the committed migrations disagree.\n' +
      `drizzle-kit generate changed ${migrationsDir}:\n` +
      (changed.length ? changed.map((f) => `  ${f}`).join('\n') : statusAfter || '  (no file changed, but drizzle-kit did not report "No schema changes")') +
      '\nRun `npm run db:generate`, review the new migration and commit it with the schema change.',
  );
}
console.log(`[db:check] OK: schema and ${migrationsDir} agree.`);
