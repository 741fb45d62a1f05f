// One process per PGlite data folder: a live holder is refused with its pid, a stale lock (its
// process gone, or the pid since taken by another process) is taken over.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireLock, DataDirInUse, lockFile, lockHolder } from './data-dir-lock.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-lock-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const writeLock = (info: object) => fs.writeFileSync(lockFile(dir), JSON.stringify(info));

describe('data folder lock', () => {
  it('is taken and released, and refuses while another live process holds it', () => {
    const lock = acquireLock(dir, 'backup');
    expect(JSON.parse(fs.readFileSync(lockFile(dir), 'utf8'))).toMatchObject({ pid: process.pid, holder: 'backup' });
    lock.release();
    expect(fs.existsSync(lockFile(dir))).toBe(false);

    // The parent of this process is alive: its lock holds.
    writeLock({ pid: process.ppid, holder: 'server', startedAt: '2026-12-03T00:00:00.000Z' });
    expect(lockHolder(dir)).toMatchObject({ pid: process.ppid, holder: 'server' });
    expect(() => acquireLock(dir, 'restore')).toThrow(DataDirInUse);
    expect(() => acquireLock(dir, 'restore')).toThrow(new RegExp(`in use by a CivicGrid server \\(pid ${process.ppid}`));
  });

  it('takes over a stale lock: a process that has exited, or a pid now used by another process', () => {
    const gone = spawnSync(process.execPath, ['-e', '0']).pid!;
    writeLock({ pid: gone, holder: 'server', startedAt: '' });
    expect(lockHolder(dir)).toBeNull();
    acquireLock(dir, 'backup').release();

    writeLock({ pid: process.ppid, holder: 'server', startedAt: '', procStart: '1' });
    expect(lockHolder(dir)).toBeNull();
    acquireLock(dir, 'backup').release();
  });
});
