// `npm run backup`: one archive holding a consistent database dump, the uploaded files and a
// manifest. The database is dumped first and the files copied after: files are written before
// the rows that name them and never changed or deleted, so every file the dump names is there.
import fs from 'node:fs';
import path from 'node:path';
import { createFieldCrypto, keyCheckOf } from '../crypto/field-crypto.js';
import { openDatabase } from '../db/client.js';
import { filesDir } from '../storage/file-store.js';
import { writeArchive, type ArchiveEntry } from './archive.js';
import { requestSnapshot } from './control.js';
import { acquireLock, lockHolder } from './data-dir-lock.js';
import {
  BackupError, FILES_LIST_ENTRY, FILES_PREFIX, FORMAT, FORMAT_VERSION, MANIFEST_ENTRY, releaseVersion, type FilesList, type Manifest,
} from './manifest.js';
import { pgliteClientOf, snapshotPglite, snapshotPostgres, type Snapshot } from './snapshot.js';

export interface BackupOptions {
  /** The archive to write (must not exist). */
  out: string;
  dataDir: string;
  /** PostgreSQL when set, else the PGlite database in DATA_DIR/pglite. */
  databaseUrl: string | null;
  /** The field key as this process knows it (CG_FIELD_KEY or DATA_DIR/secrets/field.key); a running PGlite server uses its own. */
  fieldKey: Buffer | null;
  pgDump?: string;
}

export interface BackupResult {
  out: string;
  manifest: Manifest;
  files: number;
  fileBytes: number;
  archiveBytes: number;
  /** How the PGlite database was read: by this process, or by the running server on request. */
  via: 'pg_dump' | 'direct' | 'server';
  seconds: number;
}

/** Every stored file under `root`, as archive names (files/ab/cd/<key>), sorted; temporary files skipped. */
export function listFiles(root: string): { name: string; file: string; size: number }[] {
  if (!fs.existsSync(root)) return [];
  const out: { name: string; file: string; size: number }[] = [];
  for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.name.endsWith('.tmp')) continue;
    const file = path.join(entry.parentPath, entry.name);
    out.push({ name: FILES_PREFIX + path.relative(root, file).split(path.sep).join('/'), file, size: fs.statSync(file).size });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : 1));
}

function requireKey(key: Buffer | null, dataDir: string): Buffer {
  if (key) return key;
  throw new BackupError(
    `no field key: set CG_FIELD_KEY as the server has it, or keep it in ${path.join(dataDir, 'secrets', 'field.key')}; ` +
      'the backup records a fingerprint of the key so that a restore can tell whether it has the right one',
  );
}

async function snapshotOf(opts: BackupOptions, work: string): Promise<{ snapshot: Snapshot; keyCheck: string; keyId: string | null; via: BackupResult['via'] }> {
  if (opts.databaseUrl) {
    const key = requireKey(opts.fieldKey, opts.dataDir);
    const snapshot = await snapshotPostgres(opts.databaseUrl, work, opts.pgDump);
    return { snapshot, keyCheck: keyCheckOf(key), keyId: createFieldCrypto(key).keyId, via: 'pg_dump' };
  }
  const holder = lockHolder(opts.dataDir);
  if (holder?.holder === 'server') {
    // The server holds the database: it writes the snapshot in DATA_DIR/run and hands it over.
    const snapshot = await requestSnapshot(opts.dataDir);
    const moved = path.join(work, path.basename(snapshot.file));
    await fs.promises.rename(snapshot.file, moved).catch(async () => {
      await fs.promises.copyFile(snapshot.file, moved);
      await fs.promises.rm(snapshot.file, { force: true });
    });
    return { snapshot: { ...snapshot, file: moved }, keyCheck: snapshot.keyCheck, keyId: null, via: 'server' };
  }
  const key = requireKey(opts.fieldKey, opts.dataDir);
  const pgliteDir = path.join(opts.dataDir, 'pglite');
  if (!fs.existsSync(path.join(pgliteDir, 'PG_VERSION'))) throw new BackupError(`no PGlite database in ${pgliteDir} (set DATA_DIR, or DATABASE_URL for PostgreSQL)`);
  const lock = acquireLock(opts.dataDir, 'backup');
  try {
    const database = await openDatabase({ dataDir: pgliteDir });
    try {
      const snapshot = await snapshotPglite(pgliteClientOf(database.db), work);
      return { snapshot, keyCheck: keyCheckOf(key), keyId: createFieldCrypto(key).keyId, via: 'direct' };
    } finally {
      await database.close();
    }
  } finally {
    lock.release();
  }
}

export async function createBackup(opts: BackupOptions): Promise<BackupResult> {
  const started = performance.now();
  const out = path.resolve(opts.out);
  if (fs.existsSync(out)) throw new BackupError(`${out} exists already; choose another name`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const work = fs.mkdtempSync(path.join(path.dirname(out), '.cg-backup-'));
  try {
    const { snapshot, keyCheck, keyId, via } = await snapshotOf(opts, work);
    // The key given here must be the one the database was written with (pinned at start-up).
    if (keyId && snapshot.keyId && keyId !== snapshot.keyId) {
      throw new BackupError(
        `the field key this command has (id ${keyId}) is not the database's (id ${snapshot.keyId}): ` +
          'set CG_FIELD_KEY (or DATA_DIR/secrets/field.key) to the key the server runs with',
      );
    }
    const databaseEntry = snapshot.engine === 'pglite' ? 'database/pglite.tar' : 'database/postgres.dump';
    const manifest: Manifest = {
      format: FORMAT,
      version: FORMAT_VERSION,
      engine: snapshot.engine,
      createdAt: snapshot.createdAt,
      release: releaseVersion(),
      schema: snapshot.schema,
      tables: snapshot.tables,
      postgresVersion: snapshot.postgresVersion,
      keyId: snapshot.keyId,
      keyCheck,
      database: { entry: databaseEntry, format: snapshot.format, size: snapshot.size, sha256: snapshot.sha256 },
    };
    // Listed after the snapshot: every file its rows name exists by now.
    const files = listFiles(filesDir(opts.dataDir));
    const fileEntries: Extract<ArchiveEntry, { file: string }>[] = files.map((f) => ({ ...f }));
    const entries = function* (): Generator<ArchiveEntry> {
      yield { name: MANIFEST_ENTRY, data: Buffer.from(JSON.stringify(manifest, null, 2)) };
      yield { name: databaseEntry, file: snapshot.file, size: snapshot.size };
      yield* fileEntries;
      // The entries above are hashed as they are written; this generator resumes only after that.
      const list: FilesList = { count: fileEntries.length, bytes: files.reduce((n, f) => n + f.size, 0), sha256: {} };
      for (const e of fileEntries) list.sha256[e.name] = e.sha256!;
      yield { name: FILES_LIST_ENTRY, data: Buffer.from(JSON.stringify(list)) };
    };
    await writeArchive(out, entries());
    return {
      out,
      manifest,
      files: files.length,
      fileBytes: files.reduce((n, f) => n + f.size, 0),
      archiveBytes: fs.statSync(out).size,
      via,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
