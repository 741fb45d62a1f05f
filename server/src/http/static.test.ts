// The built web pages as the server sends them, on a small fixture folder shaped like web/dist (console,
// resident pages, field app with its service worker), compressed by the build's own step
// (scripts/compress-dist.mjs): the .br/.gz copy by Accept-Encoding with Vary, hashed files cached a
// year, pages, service worker and manifest revalidated, and the SPA fallback per web entry.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compressDist } from '../../../scripts/compress-dist.mjs';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { CONTENT_SECURITY_POLICY } from './security-headers.js';
import { IMMUTABLE, REVALIDATE } from './static.js';

/** A script of a few kilobytes, so it is compressed (the step skips files under 1 KB). */
const script = (name: string) => `// ${name}\n` + Array.from({ length: 120 }, (_, i) => `export const 网格${i} = "花园路街道第${i}网格";`).join('\n');
const page = (title: string, src: string) =>
  `<!doctype html><html lang="zh-CN"><head><meta charset="UTF-8"><title>${title}</title><script type="module" src="${src}"></script></head><body><div id="app"></div>${'<!-- 网格员就在您身边 -->'.repeat(60)}</body></html>`;

const FILES: Record<string, string> = {
  'index.html': page('CivicGrid 网格治理平台', '/assets/index-Ab12Cd34.js'),
  'resident.html': page('我要反映', '/assets/resident-Ef56Gh78.js'),
  'favicon.svg': '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" fill="#1f5fbf"/></svg>',
  'assets/index-Ab12Cd34.js': script('console'),
  'assets/resident-Ef56Gh78.js': script('resident'),
  'assets/tiny-Zz99Yy88.js': 'export{};',
  'm/index.html': page('网格通', '/m/assets/index-Ij90Kl12.js'),
  'm/assets/index-Ij90Kl12.js': script('field app'),
  'm/sw.js': script('service worker'),
  'm/workbox-5a6b7c8d.js': script('workbox'),
  'm/registerSW.js': "if('serviceWorker' in navigator)navigator.serviceWorker.register('/m/sw.js',{scope:'/m/'})",
  'm/manifest.webmanifest': JSON.stringify({ name: '网格通 · CivicGrid', short_name: '网格通', start_url: '/m/', scope: '/m/', display: 'standalone', icons: Array.from({ length: 30 }, (_, i) => ({ src: `icon-${i}.png`, sizes: `${i}x${i}` })) }),
};

let dir = '';
let t: TestApp;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-web-'));
  for (const [name, text] of Object.entries(FILES)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  compressDist(dir);
  t = await startTestApp({ webDir: dir });
});

