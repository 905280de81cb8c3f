import type { ReactNode } from 'react';

/** One fact of a record's `<dl className="facts">`: what it is, and its value. */
export function Fact({ label, testId, children }: { label: string; testId?: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </>
  );
}
