// `npm run backup -- [--out FILE]` and `npm run restore -- FILE [--force] [--ignore-key]`: the
// environment of `npm start` (DATA_DIR, DATABASE_URL, CG_FIELD_KEY) says what to back up or where
// to restore. The work is in backup.ts and restore.ts; this file reads arguments and prints.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { FieldCryptoError, loadExistingKey } from '../crypto/field-crypto.js';
import { createBackup } from './backup.js';
import { BackupError } from './manifest.js';
import { restoreBackup } from './restore.js';

const USAGE = `usage:
  npm run backup  -- [--out FILE]
      writes FILE (default backups/civicgrid-<engine>-<UTC time>.tar.gz): the database, DATA_DIR/files and a manifest.
      PGlite: works while the server runs (the server writes the snapshot) or with it stopped.
  npm run restore -- FILE [--force] [--ignore-key]
      into DATA_DIR (PGlite) or the empty database of DATABASE_URL, and DATA_DIR/files.
      --force       PostgreSQL: replace a database that has tables; PGlite: move DATA_DIR/pglite aside;
                    both: add the files to a DATA_DIR/files that is not empty
      --ignore-key  restore although CG_FIELD_KEY / DATA_DIR/secrets/field.key is not the backup's key
environment: DATA_DIR, DATABASE_URL, CG_FIELD_KEY as for npm start; PG_DUMP, PG_RESTORE (default: from PATH).`;

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const config = loadConfig();
  const fieldKey = loadExistingKey(config.dataDir, process.env.CG_FIELD_KEY);
  if (command === 'backup') {
    const { values } = parseArgs({ args: rest, options: { out: { type: 'string' }, help: { type: 'boolean' } } });
    if (values.help) return void console.log(USAGE);
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    const out = values.out ?? path.join('backups', `civicgrid-${config.databaseUrl ? 'postgres' : 'pglite'}-${stamp}.tar.gz`);
    const r = await createBackup({ out, dataDir: config.dataDir, databaseUrl: config.databaseUrl, fieldKey, pgDump: process.env.PG_DUMP });
    const rows = Object.values(r.manifest.tables).reduce((a, b) => a + b, 0);
    console.log(
      `backup written: ${r.out} (${mb(r.archiveBytes)}) in ${r.seconds.toFixed(1)} s\n` +
        `  ${r.manifest.engine} database ${r.via === 'server' ? 'snapshot by the running server' : r.via === 'direct' ? '(server not running)' : 'by pg_dump'}: ` +
        `${Object.keys(r.manifest.tables).length} tables, ${rows} rows, schema ${r.manifest.schema.last}; ${r.files} files (${mb(r.fileBytes)})\n` +
        `  field key fingerprint ${r.manifest.keyCheck.slice(0, 12)}…: the key itself is NOT in the backup — keep it elsewhere.`,
    );
    return;
  }
  if (command === 'restore') {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { force: { type: 'boolean' }, 'ignore-key': { type: 'boolean' }, help: { type: 'boolean' } },
    });
    if (values.help || positionals.length !== 1) return void console.log(USAGE);
    const r = await restoreBackup({
      archive: path.resolve(positionals[0]!),
      dataDir: config.dataDir,
      databaseUrl: config.databaseUrl,
      fieldKey,
      force: values.force ?? false,
      ignoreKey: values['ignore-key'] ?? false,
      pgRestore: process.env.PG_RESTORE,
    });
    console.log(
      `restored the ${r.manifest.engine} backup of ${r.manifest.createdAt} in ${r.seconds.toFixed(1)} s: ` +
        `${Object.keys(r.manifest.tables).length} tables (row counts checked), ${r.files} files, schema ${r.manifest.schema.last}` +
        (r.movedAside ? `\n  the database that was there is now ${r.movedAside}` : '') +
        `\n  start the server as usual (npm start) with the same field key.`,
    );
    return;
  }
  console.log(USAGE);
  process.exitCode = 2;
}

main(process.argv.slice(2)).catch((err: unknown) => {
  // Refusals and damaged archives are for the operator: the message, not a stack.
  console.error(err instanceof BackupError || err instanceof FieldCryptoError ? `error: ${err.message}` : err);
  process.exitCode = 1;
});
