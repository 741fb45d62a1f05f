// The server process of `npm run bench:intake`: the real app (buildApp) on an already prepared
// database, listening on 127.0.0.1:$PORT. Kept apart from the load generator so the two do not share
// one event loop. BENCH_HELLO=1 serves a bare Fastify 5 hello route instead (the baseline).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { buildApp } from '../server/src/app.js';
import { createFieldCrypto } from '../server/src/crypto/field-crypto.js';
import { openDatabase } from '../server/src/db/client.js';
import { createFsFileStore } from '../server/src/storage/file-store.js';

const port = Number(process.env.PORT);
const host = '127.0.0.1';

if (process.env.BENCH_HELLO === '1') {
  const app = Fastify({ logger: false });
  app.get('/hello', async () => ({ hello: 'world' }));
  await app.listen({ host, port });
  process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
} else {
  // Exactly one engine, named by the parent: never a URL inherited from the shell for a PGlite run.
  const [url, dir] = [process.env.BENCH_DATABASE_URL, process.env.BENCH_PGLITE_DIR];
  if (Boolean(url) === Boolean(dir)) throw new Error('intake-server: give exactly one of BENCH_DATABASE_URL and BENCH_PGLITE_DIR');
  const database = await openDatabase(url ? { databaseUrl: url } : { dataDir: dir! });
  const fieldCrypto = createFieldCrypto(createHash('sha256').update('civicgrid bench intake').digest());
  // Reports carry no photos here; the store only has to exist.
  const filesRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-bench-files-'));
  const files = createFsFileStore(filesRoot);
  const app = await buildApp({ db: database.db, engine: database.engine, fieldCrypto, files, logger: { level: 'error' } });
  await app.listen({ host, port });
  process.on('SIGTERM', () => {
    void app
      .close()
      .then(() => database.close())
      .then(() => fs.rmSync(filesRoot, { recursive: true, force: true }))
      .then(() => process.exit(0));
  });
}
console.log('READY');
