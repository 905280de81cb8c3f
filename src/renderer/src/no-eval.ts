/**
 * Imported first by main.tsx, before any module that builds a zod schema (src/shared has several). Zod probes
 * for eval (`new Function`) the first time it builds an object schema, to compile faster parsers; the page's
 * CSP forbids eval, so Chromium reports every probe as a CSP violation even though zod catches the error.
 * Jitless mode skips the probe; the renderer parses little, so the compiled parsers are not missed.
 */
import { z } from 'zod';

z.config({ jitless: true });
