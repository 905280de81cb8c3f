/**
 * The one test that runs the real Electron: what the browser bridge cannot show (contextIsolation, the
 * sandboxed preload, Electron's own IPC and the sender check on a real frame). Runs wherever the Electron
 * binary exists; elsewhere it is skipped with the reason in its title.
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { _electron, type ElectronApplication } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { missingBuild, repoRoot } from '../harness/built-app.ts';
import { saveScreenshot } from '../harness/browser.ts';

/**
 * The path the `electron` package would return, worked out without requiring it: requiring it starts a
 * download when the binary is missing, and tests never download.
 */
function electronBinary(): string | undefined {
  const packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const relative = readFileSync(pathFile, 'utf8');
  const distDir = process.env['ELECTRON_OVERRIDE_DIST_PATH'] ?? join(packageDir, 'dist');
  const binary = join(distDir, relative);
  return existsSync(binary) ? binary : undefined;
}

function onPath(command: string): string | undefined {
  return (process.env['PATH'] ?? '')
    .split(delimiter)
    .map((dir) => join(dir, command))
    .find((file) => existsSync(file));
}

const binary = electronBinary();
const needsVirtualDisplay =
  process.platform === 'linux' && !process.env['DISPLAY'] && !process.env['WAYLAND_DISPLAY'];
const xvfbRun = needsVirtualDisplay ? onPath('xvfb-run') : undefined;
const skipReason = !binary
  ? 'the Electron binary is not installed on this machine (ELECTRON_SKIP_BINARY_DOWNLOAD); runs where it exists'
  : needsVirtualDisplay && !xvfbRun
    ? 'there is no display and no xvfb-run to make one (install xvfb); runs where either exists'
    : undefined;

/** Under Linux without a display, Electron runs inside xvfb-run through a tiny wrapper script. */
function executableFor(electron: string, workDir: string): string {
  if (!xvfbRun) return electron;
  const wrapper = join(workDir, 'electron-in-xvfb.sh');
  writeFileSync(
    wrapper,
    `#!/bin/sh\nexec "${xvfbRun}" --auto-servernum --server-args='-screen 0 1280x800x24' "${electron}" "$@"\n`,
  );
  chmodSync(wrapper, 0o755);
  return wrapper;
}

describe('Electron smoke test', () => {
  let workDir: string | undefined;
  let electronApp: ElectronApplication | undefined;

  afterAll(async () => {
    await electronApp?.close();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it.skipIf(skipReason)(
    skipReason
      ? `skipped: ${skipReason}`
      : 'the built app opens the checkout screen with only window.counter exposed',
    async () => {
      const missing = missingBuild();
      if (missing) throw new Error(missing);
      workDir = mkdtempSync(join(tmpdir(), 'counter-electron-'));
      const env = Object.fromEntries(
        Object.entries(process.env).filter(
          (entry): entry is [string, string] =>
            entry[1] !== undefined && !['ELECTRON_RENDERER_URL', 'ELECTRON_RUN_AS_NODE'].includes(entry[0]),
        ),
      );
      electronApp = await _electron.launch({
        executablePath: executableFor(binary!, workDir),
        // Chromium refuses to start as root with its OS sandbox (CI containers); the renderer sandbox still applies.
        args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), repoRoot],
        env: { ...env, COUNTER_DATA_DIR: join(workDir, 'data') },
        cwd: repoRoot,
      });
      const page = await electronApp.firstWindow();
      await page.getByTestId('search-input').waitFor();
      await saveScreenshot(page, 'electron-checkout');

      // Node stays out of the page: nodeIntegration off, and the preload's require is not visible here.
      expect(await page.evaluate('typeof require')).toBe('undefined');
      expect(await page.evaluate('typeof process')).toBe('undefined');
      expect(await page.evaluate('Object.keys(window.counter).sort()')).toEqual(['invoke', 'on']);
      const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
        version: string;
      };
      expect(await page.evaluate("window.counter.invoke('app.info')")).toMatchObject({
        ok: true,
        value: { version },
      });
    },
  );
});
