// The built web pages (web/dist, `npm run build:web`): the console (index.html), the resident pages
// (resident.html, for /r/…) and the field app (m/index.html, for /m/…, a PWA). Files are sent as the
// build compressed them (foo.js.br / foo.js.gz beside foo.js, scripts/compress-dist.mjs) when the
// browser accepts it, never compressed per request. Caching (RFC 9111):
// - hashed files (/assets/…, /m/assets/…): their name changes with their content, so a browser
//   keeps them a year without asking again (`immutable`);
// - everything else — the HTML pages, the service worker (/m/sw.js, workbox-*.js), registerSW.js,
//   the manifest, icons — is revalidated on every use (`no-cache` + ETag), so a new release is
//   seen at once and a service worker is never stale.
import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

/** Extensions scripts/compress-dist.mjs may have compressed: their answers vary by Accept-Encoding. */
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|webmanifest)$/;
const HASHED = /^(m\/)?assets\//;

declare module 'fastify' {
  interface FastifyInstance {
    /** The HTML page a browser gets for a page URL no file answers (SPA fallback); set when the web pages are served. */
    webEntryFor?: (url: string) => string;
  }
}

/** The page of a URL: /m/… the field app, /r/… the resident pages, anything else the console. */
export function webEntryOf(url: string, has: (file: string) => boolean): string {
  const pathname = url.split('?')[0] ?? '/';
  if (/^\/m(\/|$)/.test(pathname) && has('m/index.html')) return 'm/index.html';
  if (/^\/r(\/|$)/.test(pathname) && has('resident.html')) return 'resident.html';
  return 'index.html';
}

/** Cache-Control and Vary of one served file (its path inside the web folder, maybe with .br/.gz). */
export function cacheHeadersOf(relativePath: string): { 'cache-control': string; vary?: string } {
  const file = relativePath.split(path.sep).join('/').replace(/\.(br|gz)$/, '');
  return {
    'cache-control': HASHED.test(file) ? IMMUTABLE : REVALIDATE,
    ...(COMPRESSIBLE.test(file) ? { vary: 'Accept-Encoding' } : {}),
  };
}

/** Serves web/dist when it holds a build (index.html); the not-found handler (error-handler.ts) asks webEntryFor. */
export async function installWebPages(app: FastifyInstance, webDir: string | null | undefined): Promise<void> {
  if (!webDir || !fs.existsSync(path.join(webDir, 'index.html'))) return;
  const entries = new Set(['index.html', 'resident.html', 'm/index.html'].filter((f) => fs.existsSync(path.join(webDir, f))));
  await app.register(fastifyStatic, {
    root: webDir,
    // One route per file found at start-up (a release replaces the folder and restarts).
    wildcard: false,
    index: 'index.html',
    // The .br/.gz copies are picked by Accept-Encoding, not served under their own names.
    preCompressed: true,
    globIgnore: ['**/*.br', '**/*.gz'],
    cacheControl: false,
    setHeaders: (res, filePath) => {
      for (const [name, value] of Object.entries(cacheHeadersOf(path.relative(webDir, filePath)))) res.setHeader(name, value);
    },
  });
  app.decorate('webEntryFor', (url: string) => webEntryOf(url, (file) => entries.has(file)));
  // The field app lives at /m/ (its service worker's scope); /m alone is sent there.
  if (entries.has('m/index.html')) {
    app.addHook('onRequest', async (request, reply) => {
      if ((request.method === 'GET' || request.method === 'HEAD') && /^\/m(\?|$)/.test(request.url)) {
        return reply.redirect(`/m/${request.url.slice(2)}`, 308);
      }
    });
  }
}
