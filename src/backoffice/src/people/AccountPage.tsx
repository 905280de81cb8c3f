/** The signed-in person's own account: who they are, what they may do, and changing their password. */
import { useState, type FormEvent } from 'react';
import { MIN_PASSWORD_LENGTH } from '../../../shared/backoffice/people-api.ts';
import { api } from '../api/api.ts';
import { useSessionQuery } from '../session/session.ts';
import { roleNames } from '../shell/Shell.tsx';
import { fieldError, TextField } from '../ui/Field.tsx';
import { ErrorNotice } from '../ui/Notice.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { useAction } from '../ui/useAction.ts';

export function AccountPage() {
  const user = useSessionQuery().data!.user;
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [changed, setChanged] = useState(false);
  const change = useAction(
    () => api.changePassword(current, next),
    () => {
      setChanged(true);
      setCurrent('');
      setNext('');
    },
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setChanged(false);
    change.start(undefined);
  };
  return (
    <>
      <PageHeader
        title="Your account"
        description={`${user.name} <${user.email}>, ${roleNames[user.role]}`}
      />
      <section className="panel">
        <h2>Change your password</h2>
        <form onSubmit={submit} className="form form-narrow" aria-label="Change your password">
          <TextField
            label="Current password"
            type="password"
            autoComplete="current-password"
            required
            value={current}
            onChange={(event) => setCurrent(event.target.value)}
          />
          <TextField
            label="New password"
            type="password"
            autoComplete="new-password"
            required
            minLength={MIN_PASSWORD_LENGTH}
            hint={`At least ${MIN_PASSWORD_LENGTH} characters. Your other sessions end.`}
            error={fieldError(change.details, 'newPassword')}
            value={next}
            onChange={(event) => setNext(event.target.value)}
          />
          <ErrorNotice error={change.details ? null : change.error} />
          {changed && <p role="status">Your password is changed.</p>}
          <button type="submit" className="button-primary" disabled={change.pending}>
            Change password
          </button>
        </form>
      </section>
    </>
  );
}
