// `npm run restore`: a backup into a fresh data folder (PGlite) or an empty database (PostgreSQL).
// The whole archive is read and checked into a staging folder first — gzip CRC, tar headers, the
// SHA-256 of the dump and of every file — and the key is compared before anything else: a damaged
// archive, the wrong key or a busy target leave the target exactly as it was.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { keyCheckOf } from '../crypto/field-crypto.js';
import { openDatabase } from '../db/client.js';
import { filesDir } from '../storage/file-store.js';
import { ArchiveError, readArchive } from './archive.js';
import { acquireLock, lockHolder, DataDirInUse, type DataDirLock } from './data-dir-lock.js';
import {
  BackupError, FILES_LIST_ENTRY, FILES_PREFIX, MANIFEST_ENTRY, migrationJournal, parseManifest, readFacts, type FilesList, type Manifest,
} from './manifest.js';
import { runTool, splitPassword } from './snapshot.js';

export interface RestoreOptions {
  archive: string;
  dataDir: string;
  databaseUrl: string | null;
  /** The key the restored deployment will run with (CG_FIELD_KEY or DATA_DIR/secrets/field.key). */
  fieldKey: Buffer | null;
  /** PostgreSQL: restore over a database that has tables (pg_restore --clean); PGlite: move an existing database aside. */
  force?: boolean;
  /** Restore even without the backup's key (the encrypted fields stay unreadable until it is found). */
  ignoreKey?: boolean;
  pgRestore?: string;
}

export interface RestoreResult {
  manifest: Manifest;
  files: number;
  /** PGlite with --force: where the database that was there before now is. */
  movedAside: string | null;
  seconds: number;
}

export class KeyMismatch extends BackupError {}

const FILE_NAME = /^files\/([0-9a-f]{2})\/([0-9a-f]{2})\/(([0-9a-f]{64})(\.[a-z0-9]{1,16})?)$/;

function keyHelp(dataDir: string): string {
  return (
    `The field key must be kept apart from the backups (a password manager, a secrets store, a sealed copy offline): ` +
    `give it as CG_FIELD_KEY or put it in ${path.join(dataDir, 'secrets', 'field.key')} (mode 0600) before restoring.`
  );
}

function checkKey(manifest: Manifest, opts: RestoreOptions): void {
  if (opts.ignoreKey) return;
  if (!opts.fieldKey) {
    throw new KeyMismatch(`no field key is set: the restored ID and phone numbers could not be read. ${keyHelp(opts.dataDir)} (--ignore-key restores anyway.)`);
  }
  if (keyCheckOf(opts.fieldKey) !== manifest.keyCheck) {
    throw new KeyMismatch(
      `the field key given (CG_FIELD_KEY or ${path.join(opts.dataDir, 'secrets', 'field.key')}) is not the key this backup was made with ` +
        `(fingerprint ${manifest.keyCheck.slice(0, 12)}…); with it the encrypted ID and phone numbers could not be read and the server would refuse to start. ` +
        `${keyHelp(opts.dataDir)} (--ignore-key restores anyway.)`,
    );
  }
}

function checkSchema(manifest: Manifest): void {
  const known = migrationJournal().entries;
  if (manifest.schema.migrations > known.length || (manifest.schema.lastWhen !== null && !known.some((e) => e.when === manifest.schema.lastWhen))) {
    throw new BackupError(
      `this backup was made by a newer release (${manifest.release}, ${manifest.schema.migrations} migrations, last ${manifest.schema.last ?? 'unknown here'}); ` +
        `this release knows ${known.length}: restore it with that release or a later one`,
    );
  }
}

const isEmptyDir = (dir: string) => !fs.existsSync(dir) || fs.readdirSync(dir).length === 0;

interface Staged {
  manifest: Manifest;
  dump: string;
  files: string[];
}

