import { useState, type FormEvent } from 'react';
import type { Problem } from '../api.js';
import { CRITICALITIES, createAsset, MISSION_IMPACTS, SAFETY_IMPACTS, SYSTEM_EXPOSURES, TLP_LABELS, type Asset, type NewAsset } from '../operator-api.js';
import { ProblemView, problemOf } from './common.js';
import { errorsByControl, Field, type ControlProps } from './Field.js';
import { label } from './labels.js';

const blank: NewAsset = { name: '', criticality: 'medium', systemExposure: 'controlled', missionImpact: 'degraded', safetyImpact: 'negligible', tlp: 'AMBER+STRICT' };

/** The API's field pointers, by the control that edits each. */
const controls: Record<string, keyof NewAsset> = {
  '/name': 'name',
  '/criticality': 'criticality',
  '/systemExposure': 'systemExposure',
  '/missionImpact': 'missionImpact',
  '/safetyImpact': 'safetyImpact',
  '/tlp': 'tlp',
};

/** Creates an asset; the server's complaints appear beside the fields they name. */
export function NewAssetForm({ onCreated }: { onCreated: (asset: Asset) => void }) {
  const [asset, setAsset] = useState<NewAsset>(blank);
  const [problem, setProblem] = useState<Problem | undefined>();
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<NewAsset>): void => setAsset((a) => ({ ...a, ...patch }));

  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    createAsset(asset).then(
      (created) => {
        setBusy(false);
        setAsset(blank);
        onCreated(created);
      },
      (error: unknown) => {
        setBusy(false);
        setProblem(problemOf(error));
      },
    );
  };

  const { byControl, other } = errorsByControl(problem, controls);
  /** A select of the values the API accepts for `key`. */
  const choice = (key: keyof NewAsset, values: readonly string[], text: (v: string) => string = label) => (control: ControlProps) => (
    <select {...control} name={key} value={asset[key]} onChange={(e) => set({ [key]: e.target.value })}>
      {values.map((v) => (
        <option key={v} value={v}>
          {text(v)}
        </option>
      ))}
    </select>
  );
  return (
    <form className="panel" onSubmit={submit} aria-label="New asset">
      <div className="fields">
        <Field id="asset-name" label="Name" errors={byControl.name}>
          {(control) => <input {...control} name="name" required maxLength={200} autoComplete="off" value={asset.name} onChange={(e) => set({ name: e.target.value })} />}
        </Field>
        <Field id="asset-criticality" label="Criticality" errors={byControl.criticality}>
          {choice('criticality', CRITICALITIES)}
        </Field>
      </div>
      <div className="fields">
        <Field id="asset-exposure" label="System exposure" hint="Small: local or tightly limited; controlled: reachable with restrictions; open: Internet-facing." errors={byControl.systemExposure}>
          {choice('systemExposure', SYSTEM_EXPOSURES)}
        </Field>
        <Field id="asset-mission" label="Mission impact" hint="If this asset is compromised (SSVC)." errors={byControl.missionImpact}>
          {choice('missionImpact', MISSION_IMPACTS)}
        </Field>
        <Field id="asset-safety" label="Safety impact" errors={byControl.safetyImpact}>
          {choice('safetyImpact', SAFETY_IMPACTS)}
        </Field>
        <Field id="asset-tlp" label="Marking (TLP 2.0)" hint="Who may see this asset's record." errors={byControl.tlp}>
          {choice('tlp', TLP_LABELS, (v) => `TLP:${v}`)}
        </Field>
      </div>
      <button type="submit" disabled={busy}>
        {busy ? 'Creating…' : 'Create asset'}
      </button>
      {problem && <ProblemView problem={{ ...problem, errors: other }} />}
    </form>
  );
}
