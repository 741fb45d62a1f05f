// The grid worker's field app (网格通): its own build, served at /m/ beside the console.
// `vite build --config web/m/vite.config.ts` → web/dist/m/ (index.html, hashed assets, sw.js,
// manifest.webmanifest). The service worker precaches the app shell so the app opens with no signal;
// the API is never cached by it (the app keeps its data in IndexedDB itself).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { VitePWA } from 'vite-plugin-pwa';

const apiTarget = process.env.CG_API_URL ?? 'http://localhost:3000';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/m/',
  plugins: [
    vue(),
    VitePWA({
      registerType: 'prompt',
      // Registered from main.ts (virtual:pwa-register): no inline script, the CSP forbids it.
      injectRegister: null,
      includeAssets: ['icon.svg'],
      manifest: {
        name: '网格通 · CivicGrid',
        short_name: '网格通',
        description: '网格员随手拍、核查、走访、巡查（离线可用）',
        lang: 'zh-CN',
        start_url: '/m/',
        scope: '/m/',
        display: 'standalone',
        orientation: 'portrait',
        theme_color: '#1f6f5c',
        background_color: '#f4f6f5',
        icons: [
          { src: 'icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: 'icon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        // Pinyin search (141 KB compressed) loads when the worker first types Latin letters in 住户,
        // and is kept then (runtime cache below); the first visit stays well under 250 KB of JS.
        globIgnores: ['**/assets/pinyin-*.js'],
        navigateFallback: '/m/index.html',
        navigateFallbackAllowlist: [/^\/m(\/|$)/],
        navigateFallbackDenylist: [/^\/api\//],
        cleanupOutdatedCaches: true,
        // The first install takes the open page at once (offline right after signing in); a later
        // version still waits for the worker's tap on the update prompt (no skipWaiting).
        clientsClaim: true,
        runtimeCaching: [
          {
            urlPattern: ({ url }) => url.pathname.startsWith('/m/assets/') && url.pathname.endsWith('.js'),
            handler: 'CacheFirst',
            options: { cacheName: 'field-lazy-assets', expiration: { maxEntries: 20 } },
          },
        ],
      },
    }),
  ],
  resolve: {
    alias: {
      '@m': fileURLToPath(new URL('./src', import.meta.url)),
      '@core': fileURLToPath(new URL('../../core/src', import.meta.url)),
    },
  },
  build: {
    outDir: '../dist/m',
    emptyOutDir: true,
  },
  server: {
    fs: { allow: [fileURLToPath(new URL('../..', import.meta.url))] },
    proxy: { '/api': { target: apiTarget, changeOrigin: false } },
  },
});
