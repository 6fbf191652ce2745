import { useState } from 'react';
import type { Problem } from '../api.js';
import type { CaseView } from '../case-api.js';
import { ProblemView, problemOf } from './common.js';
import { errorsByControl } from './Field.js';

/** A change to a case in flight or done; `at` names the form it came from, where its problem shows. */
type Action = { status: 'idle' } | { status: 'busy'; at: string } | { status: 'done'; at: string; message: string } | { status: 'failed'; at: string; problem: Problem };

export interface CaseActions {
  /** True while a change is in flight: every form waits for it. */
  readonly busy: boolean;
  /** What the last change did, for the page's status line. */
  readonly message: string | undefined;
  /** Runs a change; the case it returns replaces the one shown. Resolves true when it was made. */
  run(at: string, change: () => Promise<CaseView>, message: string): Promise<boolean>;
  /** The server's refusal of the last change made from the form `at`. */
  problemAt(at: string): Problem | undefined;
}

/** The changes a page makes to one case, one at a time; `onChanged` receives the case as each leaves it. */
export function useCaseActions(onChanged: (view: CaseView) => void): CaseActions {
  const [action, setAction] = useState<Action>({ status: 'idle' });
  return {
    busy: action.status === 'busy',
    message: action.status === 'done' ? action.message : undefined,
    run: async (at, change, message) => {
      setAction({ status: 'busy', at });
      try {
        onChanged(await change());
        setAction({ status: 'done', at, message });
        return true;
      } catch (error) {
        setAction({ status: 'failed', at, problem: problemOf(error) });
        return false;
      }
    },
    problemAt: (at) => (action.status === 'failed' && action.at === at ? action.problem : undefined),
  };
}

/**
 * A form's problem: its messages about the form's own controls show beside them (through
 * errorsByControl), so this shows the rest: the server's detail and any field no control has.
 */
export function FormProblem({ problem, controls }: { problem: Problem | undefined; controls: Record<string, string> }) {
  if (!problem) return null;
  const { byControl, other } = errorsByControl(problem, controls);
  if (other.length === 0 && Object.keys(byControl).length > 0) return null;
  return <ProblemView problem={{ ...problem, errors: other.filter((e) => e.message !== problem.detail) }} />;
}
