import { Dialog } from './Dialog.tsx';
import { ErrorNotice, Loading } from './Notice.tsx';

/** A record's dialog while head office has not sent it yet, or saying why it could not. */
export function LoadingDialog({
  title,
  what,
  error,
  onClose,
  testId,
}: {
  title: string;
  what: string;
  error: unknown;
  onClose: () => void;
  testId: string;
}) {
  return (
    <Dialog title={title} onClose={onClose} wide testId={testId}>
      {error ? <ErrorNotice error={error} /> : <Loading what={what} />}
    </Dialog>
  );
}
