/**
 * Keyboard-wedge scanner detection. A wedge scanner "types" the code into whatever has focus, 5-20 ms per key,
 * and ends with Enter (or Tab). People are far slower, so a run of fast keys of a minimum length that ends in
 * a fast terminator is a scan; anything else is typing and is left alone.
 *
 * The detector is pure: the UI feeds it `KeyboardEvent.key` and `event.timeStamp` for every keydown and acts
 * on the result.
 * - `pending`: the key belongs to what may be a scan. Let it through (if it lands in a text field, the scan
 *   result says how many characters to take back out) but do not act on it, e.g. no shortcut.
 * - `scan`: the terminator ended a scan. Prevent its default (so no form submits), remove `keysToDiscard`
 *   characters from the focused text field if the burst went into one, and look the code up.
 * - `none`: ordinary typing; handle the key normally. Enter after slow typing is 'none', so forms still work.
 *
 * The first key of a burst cannot be told from a keystroke until the second one arrives, so it is reported as
 * `none` and handled normally. It is still part of the scanned code and counted in `keysToDiscard` once the
 * following keys show it was a burst.
 *
 * A burst that is interrupted by a short pause is not a scan, and neither is its tail: the fast keys after the
 * pause are rejected up to the next terminator, because a partial code can look like a valid shorter one
 * (the last 8 digits of an EAN-13 might pass as an EAN-8). After a longer pause (more than ten times
 * maxInterKeyMs, 500 ms by default: no one re-aims a scanner faster) a new run is a fresh scan.
 *
 * Wedge scanners usually cannot type the GS1 separator (GS, 0x1D); when a browser does deliver it as a key it
 * counts as a printable character and stays in the code.
 */
export interface WedgeOptions {
  /**
   * Longest gap between two keys of one burst. USB scanners send keys 5-20 ms apart, some Bluetooth ones up to
   * 40 ms; even fast typists rarely keep six keys in a row under 50 ms.
   */
  maxInterKeyMs: number;
  /** Shortest code accepted as a scan (EAN-8 is 8; internal codes may be shorter). */
  minLength: number;
  /** Keys that end a scan: the scanner's suffix. */
  terminators: ('Enter' | 'Tab')[];
}

export type WedgeResult =
  { kind: 'scan'; code: string; keysToDiscard: number } | { kind: 'pending' } | { kind: 'none' };

export interface WedgeDetector {
  push(key: string, timeMs: number): WedgeResult;
  reset(): void;
}

export const defaultWedgeOptions: WedgeOptions = { maxInterKeyMs: 50, minLength: 6, terminators: ['Enter'] };

/** Keys a scanner may press around a character (Shift for capitals), which neither add to nor break a burst. */
const MODIFIER_KEYS = new Set(['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'CapsLock', 'NumLock']);

const NONE: WedgeResult = { kind: 'none' };
const PENDING: WedgeResult = { kind: 'pending' };

export function createWedgeDetector(options?: Partial<WedgeOptions>): WedgeDetector {
  const { maxInterKeyMs, minLength, terminators } = { ...defaultWedgeOptions, ...options };
  /** The current run of printable keys, each within maxInterKeyMs of the one before. */
  let burst: string[] = [];
  let lastKeyAt = Number.NEGATIVE_INFINITY;
  /** The current run started right after a pause in another fast run: the tail of an interrupted burst. */
  let interrupted = false;

  function reset(): void {
    burst = [];
    lastKeyAt = Number.NEGATIVE_INFINITY;
    interrupted = false;
  }

  const resumeWindowMs = maxInterKeyMs * 10;
  const isFast = (timeMs: number): boolean => timeMs - lastKeyAt >= 0 && timeMs - lastKeyAt <= maxInterKeyMs;
  const status = (): WedgeResult => (burst.length >= 2 && !interrupted ? PENDING : NONE);

  function push(key: string, timeMs: number): WedgeResult {
    if (MODIFIER_KEYS.has(key)) return status();

    if ((terminators as string[]).includes(key)) {
      const isScan = !interrupted && burst.length >= minLength && isFast(timeMs);
      const code = burst.join('');
      reset();
      return isScan ? { kind: 'scan', code, keysToDiscard: code.length } : NONE;
    }

    if ([...key].length !== 1) {
      // Backspace, arrows, F-keys, Escape…: never part of a code. Inside a fast run they cut it, like a pause.
      interrupted = burst.length >= 2;
      burst = [];
      lastKeyAt = timeMs;
      return NONE;
    }

    if (isFast(timeMs)) {
      burst.push(key);
    } else {
      interrupted = burst.length >= 2 && timeMs - lastKeyAt <= resumeWindowMs;
      burst = [key];
    }
    lastKeyAt = timeMs;
    return status();
  }

  return { push, reset };
}
