/** The lines under a form or in a panel that say how it went; nothing when there is nothing to say. */
interface LineProps {
  message: string | null | undefined;
  testId?: string;
}

function FormLine({ message, testId, className, role }: LineProps & { className: string; role: string }) {
  if (!message) return null;
  return (
    <p className={className} role={role} data-testid={testId}>
      {message}
    </p>
  );
}

/** What went wrong: read out at once. */
export const FormError = (props: LineProps) => <FormLine {...props} className="form-error" role="alert" />;

/** Something to see to that is not (yet) an error, e.g. head office unreachable and being tried again. */
export const FormWarning = (props: LineProps) => (
  <FormLine {...props} className="form-warning" role="alert" />
);

/** What happened: "The drawer is open." */
export const FormNote = (props: LineProps) => <FormLine {...props} className="form-note" role="status" />;
