import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { build, type Plugin } from 'vite';

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

/**
 * The phone page (src/phone), which the register serves to phones over HTTPS: a plain web page of its own,
 * built into out/phone each time the renderer is built, so `electron-vite build` builds everything.
 */
const buildPhonePage: Plugin = {
  name: 'counter-build-phone-page',
  apply: 'build',
  closeBundle: async () => {
    await build({
      configFile: false,
      root: resolve('src/phone'),
      base: '/',
      logLevel: 'warn',
      build: {
        outDir: resolve('out/phone'),
        emptyOutDir: true,
        // The CSP allows no data: scripts or WebAssembly: ZXing's .wasm stays a file the register serves.
        assetsInlineLimit: 0,
      },
    });
  },
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
    plugins: [react(), relaxCspForDevServer, buildPhonePage],
    build: {
      rollupOptions: { input: { index: resolve('src/renderer/index.html') } },
      // The CSP allows no data: fonts, so font files stay files.
      assetsInlineLimit: (file: string) => (/\.woff2?$/.test(file) ? false : undefined),
    },
  },
});
