import type { ReactNode } from 'react';
import { Link, useLocation } from '../router.js';
import { useSession } from '../session.js';
import { ProblemView, useDocumentTitle } from './common.js';

/** The sign-in page's address, coming back to `next` afterwards. */
function signInHref(next: string): string {
  return `/signin?${new URLSearchParams({ next }).toString()}`;
}

/** Shows an operator view to a signed-in user; anyone else is asked to sign in first. */
export function SignedIn({ title, children }: { title: string; children: ReactNode }) {
  const { state } = useSession();
  const { pathname, search } = useLocation();
  if (state.status === 'signed-in') return <>{children}</>;
  return <SignInFirst title={title} next={`${pathname}${search}`} />;
}

function SignInFirst({ title, next }: { title: string; next: string }) {
  const { state } = useSession();
  useDocumentTitle(title);
  return (
    <>
      <h1 tabIndex={-1}>{title}</h1>
      {state.status === 'loading' && <p>Checking your session…</p>}
      {state.status === 'signed-out' && (
        <p>
          <Link to={signInHref(next)}>Sign in</Link> to see your organization&apos;s assets and exposures.
        </p>
      )}
      {state.status === 'unavailable' && <p>This server does not offer operator accounts.</p>}
      {state.status === 'error' && <ProblemView problem={state.problem} />}
    </>
  );
}
