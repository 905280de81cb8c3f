/** Where `npm run build` (electron-vite) puts the app, and a readable complaint when it is not there. */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '../..');
export const builtRendererDir = join(repoRoot, 'out/renderer');
export const builtPreloadFile = join(repoRoot, 'out/preload/index.cjs');
export const builtMainFile = join(repoRoot, 'out/main/index.js');

/** Why the built app is incomplete, or undefined when out/ holds main, preload and renderer. */
export function missingBuild(): string | undefined {
  for (const file of [builtMainFile, builtPreloadFile, join(builtRendererDir, 'index.html')]) {
    if (!existsSync(file))
      return `${file} does not exist. Build the app first: run \`npm run build\` (npm test does it).`;
  }
  return undefined;
}
