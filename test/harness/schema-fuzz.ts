/**
 * Fuzzing a boundary from its own zod schemas: a valid input is built from the schema (so a new IPC channel or
 * socket message is covered without a table to keep up to date), then broken in one of the ways a faulty or
 * hostile sender breaks things: a control character in one of its strings, a value of another type, a number
 * no range holds, an oversize string, deep nesting, a key too many or too few, or junk instead of the whole.
 * Everything comes from a seeded generator, so a seed replays a run.
 */
import type { z } from 'zod';

export type Random = () => number;

/**
 * Control characters no text field takes. Not GS (GS1's separator, which a scan keeps) nor tab, LF and CR
 * (which fields meant to hold several lines keep).
 */
export const controlCharacters = [
  '\u0000',
  '\u0001',
  '\u0007',
  '\u0008',
  '\u000b',
  '\u000c',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u009b',
];

/** Tried in turn for a string field until one passes its schema; add one when a new field takes none. */
const stringCandidates = [
  'Till 1',
  'abcd',
  '1234',
  'STD',
  'EUR',
  'en-IE',
  '01970000-0000-7000-8000-000000000000',
  '2025-03-01T09:00:00.000Z',
  'https://hq.example.invalid',
  '/dev/ttyUSB0',
  'epson-tm-t88vi',
  '0123456789abcdef'.repeat(4),
];
const numberCandidates = [1, 2, 5, 10, 100, 1000, 2000, 9600, 0];

/** The part of zod v4's schema definitions the sampler reads. */
interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  entries?: Record<string, string | number>;
  values?: unknown[];
  in?: z.ZodType;
}
const defOf = (schema: z.ZodType): Def => (schema as unknown as { def: Def }).def;

export const pick = <T>(random: Random, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)]!;

/** `fits`: what a leaf value must pass (a pipe's input must also pass what it is piped into). */
function sample(
  schema: z.ZodType,
  random: Random,
  fits = (value: unknown): boolean => schema.safeParse(value).success,
): unknown {
  const def = defOf(schema);
  switch (def.type) {
    case 'object': {
      const value: Record<string, unknown> = {};
      for (const [key, field] of Object.entries(def.shape!)) {
        const leaveOut = ['optional', 'default'].includes(defOf(field).type) && random() < 0.3;
        if (!leaveOut) value[key] = sample(field, random);
      }
      return value;
    }
    case 'optional':
      return random() < 0.3 ? undefined : sample(def.innerType!, random);
    case 'nullable':
      return random() < 0.2 ? null : sample(def.innerType!, random);
    case 'default':
    case 'prefault':
      return sample(def.innerType!, random);
    case 'pipe':
      return sample(def.in!, random, (value) => def.in!.safeParse(value).success && fits(value));
    case 'union':
      return sample(pick(random, def.options!), random);
    case 'array':
      return Array.from({ length: 1 + Math.floor(random() * 2) }, () => sample(def.element!, random));
    case 'enum':
      return pick(random, Object.values(def.entries!));
    case 'literal':
      return def.values![0];
    case 'boolean':
      return random() < 0.5;
    case 'string':
      return stringCandidates.find(fits) ?? 'x';
    case 'number':
    case 'int': {
      const fitting = numberCandidates.filter(fits);
      return fitting.length > 0 ? pick(random, fitting) : 1;
    }
    case 'record':
      return {};
    default:
      return undefined;
  }
}

/** A value `schema` accepts, built from its shape; null when none turned up in a few tries. */
export function validSample(schema: z.ZodType, random: Random): { value: unknown } | null {
  for (let attempt = 0; attempt < 40; attempt += 1) {
    const value = sample(schema, random);
    if (schema.safeParse(value).success) return { value };
  }
  return null;
}

type Path = (string | number)[];

/** Every place in a JSON-shaped value, the value itself first (path []). */
function places(value: unknown, path: Path = []): { path: Path; value: unknown }[] {
  const found = [{ path, value }];
  if (Array.isArray(value)) value.forEach((item, i) => found.push(...places(item, [...path, i])));
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) found.push(...places(item, [...path, key]));
  }
  return found;
}

/** `value` with the place at `path` replaced (a copy; the original stays as it is). */
function replaced(value: unknown, path: Path, replacement: (old: unknown) => unknown): unknown {
  if (path.length === 0) return replacement(value);
  const [head, ...rest] = path;
  if (Array.isArray(value)) {
    return value.map((item, i) => (i === head ? replaced(item, rest, replacement) : item));
  }
  const copy = { ...(value as Record<string, unknown>) };
  copy[head!] = replaced(copy[head!], rest, replacement);
  return copy;
}

