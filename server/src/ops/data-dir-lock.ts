// Who has the PGlite data folder open. PGlite is Postgres in one process, with no postmaster to
// refuse a second opener: two processes on DATA_DIR/pglite would corrupt it. The server, and the
// backup and restore commands when they open it themselves, hold DATA_DIR/pglite.lock (its pid
// and what it is); a lock whose process is gone is stale and taken over.
import fs from 'node:fs';
import path from 'node:path';
import { BackupError } from './manifest.js';

export type LockHolder = 'server' | 'backup' | 'restore' | 'demo:grids';

export interface LockInfo {
  pid: number;
  holder: LockHolder;
  startedAt: string;
  /** Linux: the process's start time (/proc/<pid>/stat), so a pid reused after a crash is not taken for the holder. */
  procStart?: string | null;
}

export const lockFile = (dataDir: string) => path.join(dataDir, 'pglite.lock');

/** The folder of the server's control socket (mode 0700: only the OS user that runs it). */
export const runDir = (dataDir: string) => path.join(dataDir, 'run');
export const controlSocket = (dataDir: string) => path.join(runDir(dataDir), 'control.sock');

/** Field 22 of /proc/<pid>/stat (start time in clock ticks after boot), or null where there is no /proc. */
function procStart(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function alive(info: LockInfo): boolean {
  // This very process holds no lock it does not know of: a lock with its pid is from an earlier
  // life (a container restarted after a crash gives the server the same pid again).
  if (info.pid === process.pid) return false;
  try {
    process.kill(info.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return !info.procStart || procStart(info.pid) === null || procStart(info.pid) === info.procStart;
}

/** The live holder of the data folder, or null (no lock, or a stale one). */
export function lockHolder(dataDir: string): LockInfo | null {
  let info: LockInfo;
  try {
    info = JSON.parse(fs.readFileSync(lockFile(dataDir), 'utf8')) as LockInfo;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    // Unreadable or half-written: treat as held by an unknown process rather than open the database twice.
    return { pid: 0, holder: 'server', startedAt: '' };
  }
  return Number.isInteger(info.pid) && info.pid > 0 && alive(info) ? info : null;
}

export class DataDirInUse extends BackupError {
  constructor(dataDir: string, readonly info: LockInfo) {
    super(
      `${dataDir} is in use by ${info.holder === 'server' ? 'a CivicGrid server' : `a ${info.holder} command`} (pid ${info.pid || 'unknown'}` +
        `${info.startedAt ? `, since ${info.startedAt}` : ''}). Only one process may open the PGlite database at a time` +
        `; if no such process runs, remove ${lockFile(dataDir)}.`,
    );
  }
}

export interface DataDirLock {
  release(): void;
}

/** Takes the data folder for this process, or throws DataDirInUse naming the holder. */
export function acquireLock(dataDir: string, holder: LockHolder): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = lockFile(dataDir);
  const info: LockInfo = { pid: process.pid, holder, startedAt: new Date().toISOString(), procStart: procStart(process.pid) };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(info) + '\n', { flag: 'wx', mode: 0o600 });
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          fs.rmSync(file, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const current = lockHolder(dataDir);
      if (current) throw new DataDirInUse(dataDir, current);
      fs.rmSync(file, { force: true }); // stale: its process is gone
    }
  }
  throw new DataDirInUse(dataDir, lockHolder(dataDir) ?? { pid: 0, holder: 'server', startedAt: '' });
}
