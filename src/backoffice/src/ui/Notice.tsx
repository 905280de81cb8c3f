/** What a page says when something failed, and what an empty list says to do first. */
import type { ReactNode } from 'react';

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : 'Something went wrong: try again.';
}

/** A failure, read out by screen readers as it appears. */
export function ErrorNotice({ error }: { error: unknown }) {
  if (error === null || error === undefined) return null;
  return (
    <p className="notice notice-error" role="alert" data-testid="error">
      {errorText(error)}
    </p>
  );
}

/** An empty list: what it would hold, and the first thing to do. */
export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty-state" data-testid="empty-state">
      <p className="empty-title">{title}</p>
      {children && <div className="empty-hint">{children}</div>}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" role="status">
      Loading {what}…
    </p>
  );
}
