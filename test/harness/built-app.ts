/** Where `npm run build` (electron-vite) puts the app, and a readable complaint when it is not there. */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '../..');
export const builtRendererDir = join(repoRoot, 'out/renderer');
export const builtPreloadFile = join(repoRoot, 'out/preload/index.cjs');
export const builtMainFile = join(repoRoot, 'out/main/index.js');
export const builtPhonePageDir = join(repoRoot, 'out/phone');

/** Why the built app is incomplete, or undefined when out/ holds main, preload, renderer and the phone page. */
export function missingBuild(): string | undefined {
  const files = [
    builtMainFile,
    builtPreloadFile,
    join(builtRendererDir, 'index.html'),
    join(builtPhonePageDir, 'index.html'),
  ];
  for (const file of files) {
    if (!existsSync(file))
      return `${file} does not exist. Build the app first: run \`npm run build\` (npm test does it).`;
  }
  return undefined;
}
