/**
 * The pages behind head office's one-time links: /setup?token=… makes the first owner (the link head office
 * prints while nobody can sign in), /set-password?token=… sets the password of an invited person, a reset or an
 * owner made at the terminal. A link works once: the page says so when it was used or has expired.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { MIN_PASSWORD_LENGTH } from '../../../shared/backoffice/people-api.ts';
import { api } from '../api/api.ts';
import { fieldError, TextField } from '../ui/Field.tsx';
import { ErrorNotice } from '../ui/Notice.tsx';
import { useAction } from '../ui/useAction.ts';
import { sessionChanged } from './session.ts';
import { WelcomeFrame } from './WelcomeFrame.tsx';

const passwordHint = `At least ${MIN_PASSWORD_LENGTH} characters. A few words you will remember make a good one.`;

/** The new password twice; says so when the two differ. */
function NewPassword({
  password,
  setPassword,
  error,
}: {
  password: [string, string];
  setPassword: (password: [string, string]) => void;
  error: string | null;
}) {
  const [first, second] = password;
  return (
    <>
      <TextField
        label="Password"
        type="password"
        autoComplete="new-password"
        required
        minLength={MIN_PASSWORD_LENGTH}
        value={first}
        hint={passwordHint}
        error={error}
        onChange={(event) => setPassword([event.target.value, second])}
        data-testid="password"
      />
      <TextField
        label="The same password again"
        type="password"
        autoComplete="new-password"
        required
        value={second}
        error={second !== '' && second !== first ? 'The two passwords differ.' : null}
        onChange={(event) => setPassword([first, event.target.value])}
        data-testid="password-again"
      />
    </>
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
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState<[string, string]>(['', '']);
  const setUp = useAction(
    async () => {
      await api.setUp({ token, email, name, password: password[0] });
      return api.signIn(email, password[0]);
    },
    async (session) => {
      sessionChanged(client, session);
      await navigate('/', { replace: true });
    },
  );
  if (!token) return <MissingToken />;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (password[0] === password[1]) setUp.start(undefined);
  };
  return (
    <WelcomeFrame title="Set up the first owner">
      <p>
        You are the first person in this back office: the owner. You can invite everyone else once you are in.
      </p>
      <form onSubmit={submit} className="form" aria-label="First owner">
        <TextField
          label="Your name"
          required
          value={name}
          autoComplete="name"
          error={fieldError(setUp.details, 'name')}
          onChange={(event) => setName(event.target.value)}
          data-testid="setup-name"
        />
        <TextField
          label="Email"
          type="email"
          required
          autoComplete="username"
          value={email}
          error={fieldError(setUp.details, 'email')}
          onChange={(event) => setEmail(event.target.value)}
          data-testid="setup-email"
        />
        <NewPassword
          password={password}
          setPassword={setPassword}
          error={fieldError(setUp.details, 'password')}
        />
        <ErrorNotice error={setUp.details ? null : setUp.error} />
        <button type="submit" className="button-primary" disabled={setUp.pending} data-testid="setup-submit">
          Make me the owner
        </button>
      </form>
    </WelcomeFrame>
  );
}

export function SetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [password, setPassword] = useState<[string, string]>(['', '']);
  const [done, setDone] = useState(false);
  const save = useAction(
    () => api.setPassword(token, password[0]),
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
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (password[0] === password[1]) save.start(undefined);
  };
  return (
    <WelcomeFrame title="Choose your password">
      <form onSubmit={submit} className="form" aria-label="Choose your password">
        <NewPassword
          password={password}
          setPassword={setPassword}
          error={fieldError(save.details, 'password')}
        />
        <ErrorNotice error={save.details ? null : save.error} />
        <button
          type="submit"
          className="button-primary"
          disabled={save.pending}
          data-testid="password-submit"
        >
          Set my password
        </button>
      </form>
    </WelcomeFrame>
  );
}
