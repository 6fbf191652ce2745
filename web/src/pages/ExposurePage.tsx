import { useState, type ReactNode } from 'react';
import { getVulnerability, type Vulnerability } from '../api.js';
import { DueDate, KevFlag, PriorityBadge } from '../components/badges.js';
import { DateTime, ExternalLink, Fact, ProblemView, useDocumentTitle } from '../components/common.js';
import { label } from '../components/labels.js';
import { Markdown } from '../components/Markdown.js';
import { RemediationForm } from '../components/RemediationForm.js';
import { useLoad } from '../components/use-load.js';
import { getAsset, getRemediation, listExposures, type Exposure, type RemediationEvent } from '../operator-api.js';
import { Link } from '../router.js';
import { useProfile } from '../session.js';

/**
 * One vulnerability on one asset: the fix for each affected component, why it is this
 * urgent, the advisory itself, and its remediation with who changed what and when.
 */
export function ExposurePage({ assetId, vulnId }: { assetId: string; vulnId: string }) {
  const profile = useProfile();
  // Bumped after a change, so the exposure and history load again.
  const [changes, setChanges] = useState(0);
  const loaded = useLoad(
    async (signal) => {
      const [asset, exposures, remediation] = await Promise.all([
        getAsset(assetId, signal),
        listExposures({ asset: assetId, vuln: vulnId, includeNotAffected: true }, signal),
        getRemediation(assetId, vulnId, signal),
      ]);
      return { asset, exposures: exposures.items, ...remediation };
    },
    [assetId, vulnId, changes],
  );
  const advisory = useLoad((signal) => getVulnerability(vulnId, signal), [vulnId]);
  const asset = loaded.status === 'done' ? loaded.value.asset : undefined;
  useDocumentTitle(asset ? `${vulnId} on ${asset.name}` : vulnId);

  return (
    <article className="exposure">
      <h1 tabIndex={-1}>
        {vulnId}
        {asset && (
          <>
            {' '}
            <span className="muted">on</span> {asset.name}
          </>
        )}
      </h1>
      {loaded.status === 'loading' && <p>Loading…</p>}
      {loaded.status === 'error' && <ProblemView problem={loaded.problem} />}
      {loaded.status === 'done' && (
        <>
          <p>
            <Link to={`/assets/${encodeURIComponent(assetId)}`}>Asset {loaded.value.asset.name}</Link> ·{' '}
            <Link to={`/vulns/${encodeURIComponent(vulnId)}`}>Full advisory</Link>
          </p>
          <Section id="fix" title="Fix">
            {loaded.value.exposures.length === 0 ? <p>No component of the current SBOM is affected any more.</p> : <FixList exposures={loaded.value.exposures} />}
          </Section>
          {loaded.value.exposures[0] && <PriorityFacts exposure={loaded.value.exposures[0]} />}
        </>
      )}

      <Section id="advisory" title="Advisory">
        {advisory.status === 'loading' && <p>Loading the advisory…</p>}
        {advisory.status === 'error' && <ProblemView problem={advisory.problem} />}
        {advisory.status === 'done' && advisory.value.kind === 'found' && <AdvisoryBody record={advisory.value.record} />}
        {advisory.status === 'done' && advisory.value.kind !== 'found' && <p>The knowledge base has no record {vulnId} any more.</p>}
      </Section>

      {loaded.status === 'done' && (
        <>
          <Section id="remediation" title="Remediation">
            <dl className="facts">
              <Fact term="Status">{label(loaded.value.remediation.status)}</Fact>
              <Fact term="Due date">
                <DueDate exposure={loaded.value.remediation} />
              </Fact>
              <Fact term="BOD 26-04 timeline">{loaded.value.remediation.timeline}</Fact>
              {loaded.value.remediation.note && <Fact term="Latest note">{loaded.value.remediation.note}</Fact>}
            </dl>
            {profile.user.role !== 'viewer' && <RemediationForm remediation={loaded.value.remediation} isAdmin={profile.user.role === 'admin'} onSaved={() => setChanges((n) => n + 1)} />}
          </Section>
          <Section id="history" title="History">
            <HistoryTable history={loaded.value.history} />
          </Section>
        </>
      )}
    </article>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={`section-${id}`} className={id}>
      <h2 id={`section-${id}`}>{title}</h2>
      {children}
    </section>
  );
}

