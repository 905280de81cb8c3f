/**
 * The back office (src/backoffice): a browser app of its own, built into out/backoffice, which head office serves
 * at `/` (src/headoffice/http/back-office.ts). `npm run build` builds it after the register.
 * `npm run dev:backoffice` serves it with hot reload and passes /api to a head office on port 4100.
 */
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: resolve('src/backoffice'),
  // Absolute asset paths: a client route such as /products/MUG-1 loads /assets/…, not /products/assets/….
  base: '/',
  plugins: [react()],
  build: {
    outDir: resolve('out/backoffice'),
    emptyOutDir: true,
    // The page's CSP allows no data: URLs, so every asset (fonts, the icon) stays a file.
    assetsInlineLimit: 0,
    // One script for the whole app (about 180 kB gzipped), loaded once: its name changes with its content, so a
    // browser keeps it until the next release.
    chunkSizeWarningLimit: 1024,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:4100' } },
});
