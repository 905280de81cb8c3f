/**
 * Zod for the renderer: every renderer file imports zod from here (ESLint refuses 'zod' anywhere else in
 * src/renderer), and main.tsx imports this module first, before any module that builds a schema (src/shared has
 * several). Zod probes for eval (`new Function`) the first time it builds an object schema, to compile faster
 * parsers; the page's CSP forbids eval, so Chromium reports every probe as a CSP violation even though zod
 * catches the error. Jitless mode skips the probe; the renderer parses little, so the compiled parsers are not
 * missed.
 */
// eslint-disable-next-line no-restricted-imports -- the one module that imports zod itself
import { z } from 'zod';

z.config({ jitless: true });

export { z };
