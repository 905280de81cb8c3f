import { useEffectEvent, useLayoutEffect } from 'react';
import { createWedgeDetector } from '../../../shared/wedge.ts';

/**
 * A keyboard-wedge scanner types its code as a fast burst of keys ending in Enter. This listens on the whole
 * window in the capture phase, so it works with no field focused and sees every key before any shortcut or
 * field does: a scan's Enter never reaches them, and characters the burst already typed into a field are
 * taken back out.
 *
 * Only one screen listens at a time (`enabled`), and keys typed inside an element marked `data-wedge="off"`
 * (a PIN field) are never taken for a scan.
 *
 * The listener goes on in the commit that shows the screen (a layout effect), not after paint: Chromium runs
 * key events ahead of React's deferred effects, so a scan the moment a count opened was otherwise lost.
 */
export function useWedgeScanner(onScan: (code: string) => void, enabled = true): void {
  const scanned = useEffectEvent(onScan);
  useLayoutEffect(() => {
    if (!enabled) return;
    const detector = createWedgeDetector();
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.target instanceof Element && event.target.closest('[data-wedge="off"]')) return;
      if (event.ctrlKey || event.altKey || event.metaKey || event.isComposing) {
        detector.reset();
        return;
      }
      const result = detector.push(event.key, event.timeStamp);
      if (result.kind !== 'scan') return;
      event.preventDefault();
      event.stopImmediatePropagation();
      removeTypedKeys(event.target, result.keysToDiscard);
      scanned(result.code);
    };
    window.addEventListener('keydown', onKeyDown, { capture: true });
    return () => window.removeEventListener('keydown', onKeyDown, { capture: true });
  }, [enabled]);
}

/** Delete the last `count` characters typed before the caret, in a way React's controlled inputs notice. */
function removeTypedKeys(target: EventTarget | null, count: number): void {
  if (count <= 0 || !(target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement)) return;
  const caret = target.selectionStart ?? target.value.length;
  const start = Math.max(0, caret - count);
  const value = target.value.slice(0, start) + target.value.slice(caret);
  const prototype =
    target instanceof HTMLInputElement ? HTMLInputElement.prototype : HTMLTextAreaElement.prototype;
  // Setting .value directly would bypass React's change tracking; the prototype setter plus an input event
  // is how a controlled input learns about a change made outside React.
  Object.getOwnPropertyDescriptor(prototype, 'value')?.set?.call(target, value);
  target.setSelectionRange(start, start);
  target.dispatchEvent(new Event('input', { bubbles: true }));
}
