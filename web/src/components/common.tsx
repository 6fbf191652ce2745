import { useEffect, type ReactNode } from 'react';
import { ApiError, type KevInfo, type OsvSeverity, type Problem, type Vulnerability } from '../api.js';

/** Sets the document title for the page being shown. */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Clearinghouse`;
  }, [title]);
}

/** The KEV marker: visible text "KEV", the due date in the tooltip and for screen readers. */
export function KevBadge({ kev }: { kev: KevInfo }) {
  return (
    <span className="badge badge-kev" title={`In CISA's Known Exploited Vulnerabilities catalog since ${kev.dateAdded}; remediation due ${kev.dueDate}`}>
      KEV<span className="visually-hidden"> (known exploited, remediation due {kev.dueDate})</span>
    </span>
  );
}

/** A timestamp shown as its date, with the full value kept machine-readable. */
export function DateTime({ value }: { value: string }) {
  return (
    <time dateTime={value} title={value}>
      {value.slice(0, 10)}
    </time>
  );
}

/** Severity scores as given (e.g. "CVSS_V3 CVSS:3.1/AV:N/…"), falling back to the per-package ones. */
export function severitiesOf(record: Vulnerability): OsvSeverity[] {
  if (record.severity?.length) return record.severity;
  const seen = new Map<string, OsvSeverity>();
  for (const s of (record.affected ?? []).flatMap((a) => a.severity ?? [])) seen.set(`${s.type} ${s.score}`, s);
  return [...seen.values()];
}

/** Only http(s) and mailto URLs become links: a record's reference could carry a javascript: URL. */
export function safeHref(url: string): string | undefined {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:' || protocol === 'mailto:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** A record's URL as a link when it is safe to follow, else as plain text. */
export function ExternalLink({ url }: { url: string }) {
  const href = safeHref(url);
  return href ? (
    <a href={href} rel="noreferrer">
      {url}
    </a>
  ) : (
    <span>{url}</span>
  );
}

/** Any thrown value as a problem to show; a failed fetch has no problem body. */
export function problemOf(error: unknown): Problem {
  if (error instanceof ApiError) return error.problem;
  const detail = error instanceof Error ? error.message : String(error);
  return { type: 'about:blank', title: 'Request failed', status: 0, detail: `Could not reach the server: ${detail}` };
}

/** A problem+json error: its detail and each field at fault. */
export function ProblemView({ problem, id }: { problem: Problem; id?: string }) {
  return (
    <div className="problem" role="alert" id={id}>
      <p>
        <strong>{problem.title || 'Error'}</strong>
        {problem.status ? ` (${problem.status})` : ''}: {problem.detail}
      </p>
      {problem.errors && problem.errors.length > 0 && (
        <ul>
          {problem.errors.map((e) => (
            <li key={`${e.field} ${e.message}`}>
              <code>{e.field}</code>: {e.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** One term and its description in a facts list (`<dl>`). */
export function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** Versions as code, in a line; `None given` when there are none. */
export function VersionList({ versions }: { versions: readonly string[] }) {
  if (versions.length === 0) return <span className="muted">None given</span>;
  return (
    <ul className="inline-list versions">
      {versions.map((v) => (
        <li key={v}>
          <code>{v}</code>
        </li>
      ))}
    </ul>
  );
}