/** What to do, per affected component: the nearest version that fixes it. */
function FixList({ exposures }: { exposures: Exposure[] }) {
  return (
    <ul className="fixes">
      {exposures.map((e) => (
        <li key={e.component_id}>
          {e.fixed_version ? (
            <strong>
              Upgrade {e.component_name} from {e.component_version ?? 'its current version'} to {e.fixed_version}
            </strong>
          ) : (
            <strong>
              No fixed version of {e.component_name} {e.component_version ?? ''} is known
            </strong>
          )}
          {e.purl && (
            <>
              {' '}
              <code>{e.purl}</code>
            </>
          )}
          {e.vex_status && <span className="muted"> (VEX: {label(e.vex_status)}{e.vex_justification ? `, ${label(e.vex_justification)}` : ''})</span>}
        </li>
      ))}
    </ul>
  );
}

/** Why this is as urgent as it is. */
function PriorityFacts({ exposure }: { exposure: Exposure }) {
  return (
    <dl className="facts priority-facts">
      <Fact term="SSVC decision">
        <PriorityBadge priority={exposure.priority} timeline={exposure.timeline} />
      </Fact>
      <Fact term="CVSS">{exposure.cvss_score === null ? 'Not scored' : exposure.cvss_score.toFixed(1)}</Fact>
      <Fact term="Known exploited">{exposure.in_kev ? <KevFlag /> : 'Not in KEV'}</Fact>
      <Fact term="EPSS">{exposure.epss === null ? 'No score' : `${(exposure.epss * 100).toFixed(2)}%`}</Fact>
      <Fact term="First seen">
        <DateTime value={exposure.first_seen} />
      </Fact>
    </dl>
  );
}

function AdvisoryBody({ record }: { record: Vulnerability }) {
  return (
    <>
      {record.summary && <p className="summary">{record.summary}</p>}
      {!!record.aliases?.length && <p className="muted">Also known as {record.aliases.join(', ')}</p>}
      {record.details && <Markdown source={record.details} className="details" />}
      {!!record.references?.length && (
        <>
          <h3>References</h3>
          <ul className="references">
            {record.references.map((r, i) => (
              <li key={i}>
                <span className="ref-type">{label(r.type.toLowerCase())}</span> <ExternalLink url={r.url} />
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

/** Who changed what and when; the system's own changes (found, fixed by a new SBOM) included. */
function HistoryTable({ history }: { history: RemediationEvent[] }) {
  const who = (event: RemediationEvent): string => event.changed_by_email ?? (event.changed_by === null ? 'Clearinghouse' : `user ${event.changed_by}`);
  const value = (field: string, v: string | null): string => (v === null ? '—' : field === 'status' ? label(v) : v);
  return (
    <div className="table-scroll">
      <table className="history">
        <caption className="visually-hidden">Remediation history, oldest first</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">Change</th>
            <th scope="col">Note</th>
          </tr>
        </thead>
        <tbody>
          {history.map((h) => (
            <tr key={h.id}>
              <td>
                <time dateTime={h.changed_at} title={h.changed_at}>
                  {h.changed_at.slice(0, 16).replace('T', ' ')} UTC
                </time>
              </td>
              <td>{who(h)}</td>
              <td>
                {h.field === 'note'
                  ? 'Note'
                  : h.old_value === null
                    ? `${label(h.field)} set to ${value(h.field, h.new_value)}`
                    : `${label(h.field)}: ${value(h.field, h.old_value)} → ${value(h.field, h.new_value)}`}
              </td>
              <td>{h.note ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
