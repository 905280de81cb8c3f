import { useStore } from '../store.ts';
import { useClock } from './useClock.ts';

/** Its own component so only the clock re-renders every second. */
export function Clock() {
  const { info } = useStore();
  const now = useClock();
  const locale = info.settings.locale;
  return (
    <div className="clock">
      <time className="clock-time" dateTime={now.toISOString()}>
        {now.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' })}
      </time>
      <span className="clock-date">
        {now.toLocaleDateString(locale, {
          weekday: 'short',
          day: 'numeric',
          month: 'short',
          year: 'numeric',
        })}
      </span>
    </div>
  );
}
