import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HidPosDecoder, type ScannedCode } from '../../src/main/devices/scanners/hid-report.ts';

interface Fixture {
  description: string;
  reports: string[];
  expected: ScannedCode | null;
}

const fixtureDir = join(import.meta.dirname, '../fixtures/hid');
const fixtures = readdirSync(fixtureDir)
  .filter((name) => name.endsWith('.json'))
  .map((name) => [name, JSON.parse(readFileSync(join(fixtureDir, name), 'utf8')) as Fixture] as const);

const bytes = (hex: string): Uint8Array => Uint8Array.from(hex.split(' '), (pair) => parseInt(pair, 16));

describe('HID POS scanned-data reports', () => {
  it('has fixtures to decode', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(5);
  });

  it.each(fixtures)('%s', (_name, fixture) => {
    const decoder = new HidPosDecoder();
    const results = fixture.reports.map((report) => decoder.push(bytes(report)));
    // Nothing comes out before the last report of a code.
    expect(results.slice(0, -1).every((result) => result === null)).toBe(true);
    expect(results.at(-1)).toEqual(fixture.expected);
  });

  it('decodes codes one after another with the same decoder', () => {
    const decoder = new HidPosDecoder();
    const read = (name: string): (ScannedCode | null)[] =>
      fixtures.find(([file]) => file === name)![1].reports.map((report) => decoder.push(bytes(report)));
    expect(read('qr-multi-report.json').at(-1)?.aim).toBe(']Q1');
    expect(read('ean13.json')).toEqual([{ aim: ']E0', data: '4006381333931' }]);
  });

  it('keeps the GS separators of a GS1 code for the parser', () => {
    const [, gs1] = fixtures.find(([file]) => file === 'gs1-128.json')!;
    const code = gs1.reports.map((report) => new HidPosDecoder().push(bytes(report))).at(-1);
    expect(code?.data).toContain('\u001d');
  });

  it('ignores a report too short to carry a code', () => {
    expect(new HidPosDecoder().push(Uint8Array.of(0x02, 0x05))).toBeNull();
  });
});
