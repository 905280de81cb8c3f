import { AlertIcon, CloseIcon } from './icons.tsx';
import type { Problem } from './useProblem.ts';

/** A message's details (each refused field or row), one a line; nothing when there are none. */
export function Details({ details, className }: { details: string[]; className?: string }) {
  if (details.length === 0) return null;
  return (
    <ul className={className}>
      {details.map((detail, index) => (
        <li key={index}>{detail}</li>
      ))}
    </ul>
  );
}

/** The problem stays on screen until dismissed or the next action; each new one flashes the screen red. */
export function ErrorBanner({ problem, onDismiss }: { problem: Problem | null; onDismiss: () => void }) {
  if (!problem) return null;
  return (
    <>
      <div className="error-banner" role="alert" data-testid="error-banner">
        <AlertIcon size={24} />
        <div className="error-text">
          <p>{problem.message}</p>
          <Details details={problem.details} />
        </div>
        <button type="button" className="icon-button" aria-label="Dismiss message" onClick={onDismiss}>
          <CloseIcon />
        </button>
      </div>
      {/* Keyed by the problem, so the animation replays for every new one. */}
      <div className="error-flash" key={problem.id} aria-hidden="true" />
    </>
  );
}
