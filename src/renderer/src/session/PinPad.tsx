import type { FormEvent, ReactNode, Ref } from 'react';

const MAX_PIN_LENGTH = 8;
const keys = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

interface PinPadProps {
  pin: string;
  onPin: (pin: string) => void;
  onSubmit: () => void;
  submitLabel: ReactNode;
  busy?: boolean;
  /** What went wrong with the last PIN, in main's words. */
  message?: string | null;
  /** Shown above the PIN field, e.g. "Alex". */
  label: string;
  /** A button beside the submit button, e.g. Cancel. */
  secondary?: ReactNode;
  /** The PIN field, for a screen that gives it the focus back (after a name is chosen). */
  inputRef?: Ref<HTMLInputElement>;
}

/**
 * A PIN typed on the keyboard (digits, Backspace, Enter) or tapped on the pad. The field keeps the focus while
 * the pad is tapped, so both can be mixed.
 */
export function PinPad({
  pin,
  onPin,
  onSubmit,
  submitLabel,
  busy = false,
  message,
  label,
  secondary,
  inputRef,
}: PinPadProps) {
  const press = (digit: string) => {
    if (pin.length < MAX_PIN_LENGTH) onPin(pin + digit);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!busy) onSubmit();
  };
  // Tapping a pad key must not take the focus away from the field.
  const keepFocus = (event: { preventDefault: () => void }) => event.preventDefault();

  return (
    // A PIN is never a barcode, however fast it is typed.
    <form className="pin-pad" data-wedge="off" onSubmit={submit}>
      <label className="pin-field">
        <span>{label}</span>
        <input
          ref={inputRef}
          type="password"
          data-testid="pin-input"
          inputMode="numeric"
          autoComplete="off"
          maxLength={MAX_PIN_LENGTH}
          aria-invalid={message ? true : undefined}
          data-autofocus
          autoFocus
          value={pin}
          onChange={(event) => onPin(event.target.value.replace(/\D/g, '').slice(0, MAX_PIN_LENGTH))}
        />
      </label>
      <p className="pin-message" role="alert" data-testid="pin-message">
        {message ?? ' '}
      </p>
      <div className="pin-keys">
        {keys.map((digit) => (
          <button type="button" key={digit} onMouseDown={keepFocus} onClick={() => press(digit)}>
            {digit}
          </button>
        ))}
        <button type="button" onMouseDown={keepFocus} onClick={() => onPin('')} disabled={pin === ''}>
          Clear
        </button>
        <button type="button" onMouseDown={keepFocus} onClick={() => press('0')}>
          0
        </button>
        <button
          type="button"
          aria-label="Delete last digit"
          onMouseDown={keepFocus}
          onClick={() => onPin(pin.slice(0, -1))}
          disabled={pin === ''}
        >
          ⌫
        </button>
      </div>
      <div className="pin-actions">
        {secondary}
        <button
          type="submit"
          className="primary pin-submit"
          data-testid="pin-submit"
          disabled={busy || pin.length < 4}
        >
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
