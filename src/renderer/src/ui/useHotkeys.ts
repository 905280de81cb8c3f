import { useEffect, useEffectEvent, type KeyboardEvent as ReactKeyboardEvent } from 'react';

/** Handlers by KeyboardEvent.key ("F4", "Enter", "Escape"). Return false to let the key through untouched. */
export type Hotkeys = Partial<Record<string, (event: KeyboardEvent) => boolean | void>>;

/**
 * One element's keys (a field's Enter and Escape), with the same handlers as the window's: a handled key does
 * what its handler says and nothing else, unless the handler returns false.
 */
export function onKeys<E extends Element>(
  handlers: Partial<Record<string, (event: ReactKeyboardEvent<E>) => boolean | void>>,
) {
  return (event: ReactKeyboardEvent<E>) => {
    const handler = handlers[event.key];
    if (handler && handler(event) !== false) event.preventDefault();
  };
}

/**
 * Window-level shortcuts, in the bubble phase: a field that handles a key itself calls preventDefault and the
 * shortcut stays quiet, and the wedge scanner (capture phase) swallows a scan's keys before they get here.
 */
export function useHotkeys(hotkeys: Hotkeys, enabled = true): void {
  const onKeyDown = useEffectEvent((event: KeyboardEvent) => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    const handler = hotkeys[event.key];
    if (handler && handler(event) !== false) event.preventDefault();
  });
  useEffect(() => {
    if (!enabled) return;
    const listener = (event: KeyboardEvent) => onKeyDown(event);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, [enabled]);
}
