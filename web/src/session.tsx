import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Problem } from './api.js';
import { problemOf } from './components/common.js';
import { getProfile, signIn as requestSignIn, signOut as requestSignOut, unauthenticatedEvent, type Profile } from './operator-api.js';

/** Who is signed in; `unavailable` when this server has no operator API (it answers /v1/me with 404). */
export type SessionState =
  | { status: 'loading' }
  | { status: 'signed-out' }
  | { status: 'signed-in'; profile: Profile }
  | { status: 'unavailable' }
  | { status: 'error'; problem: Problem };

export interface Session {
  readonly state: SessionState;
  /** Signs in; throws the server's problem (401 for a wrong email or password). */
  signIn(email: string, password: string): Promise<Profile>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<Session | undefined>(undefined);

/**
 * Holds the session for the whole app. The cookie is HttpOnly, so the app learns who is
 * signed in only by asking GET /v1/me, once on load and again after signing in or out.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  useEffect(() => {
    const controller = new AbortController();
    getProfile(controller.signal).then(
      (profile) => setState(profile ? { status: 'signed-in', profile } : { status: 'signed-out' }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const problem = problemOf(error);
        setState(problem.status === 404 ? { status: 'unavailable' } : { status: 'error', problem });
      },
    );
    return () => controller.abort();
  }, []);

  // Any request the server refuses as unauthenticated means the session is gone.
  useEffect(() => {
    const onUnauthenticated = (): void => setState((s) => (s.status === 'signed-in' ? { status: 'signed-out' } : s));
    window.addEventListener(unauthenticatedEvent, onUnauthenticated);
    return () => window.removeEventListener(unauthenticatedEvent, onUnauthenticated);
  }, []);

  const signIn = useCallback(async (email: string, password: string) => {
    const profile = await requestSignIn(email, password);
    setState({ status: 'signed-in', profile });
    return profile;
  }, []);

  const signOut = useCallback(async () => {
    await requestSignOut();
    setState({ status: 'signed-out' });
  }, []);

  const session = useMemo(() => ({ state, signIn, signOut }), [state, signIn, signOut]);
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession needs a SessionProvider');
  return session;
}

/** The signed-in profile; only for components rendered inside SignedIn. */
export function useProfile(): Profile {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('useProfile outside a signed-in view');
  return state.profile;
}
