/**
 * A linked pair of ptys made by socat, like a serial cable between two ports: `serialport` opens either end.
 * Used by the serial device tests (test/integration/devices/device-fixture.ts unplugs it after each test) and
 * the peripherals benchmark.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const hasSocat = spawnSync('socat', ['-V']).status === 0;

/** The two ends at `dir/a` and `dir/b`. */
export class PtyPair {
  readonly a: string;
  readonly b: string;
  private process: ChildProcess | null = null;

  constructor(dir: string) {
    this.a = join(dir, 'a');
    this.b = join(dir, 'b');
  }

  /** Starts socat and waits until both links exist. */
  async plug(): Promise<void> {
    const child = spawn(
      'socat',
      ['-d', '-d', `pty,raw,echo=0,link=${this.a}`, `pty,raw,echo=0,link=${this.b}`],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    this.process = child;
    await new Promise<void>((resolve, reject) => {
      let log = '';
      child.stderr!.on('data', (chunk: Buffer) => {
        log += chunk.toString();
        if (log.includes('starting data transfer loop') && existsSync(this.a) && existsSync(this.b))
          resolve();
      });
      child.once('exit', (code) => reject(new Error(`socat exited (${code}): ${log}`)));
    });
  }

  /** Stops socat: both ptys disappear, as when a USB serial device is pulled out. */
  async unplug(): Promise<void> {
    const child = this.process;
    this.process = null;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}
