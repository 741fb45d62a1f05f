#!/usr/bin/env node
// What the browser tests need from the system: Debian's Chromium and a font with Chinese glyphs
// (fonts-wqy-microhei). Run before the browser tier of `npm test` (the e2e project's global setup)
// and usable by hand: it installs the two packages when they are missing and it may (as root, or
// with sudo that asks no password, on a machine with apt-get), else it stops with the one command
// that will. Browsers are never downloaded from anywhere else.
// Usage: node scripts/ensure-browser.mjs [--check]   (--check: only report, exit 1 when missing)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const PACKAGES = ['chromium', 'fonts-wqy-microhei'];
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const INSTALL = `sudo apt-get install -y ${PACKAGES.join(' ')}`;

const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { encoding: 'utf8', ...opts });
const hasCommand = (cmd) => run('sh', ['-c', `command -v ${cmd}`]).status === 0;

/** Debian packages of PACKAGES that are not installed (all of them when dpkg is absent). */
function missingPackages() {
  if (!hasCommand('dpkg-query')) return existsSync(CHROMIUM) ? [] : [...PACKAGES];
  return PACKAGES.filter((pkg) => !/install ok installed/.test(run('dpkg-query', ['-W', '-f=${Status}', pkg]).stdout ?? ''));
}

/** How to run apt-get here: directly as root, through sudo without a password, or not at all. */
function aptRunner() {
  if (!hasCommand('apt-get')) return null;
  if (process.getuid?.() === 0) return [];
  if (hasCommand('sudo') && run('sudo', ['-n', 'true']).status === 0) return ['sudo', '-n'];
  return null;
}

function apt(prefix, args) {
  const [cmd, ...rest] = [...prefix, 'apt-get', ...args];
  return run(cmd, rest, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, timeout: 900_000 }).status === 0;
}

/**
 * Makes sure Chromium and the Chinese font are there; returns a message naming what is missing and
 * the command that installs it when it could not install them itself (null when all is well).
 */
export function ensureBrowser({ install = true, log = (msg) => console.log(msg) } = {}) {
  const missing = missingPackages();
  // A Chromium of the operator's own choosing (CHROMIUM_PATH) needs no package.
  const needed = process.env.CHROMIUM_PATH && existsSync(CHROMIUM) ? missing.filter((p) => p !== 'chromium') : missing;
  if (needed.length === 0 && existsSync(CHROMIUM)) return null;
  const prefix = install ? aptRunner() : null;
  if (prefix) {
    log(`browser tests: installing ${needed.join(' ')} (apt-get)`);
    if (!apt(prefix, ['install', '-y', ...needed])) {
      // The package lists are stale or absent: refresh them once, then retry.
      apt(prefix, ['update']);
      apt(prefix, ['install', '-y', ...needed]);
    }
    if (missingPackages().length === 0 && existsSync(CHROMIUM)) return null;
  }
  return `browser tests need ${needed.join(' and ') || `Chromium at ${CHROMIUM}`}; install with: ${INSTALL}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const problem = ensureBrowser({ install: !process.argv.includes('--check') });
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
  console.log(`browser tests: ${CHROMIUM} and the Chinese font are installed`);
}
