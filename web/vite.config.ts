import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import vue from '@vitejs/plugin-vue';

const webDir = fileURLToPath(new URL('.', import.meta.url));
// The API server (`npm run dev`) listens here; the SPA dev server forwards API calls to it.
const apiTarget = process.env.CG_API_URL ?? 'http://localhost:3000';

/** In `npm run dev:web`, /r/… opens the resident entry as the server does (server/src/http/static.ts). */
const residentPagesInDev: Plugin = {
  name: 'civicgrid-resident-entry',
  configureServer(server) {
    server.middlewares.use((req, _res, next) => {
      if (req.url && /^\/r(\/|$)/.test(req.url) && req.headers.accept?.includes('text/html')) req.url = '/resident.html';
      next();
    });
  },
};

// Two pages, two builds into web/dist (scripts/build-web.mjs runs both): the console (index.html,
// the default mode; empties web/dist) and, with `--mode resident`, the resident pages
// (resident.html). Apart, so the resident pages share no chunk with the console: a module both use
// (the icon set, @vueuse/core are each one module) would carry everything the console takes from it.
export default defineConfig(({ mode }) => ({
  root: webDir,
  base: '/',
  plugins: [vue(), residentPagesInDev],
  // vue-i18n feature flags: Composition API only, no devtools hooks in production.
  define: {
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('./src', import.meta.url)),
      // Pure domain rules shared with the server (roles, password policy); no I/O in there.
      '@core': fileURLToPath(new URL('../core/src', import.meta.url)),
    },
  },
  build: {
    outDir: 'dist',
    // The console's build comes first and empties web/dist; the resident pages and the field app
    // (web/m → web/dist/m) are added after it, then everything is compressed (scripts/compress-dist.mjs).
    emptyOutDir: mode !== 'resident',
    // Element Plus is imported whole by the console (one console, many pages); its chunk is large by
    // design. The resident pages import only the components they use.
    chunkSizeWarningLimit: 1600,
    rolldownOptions: {
      input: fileURLToPath(new URL(mode === 'resident' ? './resident.html' : './index.html', import.meta.url)),
    },
  },
  server: {
    fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] },
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
      '/docs': { target: apiTarget, changeOrigin: false },
      '/health': { target: apiTarget, changeOrigin: false },
    },
  },
}));