/** Reads the whole archive into `stage`, checking everything; throws before the caller writes anything. */
async function stageArchive(opts: RestoreOptions, stage: () => string, targetEngine: 'pglite' | 'postgres'): Promise<Staged> {
  let manifest: Manifest | null = null;
  let dump: string | null = null;
  let list: FilesList | null = null;
  const hashes = new Map<string, string>();
  for await (const entry of readArchive(opts.archive)) {
    if (!manifest) {
      if (entry.name !== MANIFEST_ENTRY || entry.size > 16 * 1024 * 1024) throw new BackupError('the archive is not a CivicGrid backup (it does not start with manifest.json)');
      const parts: Buffer[] = [];
      for await (const c of entry.chunks()) parts.push(c);
      manifest = parseManifest(Buffer.concat(parts));
      if (manifest.engine !== targetEngine) {
        throw new BackupError(
          manifest.engine === 'pglite'
            ? 'this is a backup of a PGlite database: restore it without DATABASE_URL (into DATA_DIR)'
            : 'this is a backup of a PostgreSQL database: restore it with DATABASE_URL set to an empty database',
        );
      }
      checkSchema(manifest);
      checkKey(manifest, opts);
      continue;
    }
    if (list) throw new BackupError(`the archive has an entry after ${FILES_LIST_ENTRY}: ${entry.name}`);
    if (entry.name === FILES_LIST_ENTRY) {
      const parts: Buffer[] = [];
      for await (const c of entry.chunks()) parts.push(c);
      list = JSON.parse(Buffer.concat(parts).toString('utf8')) as FilesList;
      continue;
    }
    let target: string;
    let expected: string | null = null;
    const isDump = entry.name === manifest.database.entry && !dump;
    if (isDump) {
      if (entry.size !== manifest.database.size) throw new BackupError('the database dump has not the size the manifest says');
      target = path.join(stage(), 'database');
      expected = manifest.database.sha256;
    } else {
      const m = FILE_NAME.exec(entry.name);
      if (!m || m[1] !== m[4]!.slice(0, 2) || m[2] !== m[4]!.slice(2, 4) || hashes.has(entry.name)) throw new BackupError(`unexpected entry in the archive: ${entry.name}`);
      target = path.join(stage(), ...entry.name.split('/'));
      // An original is named by the SHA-256 of its bytes; a variant (thumbnail) is checked against files.json.
      if (!m[5]) expected = m[4]!;
    }
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const hash = createHash('sha256');
    const handle = await fs.promises.open(target, 'wx', 0o640);
    try {
      for await (const c of entry.chunks()) {
        hash.update(c);
        await handle.write(c);
      }
    } finally {
      await handle.close();
    }
    const digest = hash.digest('hex');
    if (expected && digest !== expected) throw new BackupError(`the archive is damaged: ${entry.name} does not match its SHA-256`);
    if (isDump) dump = target;
    else hashes.set(entry.name, digest);
  }
  if (!manifest) throw new BackupError('the archive is empty');
  if (!dump) throw new BackupError('the archive is cut short: it holds no database dump');
  if (!list) throw new BackupError(`the archive is cut short: ${FILES_LIST_ENTRY} is missing`);
  if (list.count !== hashes.size || Object.keys(list.sha256).length !== hashes.size) {
    throw new BackupError(`the archive is damaged: ${FILES_LIST_ENTRY} lists ${list.count} files, the archive holds ${hashes.size}`);
  }
  for (const [name, digest] of hashes) {
    if (list.sha256[name] !== digest) throw new BackupError(`the archive is damaged: ${name} does not match its SHA-256`);
  }
  return { manifest, dump, files: [...hashes.keys()] };
}

function compareFacts(manifest: Manifest, tables: Record<string, number>): void {
  const problems: string[] = [];
  for (const [table, n] of Object.entries(manifest.tables)) if (tables[table] !== n) problems.push(`${table}: ${tables[table] ?? 'missing'} rows, the backup says ${n}`);
  for (const table of Object.keys(tables)) if (!(table in manifest.tables)) problems.push(`${table} is not in the backup`);
  if (problems.length) throw new BackupError(`the restored database differs from the backup's manifest: ${problems.slice(0, 10).join('; ')}`);
}

/** Moves the staged files into DATA_DIR/files; a file already there has the same bytes (same key). */
function placeFiles(stageDir: string, names: string[], dataDir: string): void {
  const root = filesDir(dataDir);
  const staged = path.join(stageDir, 'files');
  if (!fs.existsSync(root) && fs.existsSync(staged)) {
    fs.renameSync(staged, root);
    return;
  }
  for (const name of names) {
    const rel = name.slice(FILES_PREFIX.length).split('/');
    const target = path.join(root, ...rel);
    if (fs.existsSync(target)) continue;
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.renameSync(path.join(staged, ...rel), target);
  }
}

