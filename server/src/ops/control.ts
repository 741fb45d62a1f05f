// The running server's local control channel: a Unix socket in DATA_DIR/run (a 0700 folder, so
// only the OS user that runs the server can reach it; no network port, no HTTP route). One
// request per connection, one JSON line each way. Today it has one request: `backup`, answered by
// a snapshot of the server's own PGlite database — the only process that may open it.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { BackupError } from './manifest.js';
import { controlSocket, runDir } from './data-dir-lock.js';
import { snapshotPglite, type Snapshot } from './snapshot.js';

/** What the server answers to `backup`: the snapshot (its dump in DATA_DIR/run) and its key's fingerprint. */
export interface ControlSnapshot extends Snapshot {
  keyCheck: string;
}

type Answer = { ok: true; snapshot: ControlSnapshot } | { ok: false; error: string };

export interface ControlChannel {
  close(): Promise<void>;
}

interface Log {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

// Unix socket paths are limited to 107 bytes (sun_path).
const MAX_SOCKET_PATH = 107;

/** Starts the channel; null (with a logged reason) when the socket cannot be made. */
export async function startControlChannel(opts: { dataDir: string; client: PGlite; keyCheck: string; log: Log }): Promise<ControlChannel | null> {
  const dir = runDir(opts.dataDir);
  const socket = controlSocket(opts.dataDir);
  if (Buffer.byteLength(socket) > MAX_SOCKET_PATH) {
    opts.log.error({ socket }, 'control socket path too long: `npm run backup` cannot reach this server (use a shorter DATA_DIR)');
    return null;
  }
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
  // Leftovers of an earlier run: its socket, dumps a backup command did not collect.
  for (const name of fs.readdirSync(dir)) fs.rmSync(path.join(dir, name), { force: true, recursive: true });

  let busy = false;
  const server = net.createServer((conn) => {
    let line = '';
    conn.setEncoding('utf8');
    conn.on('error', () => conn.destroy());
    // A client that connects and says nothing must not hold the server's shutdown.
    conn.setTimeout(5_000, () => conn.destroy());
    conn.on('data', (d: string) => {
      line += d;
      if (!line.includes('\n')) {
        if (line.length > 4096) conn.destroy();
        return;
      }
      conn.removeAllListeners('data');
      conn.setTimeout(0); // the snapshot may take minutes on a large database
      const answer = (a: Answer) => conn.end(JSON.stringify(a) + '\n');
      let request: { op?: unknown };
      try {
        request = JSON.parse(line.slice(0, line.indexOf('\n'))) as { op?: unknown };
      } catch {
        return answer({ ok: false, error: 'not a JSON request' });
      }
      if (request.op !== 'backup') return answer({ ok: false, error: `unknown request ${JSON.stringify(request.op)}` });
      if (busy) return answer({ ok: false, error: 'a backup of this server is already running' });
      busy = true;
      const started = Date.now();
      snapshotPglite(opts.client, dir)
        .then((snapshot) => {
          opts.log.info({ ms: Date.now() - started, bytes: snapshot.size }, 'backup: database snapshot written for `npm run backup`');
          answer({ ok: true, snapshot: { ...snapshot, keyCheck: opts.keyCheck } });
        })
        .catch((err: unknown) => {
          opts.log.error({ err }, 'backup: snapshot failed');
          answer({ ok: false, error: (err as Error).message });
        })
        .finally(() => (busy = false));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socket, () => resolve());
  });
  fs.chmodSync(socket, 0o600);
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        fs.rmSync(socket, { force: true });
      }),
  };
}

/** Asks the server on this data folder for a snapshot (the backup command's side). */
export function requestSnapshot(dataDir: string): Promise<ControlSnapshot> {
  const socket = controlSocket(dataDir);
  return new Promise((resolve, reject) => {
    const conn = net.connect(socket);
    let text = '';
    conn.setEncoding('utf8');
    conn.on('connect', () => conn.write(JSON.stringify({ op: 'backup', id: randomBytes(4).toString('hex') }) + '\n'));
    conn.on('data', (d: string) => (text += d));
    conn.on('error', (err: NodeJS.ErrnoException) =>
      reject(
        new BackupError(
          `the server on ${dataDir} holds the database but its control socket ${socket} does not answer (${err.code ?? err.message}); ` +
            'it may still be starting: try again, or stop the server and back up with it stopped',
        ),
      ),
    );
    conn.on('end', () => {
      let answer: Answer;
      try {
        answer = JSON.parse(text) as Answer;
      } catch {
        return reject(new BackupError('the server gave no answer to the backup request (see its log)'));
      }
      if (answer.ok) resolve(answer.snapshot);
      else reject(new BackupError(`the server could not write the snapshot: ${answer.error}`));
    });
  });
}