afterAll(async () => {
  await t?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

describe('the build step compresses', () => {
  it('writes .br and .gz beside every text file of 1 KB or more, recursively, and nothing beside smaller ones', () => {
    for (const name of ['index.html', 'assets/index-Ab12Cd34.js', 'm/sw.js', 'm/manifest.webmanifest', 'm/assets/index-Ij90Kl12.js']) {
      const original = fs.readFileSync(path.join(dir, name));
      expect(brotliDecompressSync(fs.readFileSync(path.join(dir, `${name}.br`))).equals(original), name).toBe(true);
      expect(gunzipSync(fs.readFileSync(path.join(dir, `${name}.gz`))).equals(original), name).toBe(true);
    }
    for (const name of ['favicon.svg', 'assets/tiny-Zz99Yy88.js', 'm/registerSW.js']) expect(fs.existsSync(path.join(dir, `${name}.br`)), name).toBe(false);
  });
});

describe('serving the web pages', () => {
  it('sends the brotli copy to a browser that takes br, the gzip copy to one that takes only gzip, the file itself otherwise', async () => {
    const url = '/assets/resident-Ef56Gh78.js';
    const original = fs.readFileSync(path.join(dir, 'assets/resident-Ef56Gh78.js'));
    const br = await get(url, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/^(application|text)\/javascript/);
    expect(br.headers.vary).toBe('Accept-Encoding');
    expect(br.rawPayload.length).toBeLessThan(original.length / 3);
    expect(brotliDecompressSync(br.rawPayload).equals(original)).toBe(true);

    const gz = await get(url, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).equals(original)).toBe(true);

    const plain = await get(url);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toBe('Accept-Encoding');
    expect(plain.rawPayload.equals(original)).toBe(true);

    // A file too small to compress is sent as it is, even to a browser that takes br.
    const tiny = await get('/assets/tiny-Zz99Yy88.js', { 'accept-encoding': 'br' });
    expect(tiny.statusCode).toBe(200);
    expect(tiny.headers['content-encoding']).toBeUndefined();
    expect(tiny.body).toBe('export{};');
  });

  it('the compressed copies are not pages of their own', async () => {
    expect((await get('/assets/resident-Ef56Gh78.js.br')).statusCode).toBe(404);
    expect((await get('/m/sw.js.gz')).statusCode).toBe(404);
  });

  it('hashed files are cached a year as immutable; pages, service worker, Workbox, manifest and icons are revalidated', async () => {
    for (const url of ['/assets/index-Ab12Cd34.js', '/assets/resident-Ef56Gh78.js', '/m/assets/index-Ij90Kl12.js']) {
      expect((await get(url, { 'accept-encoding': 'br' })).headers['cache-control'], url).toBe(IMMUTABLE);
      expect((await get(url)).headers['cache-control'], url).toBe(IMMUTABLE);
    }
    for (const url of ['/', '/index.html', '/resident.html', '/m/', '/m/index.html', '/m/sw.js', '/m/workbox-5a6b7c8d.js', '/m/registerSW.js', '/m/manifest.webmanifest', '/favicon.svg']) {
      const res = await get(url, { 'accept-encoding': 'br', accept: 'text/html' });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe(REVALIDATE);
      expect(res.headers.etag, url).toBeTruthy();
    }
    const fallback = await get('/r/410105002012001', { accept: 'text/html' });
    expect(fallback.headers['cache-control']).toBe(REVALIDATE);
  });

  it('a page revalidated with its ETag answers 304 without a body', async () => {
    const first = await get('/m/sw.js', { 'accept-encoding': 'br' });
    const again = await get('/m/sw.js', { 'accept-encoding': 'br', 'if-none-match': String(first.headers.etag) });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
  });

  it('the service worker is JavaScript at /m/ (its scope by its place, no Service-Worker-Allowed), the manifest a web manifest', async () => {
    const sw = await get('/m/sw.js', { 'accept-encoding': 'br' });
    expect(sw.headers['content-type']).toMatch(/^(application|text)\/javascript/);
    expect(sw.headers['content-encoding']).toBe('br');
    expect(sw.headers['service-worker-allowed']).toBeUndefined();
    const manifest = await get('/m/manifest.webmanifest', { 'accept-encoding': 'gzip' });
    expect(manifest.headers['content-type']).toMatch(/^application\/manifest\+json/);
    expect(JSON.parse(gunzipSync(manifest.rawPayload).toString('utf8'))).toMatchObject({ scope: '/m/', start_url: '/m/' });
  });

  it('each page URL gets its own entry: /m/… the field app, /r/… the resident pages, anything else the console', async () => {
    const cases: [string, string][] = [
      ['/m/report', 'm/index.html'],
      ['/m/patrol/today?x=1', 'm/index.html'],
      ['/r/410105002012001', 'resident.html'],
      ['/r/track/ABCDEFGHJK', 'resident.html'],
      ['/r/track', 'resident.html'],
      ['/cases/12', 'index.html'],
      ['/board', 'index.html'],
      ['/mobile', 'index.html'],
      ['/report', 'index.html'],
    ];
    for (const [url, entry] of cases) {
      const br = await get(url, { accept: 'text/html,application/xhtml+xml', 'accept-encoding': 'br' });
      expect(br.statusCode, url).toBe(200);
      expect(br.headers['content-type'], url).toMatch(/^text\/html/);
      expect(br.headers['content-encoding'], url).toBe('br');
      expect(br.headers.vary, url).toBe('Accept-Encoding');
      expect(brotliDecompressSync(br.rawPayload).toString('utf8'), url).toBe(FILES[entry]);
      const plain = await get(url, { accept: 'text/html' });
      expect(plain.body, url).toBe(FILES[entry]);
    }
    // /m alone goes to /m/, the service worker's scope.
    const bare = await get('/m?from=card');
    expect(bare.statusCode).toBe(308);
    expect(bare.headers.location).toBe('/m/?from=card');
    // Not a page: the API answers in JSON, a missing asset is a 404, never a page.
    const api = await get('/api/nothing', { accept: 'text/html' });
    expect(api.statusCode).toBeGreaterThanOrEqual(400);
    expect(api.headers['content-type']).toMatch(/^application\/json/);
    const missing = await get('/assets/missing-00000000.js', { accept: '*/*' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toMatch(/^application\/json/);
  });

  it('pages carry the security policy, which lets the field app register its worker and manifest and runs no inline script', async () => {
    for (const url of ['/m/', '/m/sw.js', '/r/track', '/']) {
      expect((await get(url, { accept: 'text/html' })).headers['content-security-policy'], url).toBe(CONTENT_SECURITY_POLICY);
    }
    expect(CONTENT_SECURITY_POLICY).toMatch(/worker-src 'self'/);
    expect(CONTENT_SECURITY_POLICY).toMatch(/manifest-src 'self'/);
    expect(CONTENT_SECURITY_POLICY).toMatch(/script-src 'self'(;|$)/);
  });
});
