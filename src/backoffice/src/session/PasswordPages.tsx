/**
 * The pages behind head office's one-time links: /setup?token=… makes the first owner (the link head office
 * prints while nobody can sign in), /set-password?token=… sets the password of an invited person, a reset or an
 * owner made at the terminal. A link works once: the page says so when it was used or has expired.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { MIN_PASSWORD_LENGTH } from '../../../shared/backoffice/people-api.ts';
import { api } from '../api/api.ts';
import { ActionForm, type Sending } from '../ui/ActionForm.tsx';
import { fieldError, TextField } from '../ui/Field.tsx';
import { useAction } from '../ui/useAction.ts';
import { useFields } from '../ui/useFields.ts';
import { PasswordField } from './PasswordField.tsx';
import { sessionChanged } from './session.ts';
import { WelcomeFrame } from './WelcomeFrame.tsx';

const passwordHint = `At least ${MIN_PASSWORD_LENGTH} characters. A few words you will remember make a good one.`;

/**
 * A form that ends with the new password twice; says so when the two differ, and sends the password only when
 * they are the same.
 */
function NewPasswordForm({
  label,
  action,
  onSend,
  send,
  sendTestId,
  children,
}: {
  label: string;
  action: Sending;
  onSend: (password: string) => void;
  send: string;
  sendTestId: string;
  children?: ReactNode;
}) {
  const { fields, field } = useFields({ first: '', second: '' });
  const { first, second } = fields;
  return (
    <ActionForm
      label={label}
      action={action}
      onSend={() => {
        if (first === second) onSend(first);
      }}
      send={send}
      sendTestId={sendTestId}
    >
      {children}
      <PasswordField
        isNew
        label="Password"
        minLength={MIN_PASSWORD_LENGTH}
        {...field('first')}
        hint={passwordHint}
        error={fieldError(action.details, 'password')}
        data-testid="password"
      />
      <PasswordField
        isNew
        label="The same password again"
        {...field('second')}
        error={second !== '' && second !== first ? 'The two passwords differ.' : null}
        data-testid="password-again"
      />
    </ActionForm>
  );
}

function MissingToken() {
  return (
    <WelcomeFrame title="This link is incomplete">
      <p>Open the whole link you were given, or ask an owner for a new one.</p>
    </WelcomeFrame>
  );
}

export function SetupPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const client = useQueryClient();
  const navigate = useNavigate();
  const { fields, field } = useFields({ email: '', name: '' });
  const setUp = useAction(
    async (password: string) => {
      await api.setUp({ token, ...fields, password });
      return api.signIn(fields.email, password);
    },
    async (session) => {
      sessionChanged(client, session);
      await navigate('/', { replace: true });
    },
  );
  if (!token) return <MissingToken />;
  return (
    <WelcomeFrame title="Set up the first owner">
      <p>
        You are the first person in this back office: the owner. You can invite everyone else once you are in.
      </p>
      <NewPasswordForm
        label="First owner"
        action={setUp}
        onSend={setUp.start}
        send="Make me the owner"
        sendTestId="setup-submit"
      >
        <TextField
          label="Your name"
          required
          {...field('name')}
          autoComplete="name"
          error={fieldError(setUp.details, 'name')}
          data-testid="setup-name"
        />
        <TextField
          label="Email"
          type="email"
          required
          autoComplete="username"
          {...field('email')}
          error={fieldError(setUp.details, 'email')}
          data-testid="setup-email"
        />
      </NewPasswordForm>
    </WelcomeFrame>
  );
}

export function SetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [done, setDone] = useState(false);
  const save = useAction(
    (password: string) => api.setPassword(token, password),
    () => setDone(true),
  );
  if (!token) return <MissingToken />;
  if (done) {
    return (
      <WelcomeFrame title="Your password is set">
        <p>
          <Link to="/sign-in" data-testid="go-sign-in">
            Sign in
          </Link>{' '}
          with your email and the new password.
        </p>
      </WelcomeFrame>
    );
  }
  return (
    <WelcomeFrame title="Choose your password">
      <NewPasswordForm
        label="Choose your password"
        action={save}
        onSend={save.start}
        send="Set my password"
        sendTestId="password-submit"
      />
    </WelcomeFrame>
  );
}
