import { MinusIcon, PlusIcon } from './icons.tsx';

interface StepButtonProps {
  /** One less or one more. */
  step: 'less' | 'more';
  /** Says what changes: "One more Milk". */
  label: string;
  testId?: string;
  disabled?: boolean;
  /** Left out of the Tab order, so Tab goes from field to field (the cash count). */
  untabbable?: boolean;
  onClick: () => void;
}

/** − or + beside a quantity field, for a tap instead of typing. */
export function StepButton({ step, label, testId, disabled, untabbable, onClick }: StepButtonProps) {
  return (
    <button
      type="button"
      className="qty-button"
      data-testid={testId}
      aria-label={label}
      tabIndex={untabbable ? -1 : undefined}
      disabled={disabled}
      onClick={onClick}
    >
      {step === 'less' ? <MinusIcon /> : <PlusIcon />}
    </button>
  );
}