const deep = (depth: number, random: Random): unknown => {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i += 1) value = random() < 0.5 ? [value] : { a: value };
  return value;
};

/** Something of any type; `rich` adds what Electron's structured clone carries but JSON does not. */
export function junk(random: Random, rich = false): unknown {
  const choices: (() => unknown)[] = [
    () => null,
    () => undefined,
    () => random() < 0.5,
    () => pick(random, [0, -1, -0, 0.5, 1e308, -1e308, 2 ** 53 + 2, Number.MAX_SAFE_INTEGER]),
    () => pick(random, [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]),
    () => '',
    () => `x${pick(random, controlCharacters)}y`,
    () => 'é語'.repeat(1 + Math.floor(random() * 20_000)),
    () => [],
    () => [junk(random, rich), junk(random, rich)],
    () => ({}),
    () => JSON.parse('{"__proto__": {"polluted": true}, "constructor": "x", "toString": 1}') as unknown,
    () => deep(50 + Math.floor(random() * 500), random),
  ];
  if (rich)
    choices.push(
      () => 10n ** 30n,
      () => new Date(),
      () => new Map([[1, 2]]),
      () => new Uint8Array(3),
    );
  return pick(random, choices)();
}

export type MutationKind =
  'control' | 'type' | 'number' | 'oversize' | 'nesting' | 'extra key' | 'missing key' | 'junk';

export interface Mutation {
  kind: MutationKind;
  /** Where it was made, for the failure message. */
  path: Path;
  value: unknown;
}

/** `valid` broken in one way picked at random; junk instead when that way finds no place (no string to spoil). */
export function mutate(valid: unknown, random: Random, rich = false): Mutation {
  return mutateAt(valid, random, rich) ?? { kind: 'junk', path: [], value: junk(random, rich) };
}

function mutateAt(valid: unknown, random: Random, rich: boolean): Mutation | null {
  const all = places(valid);
  const strings = all.filter((place) => typeof place.value === 'string');
  const numbers = all.filter((place) => typeof place.value === 'number');
  const objects = all.filter(
    (place) => place.value !== null && typeof place.value === 'object' && !Array.isArray(place.value),
  );
  const keyed = all.filter((place) => typeof place.path.at(-1) === 'string');
  const kind = pick(random, [
    'control',
    'control',
    'type',
    'number',
    'oversize',
    'nesting',
    'extra key',
    'missing key',
    'junk',
  ] as const);
  const at = (from: typeof all, change: (old: unknown) => unknown): Mutation | null => {
    if (from.length === 0) return null;
    const { path } = pick(random, from);
    return { kind, path, value: replaced(valid, path, change) };
  };
  switch (kind) {
    case 'control':
      return at(strings, (old) => {
        const text = old as string;
        const cut = Math.floor(random() * (text.length + 1));
        return text.slice(0, cut) + pick(random, controlCharacters) + text.slice(cut);
      });
    case 'type':
      return at(all, (old) => {
        let value = junk(random, rich);
        while (typeof value === typeof old && value !== null) value = junk(random, rich);
        return value;
      });
    case 'number':
      return at(numbers, () =>
        pick(random, [-1, 0.5, 1e308, -(2 ** 53), Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31]),
      );
    case 'oversize':
      return at(strings, () => 'x'.repeat(1000 + Math.floor(random() * 200_000)));
    case 'nesting':
      return at(all, () => deep(100 + Math.floor(random() * 2000), random));
    case 'extra key':
      return at(objects, (old) => ({ ...(old as object), unexpected: junk(random, rich) }));
    case 'missing key': {
      if (keyed.length === 0) return null;
      const { path } = pick(random, keyed);
      const parent = path.slice(0, -1);
      return {
        kind,
        path,
        value: replaced(valid, parent, (old) => {
          const copy = { ...(old as Record<string, unknown>) };
          delete copy[path.at(-1)!];
          return copy;
        }),
      };
    }
    case 'junk':
      return { kind, path: [], value: junk(random, rich) };
  }
}

/** For a failure message: the input, cut short. */
export function describeInput(value: unknown): string {
  const text = JSON.stringify(value, (_key, item: unknown) =>
    typeof item === 'bigint' ? `${item}n` : item === undefined ? '(undefined)' : item,
  );
  return (text ?? String(value)).slice(0, 300);
}
