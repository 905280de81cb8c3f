import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { LoadingDialog } from './LoadingDialog.tsx';

/**
 * One record head office sends on request (a transfer, an adjustment), opened from a list: the dialog says it is
 * loading or why it could not load, then shows what `children` makes of it.
 */
export function RecordDialog<T>({
  title,
  what,
  testId,
  queryKey,
  load,
  onClose,
  children,
}: {
  title: string;
  what: string;
  testId: string;
  queryKey: readonly unknown[];
  load: () => Promise<T>;
  onClose: () => void;
  children: (found: T) => ReactNode;
}) {
  const detail = useQuery({ queryKey, queryFn: load });
  if (!detail.data)
    return <LoadingDialog title={title} what={what} error={detail.error} onClose={onClose} testId={testId} />;
  return children(detail.data);
}
