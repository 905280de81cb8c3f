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
  const parts = format.formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((p) => p.type === type)?.value);
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
  return wallAsUtc - Math.floor(instant / 1000) * 1000;
}

/** The instant of midnight starting the given calendar day (month 1-12; day may run over) in `timeZone`. */
function midnight(year: number, month: number, day: number, timeZone: string): Date {
  const midnightAsUtc = Date.UTC(year, month - 1, day);
  // The offset at midnight can differ from the offset at noon (summer time): take it near midnight itself.
  const guess = midnightAsUtc - offsetAt(midnightAsUtc, timeZone);
  return new Date(midnightAsUtc - offsetAt(guess, timeZone));
}

/**
 * The instant the day holding `instant` began in `timeZone` (its midnight), `days` days later (negative:
 * earlier). A day with a summer-time change is 23 or 25 hours long; it still starts at its midnight.
 */
export function startOfDay(instant: Date, timeZone: string, days = 0): Date {
  const { year, month, day } = wallClock(instant.getTime(), timeZone);
  return midnight(year, month, day + days, timeZone);
}

/** The hour of the clock (0-23) that `instant` falls on in `timeZone`. */
export function hourOf(instant: Date, timeZone: string): number {
  return wallClock(instant.getTime(), timeZone).hour % 24;
}

/** The calendar day ("2025-03-10") that `instant` falls on in `timeZone`. */
export function dayOf(instant: Date, timeZone: string): string {
  const { year, month, day } = wallClock(instant.getTime(), timeZone);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The day "2025-03-10" in `timeZone`, from its midnight to the next: [from, to). */
export function dayRange(day: string, timeZone: string): { from: Date; to: Date } {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return { from: midnight(year, month, date, timeZone), to: midnight(year, month, date + 1, timeZone) };
}
