/**
 * Zod for the back office: every file imports zod from here (ESLint refuses 'zod' anywhere else in
 * src/backoffice), and main.tsx imports this module first, before any module that builds a schema. Zod probes
 * for eval the first time it builds an object schema; the page's CSP forbids eval, so Chromium would report
 * every probe as a CSP violation. Jitless mode skips the probe.
 */
// eslint-disable-next-line no-restricted-imports -- the one module that imports zod itself
import { z } from 'zod';

z.config({ jitless: true });

export { z };
