import { useEffect, useState, type DependencyList } from 'react';
import type { Problem } from '../api.js';
import { problemOf } from './common.js';

/** A load's outcome; a reload keeps showing the last value, marked `reloading`, until the new one arrives. */
export type Loaded<T> = { status: 'loading' } | { status: 'error'; problem: Problem } | { status: 'done'; value: T; reloading: boolean };

/**
 * Runs `load` when a dependency changes and holds its outcome; a load still running when
 * the dependencies change again is aborted, so an old answer never replaces a newer one.
 */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ status: 'loading' });
  useEffect(() => {
    const controller = new AbortController();
    setState((s) => (s.status === 'done' ? { ...s, reloading: true } : { status: 'loading' }));
    load(controller.signal).then(
      (value) => {
        if (!controller.signal.aborted) setState({ status: 'done', value, reloading: false });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'error', problem: problemOf(error) });
      },
    );
    return () => controller.abort();
    // The caller lists what `load` depends on, as with useEffect.
  }, deps);
  return state;
}
