import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

const webDir = fileURLToPath(new URL('.', import.meta.url));
// The API server (`npm run dev`) listens here; the SPA dev server forwards API calls to it.
const apiTarget = process.env.CG_API_URL ?? 'http://localhost:3000';

export default defineConfig({
  root: webDir,
  base: '/',
  plugins: [vue()],
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
    emptyOutDir: true,
    // Element Plus is imported whole (one console, many pages); its chunk is large by design.
    chunkSizeWarningLimit: 1600,
  },
  server: {
    fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] },
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
      '/docs': { target: apiTarget, changeOrigin: false },
      '/health': { target: apiTarget, changeOrigin: false },
    },
  },
});
