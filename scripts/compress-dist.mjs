#!/usr/bin/env node
// After `vite build`: writes foo.js.gz (gzip level 9) and foo.js.br (brotli quality 11) beside every
// text asset of web/dist (console, resident pages and the field app in web/dist/m) of 1 KB or more,
// so the server sends them as they are (@fastify/static preCompressed, server/src/http/static.ts)
// instead of compressing on every request. A compressed copy that would not be smaller is not kept.
// Usage: node scripts/compress-dist.mjs [folder]   (default web/dist)
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const EXTENSIONS = new Set(['.js', '.mjs', '.css', '.html', '.svg', '.json', '.webmanifest']);
const MIN_BYTES = 1024;

/** Every file below a folder, recursively. */
function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

/** Compresses one folder; answers the counts and byte totals. */
export function compressDist(dir) {
  const totals = { files: 0, bytes: 0, gzip: 0, brotli: 0 };
  for (const file of filesUnder(dir)) {
    if (!EXTENSIONS.has(path.extname(file)) || statSync(file).size < MIN_BYTES) continue;
    const data = readFileSync(file);
    const variants = [
      ['.gz', gzipSync(data, { level: 9 })],
      [
        '.br',
        brotliCompressSync(data, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: 11,
            [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
            [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
          },
        }),
      ],
    ];
    for (const [ext, packed] of variants) {
      if (packed.length < data.length) writeFileSync(file + ext, packed);
      else rmSync(file + ext, { force: true });
    }
    totals.files += 1;
    totals.bytes += data.length;
    totals.gzip += variants[0][1].length;
    totals.brotli += variants[1][1].length;
  }
  return totals;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = path.resolve(root, process.argv[2] ?? 'web/dist');
  const started = Date.now();
  const t = compressDist(dir);
  const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
  console.log(
    `[compress-dist] ${t.files} files, ${kb(t.bytes)} → gzip ${kb(t.gzip)}, brotli ${kb(t.brotli)} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}
