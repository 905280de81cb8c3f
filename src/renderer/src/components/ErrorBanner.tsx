import type { Problem } from '../hooks/useProblem.ts';
import { AlertIcon, CloseIcon } from './icons.tsx';

/** The problem stays on screen until dismissed or the next action; each new one flashes the screen red. */
export function ErrorBanner({ problem, onDismiss }: { problem: Problem | null; onDismiss: () => void }) {
  if (!problem) return null;
  return (
    <>
      <div className="error-banner" role="alert" data-testid="error-banner">
        <AlertIcon size={24} />
        <div className="error-text">
          <p>{problem.message}</p>
          {problem.details.length > 0 && (
            <ul>
              {problem.details.map((detail) => (
                <li key={detail}>{detail}</li>
              ))}
            </ul>
          )}
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
