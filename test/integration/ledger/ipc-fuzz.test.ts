/**
 * IPC fuzz: every contract channel, through the real dispatcher and handler table, with inputs built from the
 * channel's own schema and then broken (test/harness/schema-fuzz.ts). Every input the schema refuses must
 * come back as a typed INVALID_INPUT envelope and write nothing; a control character in any of a channel's
 * strings must be refused (a CSV file is the one text that is checked by the import itself, row by row).
 * Seeded and bounded: IPC_FUZZ_SEED=<seed> replays a run.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RegisterApp } from '../../../src/main/app.ts';
import { envelopeSchema } from '../../../src/main/ipc/dispatch.ts';
import { channels, inputs, type Channel } from '../../../src/shared/contract.ts';
import { describeInput, mutate, validSample } from '../../harness/schema-fuzz.ts';
import { seededRandom, seedFrom } from '../../harness/seeded-random.ts';
import { freshApp } from './ledger-fixture.ts';

const seed = seedFrom('IPC_FUZZ_SEED');
/** Refused inputs each channel must answer; mutations that stay valid do not count, up to a bound. */
const inputsPerChannel = 100;
const attemptsPerChannel = inputsPerChannel * 5;
/** Channels whose handler checks text itself and reports what it refused in its answer. */
const checkedByHandler: Channel[] = ['catalog.importCsv'];

let app: RegisterApp;
beforeAll(() => {
  app = freshApp();
});
afterAll(() => app?.close());

const totalChanges = (): number => app.db.prepare('SELECT total_changes()').pluck().get() as number;

it(`answers random broken inputs on every channel with a typed refusal and writes nothing (seed ${seed})`, async () => {
  const random = seededRandom(seed);
  const problems: string[] = [];
  const tried = new Map<Channel, number>();
  const before = totalChanges();

  for (const channel of channels) {
    const schema = inputs[channel];
    const base = validSample(schema, random);
    if (!base) {
      problems.push(
        `${channel}: no valid input could be built; add a string its schema takes to schema-fuzz.ts`,
      );
      continue;
    }
    for (let i = 0; i < attemptsPerChannel && (tried.get(channel) ?? 0) < inputsPerChannel; i += 1) {
      const mutation = mutate(base.value, random, true);
      const what = `${channel} (${mutation.kind} at ${mutation.path.join('.') || 'input'}): ${describeInput(mutation.value)}`;
      const valid = schema.safeParse(mutation.value).success;
      const control = mutation.kind === 'control';
      if (valid && !(control && checkedByHandler.includes(channel))) {
        if (control) problems.push(`${what}: a control character got past the schema`);
        continue; // otherwise still valid: not this test's business
      }
      tried.set(channel, (tried.get(channel) ?? 0) + 1);
      const changes = totalChanges();
      let answer: unknown;
      try {
        answer = await app.dispatch(channel, mutation.value);
      } catch (error) {
        problems.push(`${what}: the dispatcher threw ${String(error)}`);
        continue;
      }
      const envelope = envelopeSchema.safeParse(answer);
      if (!envelope.success) problems.push(`${what}: the answer is no envelope: ${describeInput(answer)}`);
      else if (valid) {
        // A CSV file with a control character: the import answers with the rows it refused.
        const report = envelope.data.ok
          ? (envelope.data.value as { imported: number; errors: unknown[] })
          : null;
        if (report && (report.imported !== 0 || report.errors.length === 0))
          problems.push(`${what}: imported instead of refused`);
      } else if (envelope.data.ok || envelope.data.error.code !== 'INVALID_INPUT') {
        problems.push(`${what}: answered ${describeInput(envelope.data)} instead of INVALID_INPUT`);
      }
      if (totalChanges() !== changes) problems.push(`${what}: the ledger changed`);
    }
  }

  expect(problems).toEqual([]);
  expect(totalChanges()).toBe(before);
  // A channel whose mutations mostly stay valid is hardly fuzzed: schema-fuzz.ts must break it harder.
  for (const channel of channels) expect(tried.get(channel) ?? 0, channel).toBe(inputsPerChannel);
  // Still working afterwards.
  expect(await app.dispatch('catalog.search', { query: 'milk' })).toMatchObject({ ok: true });
});
