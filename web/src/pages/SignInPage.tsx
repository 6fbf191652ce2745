import { useState, type FormEvent } from 'react';
import type { Problem } from '../api.js';
import { ProblemView, problemOf, useDocumentTitle } from '../components/common.js';
import { errorsByControl, Field } from '../components/Field.js';
import { Link, navigate } from '../router.js';
import { useSession } from '../session.js';

/** Only a path of this app may follow sign-in: `//host` or a full URL would send the user elsewhere. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/assets';
}

const controls = { '/email': 'email', '/password': 'password' };

/** Email and password; on success, back to the page that asked (or the assets). */
export function SignInPage({ search }: { search: string }) {
  const session = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<Problem | undefined>();
  const [busy, setBusy] = useState(false);
  useDocumentTitle('Sign in');
  const next = safeNext(new URLSearchParams(search).get('next'));

  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    session.signIn(email.trim(), password).then(
      () => navigate(next, { replace: true }),
      (error: unknown) => {
        setProblem(problemOf(error));
        setBusy(false);
      },
    );
  };

  if (session.state.status === 'signed-in') {
    const { user, organization } = session.state.profile;
    return (
      <>
        <h1 tabIndex={-1}>Sign in</h1>
        <p>
          You are signed in as {user.email} ({organization.name}). Go to your <Link to="/assets">assets</Link>.
        </p>
      </>
    );
  }

  const { byControl } = errorsByControl(problem, controls);
  return (
    <>
      <h1 tabIndex={-1}>Sign in</h1>
      {session.state.status === 'unavailable' ? (
        <p>This server does not offer operator accounts.</p>
      ) : (
        <form className="panel narrow" onSubmit={submit} aria-label="Sign in">
          <Field id="email" label="Email" errors={byControl.email}>
            {(control) => <input {...control} name="email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />}
          </Field>
          <Field id="password" label="Password" errors={byControl.password}>
            {(control) => <input {...control} name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />}
          </Field>
          <button type="submit" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
          {problem && <ProblemView problem={problem} />}
        </form>
      )}
    </>
  );
}
