/** The signed-in person's own account: who they are, what they may do, and changing their password. */
import { useState } from 'react';
import { MIN_PASSWORD_LENGTH } from '../../../shared/backoffice/people-api.ts';
import { api } from '../api/api.ts';
import { PasswordField } from '../session/PasswordField.tsx';
import { useSessionQuery } from '../session/session.ts';
import { roleNames } from '../shell/Shell.tsx';
import { ActionForm } from '../ui/ActionForm.tsx';
import { fieldError } from '../ui/Field.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { useAction } from '../ui/useAction.ts';
import { useFields } from '../ui/useFields.ts';

export function AccountPage() {
  const user = useSessionQuery().data!.user;
  const { fields, field, reset } = useFields({ current: '', next: '' });
  const [changed, setChanged] = useState(false);
  const change = useAction(
    () => api.changePassword(fields.current, fields.next),
    () => {
      setChanged(true);
      reset();
    },
  );
  return (
    <>
      <PageHeader
        title="Your account"
        description={`${user.name} <${user.email}>, ${roleNames[user.role]}`}
      />
      <section className="panel">
        <h2>Change your password</h2>
        <ActionForm
          label="Change your password"
          className="form form-narrow"
          action={change}
          onSend={() => {
            setChanged(false);
            change.start(undefined);
          }}
          send="Change password"
        >
          <PasswordField
            label="Current password"
            error={fieldError(change.details, 'currentPassword')}
            {...field('current')}
          />
          <PasswordField
            isNew
            label="New password"
            minLength={MIN_PASSWORD_LENGTH}
            hint={`At least ${MIN_PASSWORD_LENGTH} characters. Your other sessions end.`}
            error={fieldError(change.details, 'newPassword')}
            {...field('next')}
          />
          {changed && <p role="status">Your password is changed.</p>}
        </ActionForm>
      </section>
    </>
  );
}
