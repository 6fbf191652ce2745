import { CASE_STATES } from '../case-api.js';

/** States as people name them. */
const stateLabels: Record<string, string> = {
  triage: 'Triage',
  vendor_notified: 'Vendor notified',
  acknowledged: 'Acknowledged',
  fix_in_progress: 'Fix in progress',
  fixed: 'Fixed',
  published: 'Published',
  closed_invalid: 'Closed: invalid',
  closed_duplicate: 'Closed: duplicate',
  closed_wont_fix: "Closed: won't fix",
};

export function stateLabel(state: string): string {
  return stateLabels[state] ?? state;
}

/** What the button that moves a case to a state says. */
const moveLabels: Record<string, string> = {
  triage: 'Reopen to triage',
  vendor_notified: 'Notify vendors',
  acknowledged: 'Mark acknowledged',
  fix_in_progress: 'Fix in progress',
  fixed: 'Mark fixed',
  published: 'Publish',
  closed_invalid: 'Close as invalid',
  closed_duplicate: 'Close as duplicate',
  closed_wont_fix: "Close as won't fix",
};

export function moveLabel(state: string): string {
  return moveLabels[state] ?? stateLabel(state);
}

/** The case board's columns: one per state of a case's course, the three closed states together. */
export const BOARD_COLUMNS: readonly { key: string; title: string; states: readonly string[] }[] = [
  ...CASE_STATES.filter((s) => !s.startsWith('closed_')).map((s) => ({ key: s, title: stateLabel(s), states: [s] })),
  { key: 'closed', title: 'Closed', states: CASE_STATES.filter((s) => s.startsWith('closed_')) },
];

export function StateBadge({ state }: { state: string }) {
  return <span className={`badge badge-state badge-state-${state.startsWith('closed_') ? 'closed' : state.replace(/_/g, '-')}`}>{stateLabel(state)}</span>;
}

/**
 * A vendor's answer in words. "Not yet assessed" (the vendor has not answered) must never
 * read like "Not affected" (the vendor looked and is not).
 */
const vendorStatusLabels: Record<string, string> = {
  not_assessed: 'Not yet assessed',
  affected: 'Affected',
  not_affected: 'Not affected',
  unknown: 'Unknown',
};

export function vendorStatusLabel(status: string): string {
  return vendorStatusLabels[status] ?? status;
}

export function VendorStatusBadge({ status }: { status: string }) {
  return <span className={`badge badge-vendor-status badge-vendor-${status.replace(/_/g, '-')}`}>{vendorStatusLabel(status)}</span>;
}

/** Marks a date passed without what was due by it: "Acknowledgement overdue". */
export function OverdueBadge({ label }: { label: string }) {
  return <span className="badge badge-overdue">{label}</span>;
}

export function ExploitedBadge() {
  return (
    <span className="badge badge-kev" title="Known exploited: the embargo ends within 7 days">
      Exploited
    </span>
  );
}

/** A comma-separated list, trimmed, blanks dropped. */
export function listOf(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}
