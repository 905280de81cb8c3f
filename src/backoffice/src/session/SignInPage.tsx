/** Signing in with email and password; back to the page the person was sent away from. */
import { useQueryClient } from '@tanstack/react-query';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { api } from '../api/api.ts';
import { ActionForm } from '../ui/ActionForm.tsx';
import { TextField } from '../ui/Field.tsx';
import { useAction } from '../ui/useAction.ts';
import { useFields } from '../ui/useFields.ts';
import { PasswordField } from './PasswordField.tsx';
import { sessionChanged, useSessionQuery } from './session.ts';
import { WelcomeFrame } from './WelcomeFrame.tsx';

/** Only a path of this site: a link someone sent must not send a person elsewhere after signing in. */
function nextPage(asked: string | null): string {
  return asked?.startsWith('/') && !asked.startsWith('//') ? asked : '/';
}

export function SignInPage() {
  const [params] = useSearchParams();
  const client = useQueryClient();
  const navigate = useNavigate();
  const session = useSessionQuery();
  const { fields, field } = useFields({ email: '', password: '' });
  const next = nextPage(params.get('next'));
  const signIn = useAction(
    () => api.signIn(fields.email, fields.password),
    async (signed) => {
      sessionChanged(client, signed);
      await navigate(next, { replace: true });
    },
  );
  if (session.data) return <Navigate to={next} replace />;
  return (
    <WelcomeFrame title="Sign in to the back office">
      <ActionForm
        label="Sign in"
        action={signIn}
        onSend={() => signIn.start(undefined)}
        send="Sign in"
        sendTestId="sign-in-submit"
        wholeRefusal
      >
        <TextField
          label="Email"
          type="email"
          autoComplete="username"
          required
          {...field('email')}
          data-testid="sign-in-email"
        />
        <PasswordField label="Password" {...field('password')} data-testid="sign-in-password" />
      </ActionForm>
      <p className="fine-print">
        Forgot your password? An owner can send you a new link from the Users page. No owner yet? Head office
        printed a setup link when it started.
      </p>
    </WelcomeFrame>
  );
}