async function restorePglite(opts: RestoreOptions, staged: Staged, stageDir: string): Promise<string | null> {
  const pgliteDir = path.join(opts.dataDir, 'pglite');
  let movedAside: string | null = null;
  if (!isEmptyDir(pgliteDir)) {
    movedAside = `${pgliteDir}.replaced-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    fs.renameSync(pgliteDir, movedAside);
  }
  try {
    const database = await openDatabase({ dataDir: pgliteDir, loadDataDir: await fs.openAsBlob(staged.dump) });
    try {
      const client = (database.db as unknown as { $client: { query<T>(q: string): Promise<{ rows: T[] }> } }).$client;
      const facts = await readFacts(async (text) => (await client.query<Record<string, unknown>>(text)).rows);
      compareFacts(staged.manifest, facts.tables);
    } finally {
      await database.close();
    }
  } catch (err) {
    fs.rmSync(pgliteDir, { recursive: true, force: true });
    if (movedAside) fs.renameSync(movedAside, pgliteDir);
    throw err;
  }
  placeFiles(stageDir, staged.files, opts.dataDir);
  return movedAside;
}

async function postgresTarget(url: string, force: boolean): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect().catch((err: Error) => {
    throw new BackupError(`cannot connect to DATABASE_URL (${err.message}); restore goes into an existing empty database: create it first (createdb)`);
  });
  try {
    const [row] = (
      await client.query<{ relations: number; others: number; name: string }>(`select
        (select count(*)::int from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname in ('public', 'drizzle')) as relations,
        (select count(*)::int from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()) as others,
        current_database() as name`)
    ).rows;
    if (row!.others > 0) throw new BackupError(`${row!.others} other connection(s) to database ${row!.name}: stop every CivicGrid server on it before restoring`);
    if (row!.relations > 0 && !force) {
      throw new BackupError(`database ${row!.name} is not empty (${row!.relations} tables, indexes or sequences): restore into a new database (createdb), or pass --force to replace its contents`);
    }
  } finally {
    await client.end();
  }
}

async function restorePostgres(opts: RestoreOptions, staged: Staged, stageDir: string): Promise<void> {
  const url = opts.databaseUrl!;
  const { url: bare, password } = splitPassword(url);
  const args = ['--no-owner', '--no-acl', '--exit-on-error', '--single-transaction', '--no-password', `--dbname=${bare}`];
  if (opts.force) args.push('--clean', '--if-exists');
  // One transaction: a failing pg_restore leaves the database as it was.
  await runTool(opts.pgRestore ?? 'pg_restore', [...args, staged.dump], password);
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const facts = await readFacts(async (text) => (await client.query<Record<string, unknown>>(text)).rows);
    compareFacts(staged.manifest, facts.tables);
  } finally {
    await client.end();
  }
  placeFiles(stageDir, staged.files, opts.dataDir);
}

export async function restoreBackup(opts: RestoreOptions): Promise<RestoreResult> {
  const started = performance.now();
  if (!fs.existsSync(opts.archive)) throw new BackupError(`no such archive: ${opts.archive}`);
  const engine = opts.databaseUrl ? 'postgres' : 'pglite';
  const dataDirExisted = fs.existsSync(opts.dataDir);
  let lock: DataDirLock | null = null;
  let stageDir: string | null = null;
  try {
    if (engine === 'pglite') {
      const holder = lockHolder(opts.dataDir);
      if (holder) throw new DataDirInUse(opts.dataDir, holder);
      if (!isEmptyDir(path.join(opts.dataDir, 'pglite')) && !opts.force) {
        throw new BackupError(`${path.join(opts.dataDir, 'pglite')} holds a database: restore into a fresh DATA_DIR, or pass --force to move it aside`);
      }
      lock = acquireLock(opts.dataDir, 'restore');
    } else {
      await postgresTarget(opts.databaseUrl!, opts.force ?? false);
    }
    if (!isEmptyDir(filesDir(opts.dataDir)) && !opts.force) {
      throw new BackupError(`${filesDir(opts.dataDir)} is not empty: restore into a fresh DATA_DIR, or pass --force to add the backup's files to it`);
    }
    const stage = () => {
      if (!stageDir) {
        fs.mkdirSync(opts.dataDir, { recursive: true });
        stageDir = path.join(opts.dataDir, `.restore-${randomBytes(6).toString('hex')}`);
        fs.mkdirSync(stageDir, { mode: 0o700 });
      }
      return stageDir;
    };
    let staged: Staged;
    try {
      staged = await stageArchive(opts, stage, engine);
    } catch (err) {
      if (err instanceof SyntaxError) throw new BackupError(`the archive is damaged: ${err.message}`);
      if (err instanceof ArchiveError) throw new BackupError(err.message);
      throw err;
    }
    stage();
    const movedAside = engine === 'pglite' ? await restorePglite(opts, staged, stageDir!) : (await restorePostgres(opts, staged, stageDir!), null);
    return { manifest: staged.manifest, files: staged.files.length, movedAside, seconds: (performance.now() - started) / 1000 };
  } finally {
    if (stageDir) fs.rmSync(stageDir, { recursive: true, force: true });
    lock?.release();
    // A data folder this command created and filled with nothing is removed again.
    if (!dataDirExisted && fs.existsSync(opts.dataDir) && fs.readdirSync(opts.dataDir).length === 0) fs.rmdirSync(opts.dataDir);
  }
}
