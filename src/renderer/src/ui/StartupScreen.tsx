interface StartupScreenProps {
  /** Why the register cannot be shown, in words; null while it is still opening. */
  failure: string | null;
  onRetry: () => void;
}

/** What shows before the register can: "Opening the register…", or why it cannot, with Try again. */
export function StartupScreen({ failure, onRetry }: StartupScreenProps) {
  return (
    <div className="startup">
      <h1>Counter</h1>
      {failure ? (
        <>
          <p className="startup-error" role="alert">
            {failure}
          </p>
          <button type="button" className="primary" onClick={onRetry}>
            Try again
          </button>
        </>
      ) : (
        <p>Opening the register…</p>
      )}
    </div>
  );
}
