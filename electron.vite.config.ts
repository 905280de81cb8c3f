import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';

/**
 * `npm run dev` only: the dev server injects an inline React Refresh preamble and <style> tags and talks HMR
 * over a WebSocket, all of which index.html's strict CSP refuses. Built files keep the strict policy.
 */
const relaxCspForDevServer: Plugin = {
  name: 'counter-relax-csp-for-dev-server',
  apply: 'serve',
  transformIndexHtml: (html) =>
    html
      .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
      .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
      .replace("connect-src 'self'", "connect-src 'self' ws://localhost:*"),
};

export default defineConfig({
  main: {
    build: {
      rollupOptions: { input: { index: resolve('src/main/index.ts') } },
    },
  },
  preload: {
    build: {
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        // A sandboxed preload cannot load ES modules; it must be one CommonJS file.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('src/renderer'),
    plugins: [react(), relaxCspForDevServer],
    build: {
      rollupOptions: { input: { index: resolve('src/renderer/index.html') } },
      // The CSP allows no data: fonts, so font files stay files.
      assetsInlineLimit: (file: string) => (/\.woff2?$/.test(file) ? false : undefined),
    },
  },
});
