/**
 * Zod for the phone page, imported first by main.ts: as in the renderer (src/renderer/src/zod.ts), jitless mode
 * keeps zod from probing for eval, which the page's CSP forbids.
 */
// eslint-disable-next-line no-restricted-imports -- the one module that imports zod itself
import { z } from 'zod';

z.config({ jitless: true });
