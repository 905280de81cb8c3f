/** Turning zod's findings into words a person (or a register's status line) can act on. */
import type { z } from 'zod';
import { CounterError } from '../shared/errors.ts';

export function issueList(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const where = issue.path.length > 0 ? issue.path.join('.') : 'value';
    const missing = issue.code === 'invalid_type' && issue.message.endsWith('received undefined');
    return `${where}: ${missing ? `required (${issue.expected})` : issue.message}`;
  });
}

/** One line: the first few problems. */
export function describeIssues(error: z.ZodError): string {
  const issues = issueList(error);
  return issues.slice(0, 5).join('; ') + (issues.length > 5 ? `; and ${issues.length - 5} more` : '');
}

/**
 * The first `atMost` names, then how many more: "A, B, C and 4 more". `total`: how many there are, when only
 * the first few were read.
 */
export function someOf(names: readonly string[], atMost: number, total = names.length): string {
  return total > atMost
    ? `${names.slice(0, atMost).join(', ')} and ${total - atMost} more`
    : names.join(', ');
}

/** INVALID_INPUT naming every field of `what` that is wrong. */
export function invalidInput(error: z.ZodError, what: string): CounterError {
  const issues = describeIssues(error);
  return new CounterError(
    'INVALID_INPUT',
    `The ${what} is not valid: ${issues}${issues.endsWith('.') ? '' : '.'}`,
    issueList(error),
  );
}
