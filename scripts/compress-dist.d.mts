// Types of scripts/compress-dist.mjs for the TypeScript that imports it (server/src/http/static.test.ts).
export function compressDist(dir: string): { files: number; bytes: number; gzip: number; brotli: number };
