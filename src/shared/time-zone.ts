/**
 * Days as a store lives them: its midnight in its own time zone, whatever zone the server or the browser is in.
 * Intl knows every zone's offsets and summer times; no library needed.
 */

const formats = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock date and time at `instant` in `timeZone`. */
function wallClock(instant: number, timeZone: string) {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formats.set(timeZone, format);
  }
  const part = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(format.formatToParts(instant).find((p) => p.type === type)?.value);
  return {
    year: part('year'),
    month: part('month'),
    day: part('day'),
    hour: part('hour'),
    minute: part('minute'),
    second: part('second'),
  };
}

/** How far `timeZone`'s clocks are ahead of UTC at `instant`, in ms. */
function offsetAt(instant: number, timeZone: string): number {
  const wall = wallClock(instant, timeZone);
  const wallAsUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return wallAsUtc - (instant - (((instant % 1000) + 1000) % 1000));
}

/**
 * The instant the day holding `instant` began in `timeZone` (its midnight), `days` days later (negative:
 * earlier). A day with a summer-time change is 23 or 25 hours long; it still starts at its midnight.
 */
export function startOfDay(instant: Date, timeZone: string, days = 0): Date {
  const { year, month, day } = wallClock(instant.getTime(), timeZone);
  const midnightAsUtc = Date.UTC(year, month - 1, day + days);
  // The offset at midnight can differ from the offset now (summer time): take it at the first guess.
  const guess = midnightAsUtc - offsetAt(midnightAsUtc, timeZone);
  return new Date(midnightAsUtc - offsetAt(guess, timeZone));
}
