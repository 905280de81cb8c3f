import type { ReturnDisposition } from '../../../shared/domain.ts';
import { Segmented } from '../ui/Segmented.tsx';

interface DispositionToggleProps {
  name: string;
  disposition: ReturnDisposition;
  onDisposition: (disposition: ReturnDisposition) => void;
}

/** Where a returned item goes: back on the shelf, or set aside as damaged (not sellable). */
export function DispositionToggle({ name, disposition, onDisposition }: DispositionToggleProps) {
  return (
    <Segmented
      label={`Where ${name} goes`}
      testId="disposition"
      value={disposition}
      onChange={onDisposition}
      small
      options={[
        { value: 'sellable', label: 'To stock' },
        { value: 'damaged', label: 'Damaged' },
      ]}
    />
  );
}
