import { describe, expect, it } from 'vitest';
import { createWedgeDetector, type WedgeOptions, type WedgeResult } from '../../src/shared/wedge.ts';

type KeyEvent = [key: string, timeMs: number];

/** The keys of `text` (each a KeyboardEvent.key), `intervalMs` apart from `startMs`. */
function keys(text: string | string[], startMs: number, intervalMs: number): KeyEvent[] {
  return [...text].map((key, i) => [key, startMs + i * intervalMs]);
}

function feed(events: KeyEvent[], options?: Partial<WedgeOptions>): WedgeResult[] {
  const detector = createWedgeDetector(options);
  return events.map(([key, time]) => detector.push(key, time));
}

const ean13 = '4006381333931';
/** A scanner ends 13 keys at 10 ms with Enter 10 ms later, starting at t. */
const scanAt = (t: number, code = ean13): KeyEvent[] => [
  ...keys(code, t, 10),
  ['Enter', t + code.length * 10],
];

interface Scenario {
  name: string;
  events: KeyEvent[];
  options?: Partial<WedgeOptions>;
  /** What the last key (normally the terminator) reports. */
  last: WedgeResult;
}

const scenarios: Scenario[] = [
  {
    name: 'EAN-13 at 10 ms with Enter is a scan',
    events: scanAt(1000),
    last: { kind: 'scan', code: ean13, keysToDiscard: 13 },
  },
  {
    name: 'scanner at 25 ms, just inside the limit',
    events: [...keys(ean13, 0, 25), ['Enter', 13 * 25]],
    last: { kind: 'scan', code: ean13, keysToDiscard: 13 },
  },
  {
    name: 'human typing at 120 ms then Enter is not a scan',
    events: [...keys('4006381', 0, 120), ['Enter', 7 * 120]],
    last: { kind: 'none' },
  },
  {
    name: 'a person types, pauses, then scans: only the burst is the code',
    events: [...keys('ab', 0, 120), ...scanAt(400)],
    last: { kind: 'scan', code: ean13, keysToDiscard: 13 },
  },
  {
    name: 'a person types and scans right after their last key',
    events: [...keys('ab', 0, 120), ...scanAt(240)],
    last: { kind: 'scan', code: ean13, keysToDiscard: 13 },
  },
  {
    name: 'a burst interrupted by a slow key is not a scan, not even its long tail',
    events: [...keys('400638', 0, 10), ...keys('1333931', 170, 10), ['Enter', 240]],
    last: { kind: 'none' },
  },
  {
    name: 'a scan long after a broken burst with no Enter counts again',
    events: [...keys('400638', 0, 10), ...scanAt(2000)],
    last: { kind: 'scan', code: ean13, keysToDiscard: 13 },
  },
  {
    name: 'a burst shorter than the minimum is not a scan',
    events: [...keys('12345', 0, 10), ['Enter', 50]],
    last: { kind: 'none' },
  },
  {
    name: 'the minimum length is a setting',
    events: [...keys('12345', 0, 10), ['Enter', 50]],
    options: { minLength: 4 },
    last: { kind: 'scan', code: '12345', keysToDiscard: 5 },
  },
  {
    name: 'Enter long after a fast burst is the person pressing Enter',
    events: [...keys(ean13, 0, 10), ['Enter', 130 + 200]],
    last: { kind: 'none' },
  },
  {
    name: 'Enter on its own is not a scan',
    events: [['Enter', 0]],
    last: { kind: 'none' },
  },
  {
    name: 'GS1 data with Shift around capitals: Shift is neither part of the code nor a break',
    events: [
      ...keys(
        ['0', '1', '0', '9', '5', '0', '1', '1', '0', '1', '0', '2', '0', '9', '1', '7', '1', '0'],
        0,
        8,
      ),
      ...keys(['Shift', 'A', 'Shift', 'B', 'Shift', 'C', 'Shift', 'D', '1', '2', '3', '4'], 144, 4),
      ['Enter', 200],
    ],
    last: { kind: 'scan', code: '0109501101020917' + '10ABCD1234', keysToDiscard: 26 },
  },
  {
    name: 'a GS separator delivered as a key stays in the code',
    events: [...keys('10ABC\u001d21XYZ', 0, 10), ['Enter', 110]],
    last: { kind: 'scan', code: '10ABC\u001d21XYZ', keysToDiscard: 11 },
  },
  {
    name: 'a key like Backspace inside a burst cuts it: neither part is a scan',
    events: [...keys('400638', 0, 10), ['Backspace', 60], ...keys('1333931', 70, 10), ['Enter', 140]],
    last: { kind: 'none' },
  },
  {
    name: 'a person corrects a typo with Backspace, then scans',
    events: [...keys('ab', 0, 120), ['Backspace', 400], ...scanAt(700)],
    last: { kind: 'scan', code: ean13, keysToDiscard: 13 },
  },
  {
    name: 'Tab is not a terminator unless configured: it breaks the burst',
    events: [...keys(ean13, 0, 10), ['Tab', 130]],
    last: { kind: 'none' },
  },
  {
    name: 'Tab as the configured scanner suffix',
    events: [...keys(ean13, 0, 10), ['Tab', 130]],
    options: { terminators: ['Enter', 'Tab'] },
    last: { kind: 'scan', code: ean13, keysToDiscard: 13 },
  },
  {
    name: 'a slower scanner with a wider gap setting',
    events: [...keys(ean13, 0, 45), ['Enter', 13 * 45]],
    options: { maxInterKeyMs: 50 },
    last: { kind: 'scan', code: ean13, keysToDiscard: 13 },
  },
];

describe('keyboard-wedge detector', () => {
  it.each(scenarios)('$name', ({ events, options, last }) => {
    expect(feed(events, options).at(-1)).toEqual(last);
  });

  it('reports the first key of a burst as none and the rest as pending', () => {
    const kinds = feed(scanAt(0)).map((result) => result.kind);
    expect(kinds).toEqual(['none', ...Array<string>(12).fill('pending'), 'scan']);
  });

  it('reports every key of slow typing as none', () => {
    const kinds = feed(keys('hello world', 0, 150)).map((result) => result.kind);
    expect(kinds.every((kind) => kind === 'none')).toBe(true);
  });

  it('reports the tail of an interrupted burst as none, so the UI treats it as typing', () => {
    const results = feed([...keys('400638', 0, 10), ...keys('1333931', 170, 10)]);
    expect(results.slice(6).map((result) => result.kind)).toEqual(Array<string>(7).fill('none'));
  });

  it('scans twice in a row', () => {
    const detector = createWedgeDetector();
    const results = [...scanAt(0), ...scanAt(1000, '96385074')].map(([key, time]) =>
      detector.push(key, time),
    );
    expect(results.filter((result) => result.kind === 'scan')).toEqual([
      { kind: 'scan', code: ean13, keysToDiscard: 13 },
      { kind: 'scan', code: '96385074', keysToDiscard: 8 },
    ]);
  });

  it('forgets a half-collected burst on reset', () => {
    const detector = createWedgeDetector();
    for (const [key, time] of keys(ean13, 0, 10)) detector.push(key, time);
    detector.reset();
    expect(detector.push('Enter', 130)).toEqual({ kind: 'none' });
  });
});
