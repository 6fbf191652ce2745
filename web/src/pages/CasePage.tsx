import { useMemo, useState } from 'react';
import { caseHref, FINAL_STATES, getCase, type CaseView } from '../case-api.js';
import { useCaseActions, type CaseActions } from '../components/case-actions.js';
import { ExploitedBadge, StateBadge } from '../components/case-parts.js';
import { AiCrimeControls, CveControls, EmbargoExtensionForm, ExploitedForm, StateActions } from '../components/CaseControls.js';
import { CaseHistory } from '../components/CaseHistory.js';
import { AddParticipantForm, CaseOffers, CaseParticipants } from '../components/CaseParticipants.js';
import { CaseThread } from '../components/CaseThread.js';
import { Fact, ProblemView, useDocumentTitle } from '../components/common.js';
import { clusterHref, TlpBadge } from '../components/intake-parts.js';
import { TimeZoneScope, TimeZoneSetting, useTimeZone, ZonedTime } from '../components/TimeZone.js';
import { useLoad } from '../components/use-load.js';
import { VendorPanel } from '../components/VendorPanel.js';
import { isAnalyst, isIntakeStaff } from '../intake-api.js';
import { Link } from '../router.js';
import { useProfile } from '../session.js';
import '../cases.css';

/** One case: its state and next moves, participants and offers, dates, CVE id, flags, thread and history. */
export function CasePage({ id, search }: { id: string; search: string }) {
  const loaded = useLoad((signal) => getCase(id, signal), [id]);
  // Each change answers with the case as it left it, which replaces the one loaded.
  const [changed, setChanged] = useState<CaseView | undefined>();
  const actions = useCaseActions(setChanged);
  const view = changed ?? (loaded.status === 'done' ? loaded.value : undefined);
  useDocumentTitle(view?.title ?? 'Case');
  return (
    <article className="case">
      <h1 tabIndex={-1}>{view?.title ?? `Case ${id}`}</h1>
      {loaded.status === 'loading' && <p role="status">Loading…</p>}
      {loaded.status === 'error' && <ProblemView problem={loaded.problem} />}
      <div role="status" className="action-result">
        {actions.message && <p>{actions.message}</p>}
      </div>
      {view && (
        <TimeZoneScope>
          <CaseDetail view={view} actions={actions} search={search} />
        </TimeZoneScope>
      )}
    </article>
  );
}

function CaseDetail({ view, actions, search }: { view: CaseView; actions: CaseActions; search: string }) {
  const { user, organization } = useProfile();
  const { zone } = useTimeZone();
  const messagesOffset = useMemo(() => Math.max(0, Number(new URLSearchParams(search).get('messages')) || 0), [search]);
  const messagesHref = (offset: number): string => (offset > 0 ? `${caseHref(view.id)}?messages=${offset}` : caseHref(view.id));
  // Coordinators see the case whole (the offers, every answer, the flag); analysts change it.
  const coordinating = view.aiEnabledCrime !== null;
  const analyst = coordinating && isIntakeStaff(organization.type) && isAnalyst(user.role);
  const open = !FINAL_STATES.includes(view.state);
  return (
    <>
      <TimeZoneSetting />
      <dl className="facts">
        <Fact term="Case">
          <code>{view.id}</code>
        </Fact>
        <Fact term="State">
          <StateBadge state={view.state} />
          {view.duplicateOf && (
            <>
              {' '}
              of <Link to={caseHref(view.duplicateOf)}>{view.duplicateOf}</Link>
            </>
          )}
        </Fact>
        <Fact term="Marking">
          <TlpBadge tlp={view.tlp} />
        </Fact>
        <Fact term="Opened">
          <ZonedTime value={view.openedAt} />
        </Fact>
        <Fact term="Vendors notified">{view.vendorNotifiedAt ? <ZonedTime value={view.vendorNotifiedAt} /> : <span className="muted">Not yet</span>}</Fact>
        <Fact term="Embargo until">
          {view.embargoUntil ? <ZonedTime value={view.embargoUntil} /> : <span className="muted">Set when vendors are notified</span>}
          {view.exploited && <ExploitedBadge />}
        </Fact>
        {view.publishedAt && (
          <Fact term="Published">
            <ZonedTime value={view.publishedAt} />
          </Fact>
        )}
        <Fact term="CVE">
          {view.cve ? (
            <>
              <code>{view.cve.id}</code> <span className="muted">({view.cve.state.replace(/_/g, ' ')}, by {view.cve.assignedBy})</span>
            </>
          ) : (
            <span className="muted">None yet</span>
          )}
        </Fact>
        {isIntakeStaff(organization.type) && (
          <Fact term="Cluster">
            <Link to={clusterHref(view.clusterId)}>
              <code>{view.clusterId.slice(0, 8)}</code>
            </Link>
          </Fact>
        )}
      </dl>
      {view.exploited && view.exploitedReason && <p className="note">Exploited: {view.exploitedReason}</p>}

      {analyst && (
        <section aria-labelledby="moves-heading">
          <h2 id="moves-heading">Next step</h2>
          <StateActions view={view} actions={actions} />
        </section>
      )}
      <VendorPanel view={view} orgId={organization.id} actions={actions} headingLevel={2} />
      <CaseParticipants view={view} />
      {analyst && open && (
        <>
          <CaseOffers view={view} actions={actions} />
          <details className="add-participant">
            <summary>Add a participant</summary>
            <AddParticipantForm caseId={view.id} actions={actions} />
          </details>
        </>
      )}
      {analyst && open && (
        <section aria-labelledby="dates-heading">
          <h2 id="dates-heading">Embargo and exploitation</h2>
          {view.embargoUntil && <EmbargoExtensionForm key={`${view.embargoUntil} ${zone}`} view={view} actions={actions} />}
          <ExploitedForm view={view} actions={actions} />
        </section>
      )}
      {analyst && ((open && view.cve === null) || view.cve?.state === 'reserved') && (
        <section aria-labelledby="cve-heading">
          <h2 id="cve-heading">CVE id</h2>
          <CveControls view={view} actions={actions} />
        </section>
      )}
      {analyst && <AiCrimeControls view={view} actions={actions} />}
      <CaseThread caseId={view.id} offset={messagesOffset} pageHref={messagesHref} />
      <CaseHistory view={view} />
    </>
  );
}
