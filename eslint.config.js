// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'crypto',
  'child_process',
  'net',
  'http',
  'events',
  'stream',
];
const electron = {
  name: 'electron',
  message: 'Only src/main/index.ts and src/main/ipc/register.ts may import electron.',
};

/** src/backoffice, the web app; src/shared/backoffice is the shared contract it and head office use. */
const backOffice = ['**/backoffice/**', '!**/shared/backoffice/**'];

/** Process boundaries from ARCHITECTURE.md ("Rooms of the house"). */
const boundaries = [
  {
    files: ['src/shared/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electron],
          patterns: [
            { group: nodeBuiltins, message: 'src/shared is pure: no Node built-ins.' },
            {
              group: ['**/main/**', '**/renderer/**', '**/preload/**', '**/headoffice/**', ...backOffice],
              message: 'src/shared imports nothing outside src/shared.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer talks only to window.counter.' }],
          patterns: [
            { group: nodeBuiltins, message: 'The renderer never imports Node.' },
            {
              group: ['**/main/**', '**/preload/**', '**/headoffice/**', ...backOffice],
              message: 'The renderer imports only src/shared.',
            },
            {
              group: ['zod', 'zod/*'],
              message:
                'Import zod from src/renderer/src/zod.ts: it sets zod up for the page CSP (no eval) first.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/phone/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The phone page runs in a phone’s browser.' }],
          patterns: [
            { group: nodeBuiltins, message: 'The phone page never imports Node.' },
            {
              group: ['**/main/**', '**/renderer/**', '**/preload/**', '**/headoffice/**'],
              message: 'The phone page imports only src/shared; it talks to the register over HTTPS.',
            },
            {
              group: ['zod', 'zod/*'],
              message: 'Import src/phone/zod.ts first: it sets zod up for the page CSP (no eval).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/backoffice/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'The back office is a web page: browser APIs and src/shared only.' },
          ],
          patterns: [
            { group: nodeBuiltins, message: 'The back office runs in a browser: it never imports Node.' },
            {
              group: ['**/main/**', '**/preload/**', '**/renderer/**', '**/headoffice/**'],
              message:
                'The back office imports only src/shared; it reaches head office through its HTTP API.',
            },
            {
              group: ['zod', 'zod/*'],
              message:
                'Import zod from src/backoffice/src/zod.ts: it sets zod up for the page CSP (no eval) first.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/index.ts', 'src/main/ipc/register.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electron],
          patterns: [
            {
              group: ['**/renderer/**', '**/preload/**', '**/headoffice/**'],
              message: 'main imports src/shared, Node and native modules only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/headoffice/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electron],
          patterns: [
            {
              group: ['**/renderer/**', '**/preload/**', '**/main/**', ...backOffice],
              message: 'head office imports src/shared and Node only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [...nodeBuiltins, '**/main/**', '**/renderer/**', '**/headoffice/**'],
              message: 'The preload is a thin bridge: electron and src/shared only.',
            },
          ],
        },
      ],
    },
  },
];

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'docs/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        performance: 'readonly',
        window: 'readonly',
        document: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        crypto: 'readonly',
        structuredClone: 'readonly',
        queueMicrotask: 'readonly',
        AbortController: 'readonly',
        fetch: 'readonly',
        WebSocket: 'readonly',
        navigator: 'readonly',
        HTMLElement: 'readonly',
        KeyboardEvent: 'readonly',
        AudioContext: 'readonly',
        File: 'readonly',
        Blob: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Type-aware rules for the application code. Each file is typed by the tsconfig that builds it: the project
    // service follows tsconfig.json's references (renderer: tsconfig.web.json, the rest: tsconfig.node.json).
    // test/ keeps the untyped rules above, which keeps lint time reasonable.
    files: ['src/**/*.{ts,tsx}'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Every promise is awaited, returned or given a .catch that handles the failure; `void` hides a rejection.
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: false }],
      '@typescript-eslint/no-misused-promises': 'error',
      // A caught failure passed on as it came (typed unknown) is fine, as for only-throw-error; a new one is an Error.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}', 'src/backoffice/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // Props and hook results are callbacks handed around, never methods that need `this`: typed as properties,
      // they can be destructured and passed on (unbound-method flags method-style members that are).
      '@typescript-eslint/method-signature-style': ['error', 'property'],
    },
  },
  ...boundaries,
);
