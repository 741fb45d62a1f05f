// Before the browser tier: Chromium and the Chinese font must be on the machine (the script installs
// them when it may and otherwise names the one command that will: scripts/ensure-browser.mjs), and
// the seeded template of the last run is gone.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { clearSeededTemplate } from './harness.js';

export default function setup(): void {
  const script = path.resolve(import.meta.dirname, '../scripts/ensure-browser.mjs');
  const out = spawnSync(process.execPath, [script], { encoding: 'utf8', stdio: ['ignore', 'inherit', 'pipe'] });
  if (out.status !== 0) throw new Error((out.stderr || 'scripts/ensure-browser.mjs failed').trim());
  // Every run seeds the demo street afresh, once, for all its servers (harness.ts: seededTemplate).
  clearSeededTemplate();
}
