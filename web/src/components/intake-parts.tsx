import { useState, type ReactNode } from 'react';
import { isIntakeStaff, type ReportSource } from '../intake-api.js';
import { Link } from '../router.js';
import { useProfile } from '../session.js';

/** The TLP 2.0 marking, in the standard's colours (on black, as FIRST's label specifies). */
export function TlpBadge({ tlp }: { tlp: string }) {
  return <span className={`badge badge-tlp badge-tlp-${tlp.toLowerCase().replace('+', '-')}`}>TLP:{tlp}</span>;
}

/** Who found it, in words: "Jane Doe", "AI model frontier-1 (engagement E-7)", "scanner osv-scanner 2.0". */
export function sourceText(source: ReportSource | null): string {
  if (source === null) return 'not given';
  switch (source.kind) {
    case 'person':
      return source.name;
    case 'model':
      return `AI model ${source.model}${source.engagementId ? ` (engagement ${source.engagementId})` : ''}`;
    case 'scanner':
      return `scanner ${source.tool}${source.version ? ` ${source.version}` : ''}`;
  }
}

const formatLabels: Record<string, string> = { report: 'Free-form report', osv: 'OSV record', cve: 'CVE record', csaf: 'CSAF advisory', sarif: 'SARIF log' };

/** The format a report arrived in, as people name it. */
export function formatLabel(format: string): string {
  return formatLabels[format] ?? format;
}

/** A cluster's id as people read it: the first block of the UUID, the whole of it in the tooltip. */
export function shortId(id: string): string {
  return id.length > 12 ? id.slice(0, 8) : id;
}

export function clusterHref(id: string): string {
  return `/clusters/${encodeURIComponent(id)}`;
}

/** A cluster, linked for the clearinghouse's staff (who may open it) and named for everyone else. */
export function ClusterRef({ id }: { id: string }) {
  const { organization } = useProfile();
  const name = (
    <code title={id} className="cluster-id">
      {shortId(id)}
    </code>
  );
  return isIntakeStaff(organization.type) ? <Link to={clusterHref(id)}>cluster {name}</Link> : <>cluster {name}</>;
}

/** "crash-signature (score 0.85)": the dedup rule that linked a finding, and how strong it is. */
export function ruleText(rule: string, score: number | null): string {
  return score === null ? rule : `${rule} (score ${score.toFixed(2)})`;
}

/**
 * A button for a change that is hard to undo: the first press asks, naming what will happen,
 * and only "confirm" does it.
 */
/** The other clusters a finding also matched: candidates to merge with or move to. */
export function AlternativeClusters({ alternatives }: { alternatives: readonly { clusterId: string; rule: string; score: number; detail: string }[] }) {
  if (alternatives.length === 0) return null;
  return (
    <>
      <p>It also matched:</p>
      <ul className="plain alternatives">
        {alternatives.map((a) => (
          <li key={a.clusterId}>
            <ClusterRef id={a.clusterId} /> by {ruleText(a.rule, a.score)}: {a.detail}
          </li>
        ))}
      </ul>
    </>
  );
}

export function ConfirmButton({ label, question, confirmLabel, disabled, onConfirm }: { label: string; question: ReactNode; confirmLabel: string; disabled: boolean; onConfirm: () => void }) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" className="secondary" disabled={disabled} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <div className="confirm" role="group" aria-label={label}>
      <div>{question}</div>
      <button
        type="button"
        autoFocus
        disabled={disabled}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>{' '}
      <button type="button" className="secondary" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </div>
  );
}
