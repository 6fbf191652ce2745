import { createContext, useContext, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import type { Problem } from '../api.js';
import { getTimeZone, setTimeZone } from '../case-api.js';
import { browserZone, formatInZone, knownZones } from '../zoned-date.js';
import { ProblemView, problemOf } from './common.js';
import { errorsByControl, Field } from './Field.js';
import { useLoad } from './use-load.js';

interface TimeZoneState {
  /** The zone dates are shown in: the user's, or UTC when they have set none (as the server writes its dates). */
  readonly zone: string;
  /** True when the user set the zone. */
  readonly chosen: boolean;
  readonly change: (zone: string | null) => Promise<void>;
}

const TimeZoneContext = createContext<TimeZoneState | undefined>(undefined);

/** Loads the user's time zone (GET /v1/me/time-zone) for the coordination views inside; they show once it is known. */
export function TimeZoneScope({ children }: { children: ReactNode }) {
  const loaded = useLoad((signal) => getTimeZone(signal), []);
  const [changed, setChanged] = useState<{ zone: string | null } | undefined>();
  const current = changed ? changed.zone : loaded.status === 'done' ? loaded.value : undefined;
  const state = useMemo<TimeZoneState>(
    () => ({
      zone: current ?? 'UTC',
      chosen: current !== null && current !== undefined,
      change: async (zone) => setChanged({ zone: await setTimeZone(zone) }),
    }),
    [current],
  );
  if (loaded.status === 'loading' && !changed) return <p role="status">Loading…</p>;
  return (
    <TimeZoneContext.Provider value={state}>
      {loaded.status === 'error' && <ProblemView problem={loaded.problem} />}
      {children}
    </TimeZoneContext.Provider>
  );
}

export function useTimeZone(): TimeZoneState {
  const state = useContext(TimeZoneContext);
  if (!state) throw new Error('useTimeZone needs a TimeZoneScope');
  return state;
}

/** An instant in the user's zone ("2026-10-05 14:00 CEST"), the ISO value kept machine-readable. */
export function ZonedTime({ value }: { value: string }) {
  const { zone } = useTimeZone();
  return (
    <time dateTime={value} title={`${value} (shown in ${zone})`}>
      {formatInZone(value, zone)}
    </time>
  );
}

/** The zone dates are shown in, and a form to change it (PUT /v1/me/time-zone); the server's complaint shows beside the field. */
export function TimeZoneSetting() {
  const { zone, chosen, change } = useTimeZone();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState('');
  const [outcome, setOutcome] = useState<{ status: 'idle' } | { status: 'saving' } | { status: 'failed'; problem: Problem }>({ status: 'idle' });
  const problem = outcome.status === 'failed' ? outcome.problem : undefined;
  const { byControl, other } = errorsByControl(problem, { '/timeZone': 'zone' });

  const save = (zoneName: string | null): void => {
    setOutcome({ status: 'saving' });
    change(zoneName).then(
      () => {
        setOutcome({ status: 'idle' });
        setEditing(false);
      },
      (error: unknown) => setOutcome({ status: 'failed', problem: problemOf(error) }),
    );
  };
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    save(draft.trim());
  };

  if (!editing) {
    return (
      <p className="time-zone">
        Times are shown in <strong>{zone}</strong>
        {chosen ? '' : ' (you have not chosen a zone)'}.
        <button
          type="button"
          className="secondary"
          onClick={() => {
            setDraft(chosen ? zone : browserZone());
            setEditing(true);
          }}
        >
          Change time zone
        </button>
      </p>
    );
  }
  const busy = outcome.status === 'saving';
  return (
    <form className="panel narrow time-zone-form" aria-label="Your time zone" onSubmit={submit}>
      <Field id="time-zone" label="Time zone" hint={`An IANA name such as Europe/Berlin; your browser runs in ${browserZone()}. Dates in case e-mails use it too.`} errors={byControl.zone}>
        {(control) => <input {...control} name="timeZone" list="time-zone-names" autoComplete="off" spellCheck={false} value={draft} onChange={(e) => setDraft(e.target.value)} />}
      </Field>
      <datalist id="time-zone-names">
        {knownZones().map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
      <div className="buttons">
        <button type="submit" disabled={busy}>
          Save time zone
        </button>{' '}
        {chosen && (
          <button type="button" className="secondary" disabled={busy} onClick={() => save(null)}>
            Use UTC
          </button>
        )}{' '}
        <button type="button" className="secondary" disabled={busy} onClick={() => setEditing(false)}>
          Cancel
        </button>
      </div>
      {problem && (other.length > 0 || !byControl.zone) && <ProblemView problem={{ ...problem, errors: other }} />}
    </form>
  );
}

