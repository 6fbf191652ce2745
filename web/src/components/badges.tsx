import { isOverdue } from '../operator-api.js';
import { label } from './labels.js';

/** The SSVC deployer decision, coloured by urgency, with the BOD 26-04 timeline in the tooltip. */
export function PriorityBadge({ priority, timeline }: { priority: string; timeline?: string }) {
  const title = `SSVC deployer decision: ${priority}${timeline ? `; CISA BOD 26-04 timeline: ${timeline}` : ''}`;
  return (
    <span className={`badge badge-priority badge-${priority}`} title={title}>
      {label(priority)}
    </span>
  );
}

/** Marks an exposure whose vulnerability is in CISA's Known Exploited Vulnerabilities catalog. */
export function KevFlag() {
  return (
    <span className="badge badge-kev" title="In CISA's Known Exploited Vulnerabilities catalog">
      KEV<span className="visually-hidden"> (known exploited)</span>
    </span>
  );
}

/** A remediation's due date, marked when open work is past it. */
export function DueDate({ exposure }: { exposure: { status: string; due_date: string | null } }) {
  if (exposure.due_date === null) return <span className="muted">No date</span>;
  return (
    <>
      <time dateTime={exposure.due_date}>{exposure.due_date}</time>
      {isOverdue(exposure) && <span className="badge badge-overdue">Overdue</span>}
    </>
  );
}
