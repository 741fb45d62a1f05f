// ESLint 9 flat config: typescript-eslint for TypeScript, eslint-plugin-vue for the SPA's .vue files.
import { defineConfig, globalIgnores } from 'eslint/config';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import pluginVue from 'eslint-plugin-vue';
import civicgrid from './scripts/eslint/module-boundaries.mjs';

const TS_FILES = ['**/*.ts', '**/*.mts', '**/*.cts'];
const VUE_FILES = ['web/**/*.vue'];

// Globals of the Node scripts (scripts/*.mjs, config files); TypeScript files get theirs from tsc.
const nodeGlobals = Object.fromEntries(
  [
    'process', 'console', 'Buffer', 'URL', 'URLSearchParams', 'AbortController', 'AbortSignal',
    'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate',
    'queueMicrotask', 'structuredClone', 'fetch', 'performance', 'TextEncoder', 'TextDecoder',
  ].map((name) => [name, 'readonly']),
);

// Shared by TypeScript and Vue: unused names are an error unless they start with _ (intentional).
const pragmaticRules = {
  '@typescript-eslint/no-unused-vars': [
    'error',
    { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
  ],
};

export default defineConfig(
  globalIgnores(['**/node_modules/', 'web/dist/', 'data/', 'test-output/', 'server/drizzle/', 'coverage/']),
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...js.configs.recommended,
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: nodeGlobals },
    rules: {
      ...js.configs.recommended.rules,
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
    },
  },
  ...tseslint.configs.recommended.map((config) => ({ ...config, files: [...TS_FILES, ...VUE_FILES] })),
  {
    files: TS_FILES,
    rules: pragmaticRules,
  },
  // Module boundaries of the server (docs/architecture.md): other modules only through their index,
  // the aggregate schema only in db/, seed, tests and benchmarks, no writes to another module's tables,
  // territory filtered only through server/src/scope/.
  {
    files: ['server/**/*.ts', 'bench/**/*.ts'],
    plugins: { civicgrid },
    rules: { 'civicgrid/module-boundaries': 'error', 'civicgrid/no-foreign-table-writes': 'error', 'civicgrid/territory-through-scope': 'error' },
  },
  ...pluginVue.configs['flat/recommended'].map((config) => ({ ...config, files: VUE_FILES })),
  {
    files: VUE_FILES,
    languageOptions: {
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'], sourceType: 'module' },
    },
    rules: {
      ...pragmaticRules,
      // Type-checking (vue-tsc) already reports undefined names, with the browser and Vite globals.
      'no-undef': 'off',
      // Views are named by their route (e.g. Login.vue, Dashboard.vue); one-word names are fine here.
      'vue/multi-word-component-names': 'off',
      // Template layout is a formatter's job (we have none); these two only produced hundreds of
      // warnings about Element Plus tags with several short attributes on one line.
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
    },
  },
);
