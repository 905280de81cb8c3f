import type { ComponentProps } from 'react';
import { TextField } from '../ui/Field.tsx';

/**
 * A password, hidden as it is typed and always asked for; `isNew` tells the browser's password manager to offer
 * a new password instead of the one it knows.
 */
export function PasswordField({
  isNew = false,
  ...field
}: { isNew?: boolean } & Omit<ComponentProps<typeof TextField>, 'type' | 'autoComplete' | 'required'>) {
  return (
    <TextField
      type="password"
      autoComplete={isNew ? 'new-password' : 'current-password'}
      required
      {...field}
    />
  );
}
