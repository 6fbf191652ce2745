import { useMemo, useState, type FormEvent } from 'react';
import type { Problem } from '../api.js';
import { caseHref, getCase, isVendorOrg, listProducts, listVendorCases, registerProduct, removeProduct, type CaseView, type Product, type VendorCaseSummary } from '../case-api.js';
import { FormProblem, useCaseActions } from '../components/case-actions.js';
import { ExploitedBadge, StateBadge } from '../components/case-parts.js';
import { ProblemView, problemOf, useDocumentTitle } from '../components/common.js';
import { errorsByControl, Field } from '../components/Field.js';
import { TlpBadge } from '../components/intake-parts.js';
import { counted } from '../components/labels.js';
import { Pager } from '../components/Pager.js';
import { TimeZoneScope, TimeZoneSetting, ZonedTime } from '../components/TimeZone.js';
import { useLoad } from '../components/use-load.js';
import { VendorPanel } from '../components/VendorPanel.js';
import { Link } from '../router.js';
import { useProfile } from '../session.js';
import '../cases.css';

/** Cases per page: each card reads its case, so pages stay short. */
const casesPerPage = 20;

function offsetOf(search: string): number {
  return Math.max(0, Number(new URLSearchParams(search).get('offset')) || 0);
}

function portalHref(offset: number): string {
  return offset > 0 ? `/vendor?offset=${offset}` : '/vendor';
}

/** The vendor portal: the cases the organization was told of, to acknowledge and answer; and the products it registers. */
export function VendorPortalPage({ search }: { search: string }) {
  useDocumentTitle('Vendor portal');
  return (
    <>
      <h1 tabIndex={-1}>Vendor portal</h1>
      <TimeZoneScope>
        <VendorPortal search={search} />
      </TimeZoneScope>
    </>
  );
}

function VendorPortal({ search }: { search: string }) {
  const { organization } = useProfile();
  const offset = useMemo(() => offsetOf(search), [search]);
  const page = useLoad(async (signal) => ({ offset, result: await listVendorCases({ offset, limit: casesPerPage, sort: 'updated' }, signal) }), [offset]);
  const done = page.status === 'done' ? page.value.result : undefined;
  return (
    <>
      {!isVendorOrg(organization.type) && (
        <p className="note">
          The vendor portal is for vendor organizations; {organization.name} is a {organization.type} organization. <Link to="/cases">Your cases</Link> are on the case board.
        </p>
      )}
      <TimeZoneSetting />
      <section aria-labelledby="vendor-cases-heading">
        <h2 id="vendor-cases-heading">Your cases</h2>
        {page.status === 'loading' && <p role="status">Loading cases…</p>}
        {page.status === 'error' && <ProblemView problem={page.problem} />}
        {done && (
          <>
            <p className="result-count">{done.total === 0 ? 'No case has been brought to your organization.' : `${counted(done.total, 'case')}, most recently updated first.`}</p>
            {done.items.map((c) => (
              <VendorCaseCard key={c.id} summary={c} />
            ))}
            <Pager total={done.total} offset={page.status === 'done' ? page.value.offset : offset} limit={casesPerPage} noun="cases" pageHref={portalHref} />
          </>
        )}
      </section>
      <Products />
    </>
  );
}

function VendorCaseCard({ summary: c }: { summary: VendorCaseSummary }) {
  const { organization } = useProfile();
  const loaded = useLoad((signal) => getCase(c.id, signal), [c.id]);
  const [changed, setChanged] = useState<CaseView | undefined>();
  const actions = useCaseActions(setChanged);
  const view = changed ?? (loaded.status === 'done' ? loaded.value : undefined);
  const embargoUntil = view ? view.embargoUntil : c.embargoUntil;
  return (
    <article className="vendor-case" data-case={c.id} aria-labelledby={`vendor-case-${c.id}`}>
      <h3 id={`vendor-case-${c.id}`}>
        <Link to={caseHref(c.id)}>{c.title}</Link>
      </h3>
      <p className="case-meta">
        <code>{c.id}</code> <StateBadge state={view?.state ?? c.state} /> <TlpBadge tlp={c.tlp} />
        {c.exploited && <ExploitedBadge />}
        {embargoUntil && (
          <>
            {' '}
            · Embargo until <ZonedTime value={embargoUntil} />
          </>
        )}
      </p>
      <div role="status" className="action-result">
        {actions.message && <p>{actions.message}</p>}
      </div>
      {loaded.status === 'loading' && <p className="muted">Loading the case…</p>}
      {loaded.status === 'error' && <ProblemView problem={loaded.problem} />}
      {view && <VendorPanel view={view} orgId={organization.id} actions={actions} headingLevel={4} />}
    </article>
  );
}

/** The packages the organization makes: cases naming one are offered to the coordinators to bring to it. */
function Products() {
  const [changes, setChanges] = useState(0);
  const loaded = useLoad((signal) => listProducts(signal), [changes]);
  const [purl, setPurl] = useState('');
  const [outcome, setOutcome] = useState<{ status: 'idle' } | { status: 'busy' } | { status: 'failed'; at: string; problem: Problem }>({ status: 'idle' });
  const addProblem = outcome.status === 'failed' && outcome.at === 'add' ? outcome.problem : undefined;
  const controls = { '/purl': 'purl' };
  const { byControl } = errorsByControl(addProblem, controls);

  const change = (at: string, run: () => Promise<unknown>, then?: () => void): void => {
    setOutcome({ status: 'busy' });
    run().then(
      () => {
        setOutcome({ status: 'idle' });
        then?.();
        setChanges((n) => n + 1);
      },
      (error: unknown) => setOutcome({ status: 'failed', at, problem: problemOf(error) }),
    );
  };
  const add = (event: FormEvent): void => {
    event.preventDefault();
    change('add', () => registerProduct(purl.trim()), () => setPurl(''));
  };
  const busy = outcome.status === 'busy';

  return (
    <section aria-labelledby="products-heading">
      <h2 id="products-heading">Your products</h2>
      <p className="hint">Cases whose reports name a registered package are offered to the coordinators, who bring them to you.</p>
      {loaded.status === 'loading' && <p role="status">Loading products…</p>}
      {loaded.status === 'error' && <ProblemView problem={loaded.problem} />}
      {loaded.status === 'done' &&
        (loaded.value.length === 0 ? (
          <p className="muted">No product registered yet.</p>
        ) : (
          <ul className="plain products">
            {loaded.value.map((p) => (
              <li key={p.id} data-product={p.id}>
                <code>{registrationText(p)}</code> <span className="muted">registered <ZonedTime value={p.createdAt} /></span>{' '}
                <button type="button" className="secondary" disabled={busy} aria-label={`Remove ${registrationText(p)}`} onClick={() => change(p.id, () => removeProduct(p.id))}>
                  Remove
                </button>
                {outcome.status === 'failed' && outcome.at === p.id && <ProblemView problem={outcome.problem} />}
              </li>
            ))}
          </ul>
        ))}
      <form className="panel narrow" aria-label="Register a product" onSubmit={add}>
        <Field id="product-purl" label="Package URL" hint="The package without a version, e.g. pkg:pypi/jinja2 or pkg:npm/%40babel/core." errors={byControl.purl}>
          {(control) => <input {...control} name="purl" autoComplete="off" spellCheck={false} value={purl} onChange={(e) => setPurl(e.target.value)} />}
        </Field>
        <button type="submit" disabled={busy || purl.trim() === ''}>
          Register
        </button>
        <FormProblem problem={addProblem} controls={controls} />
      </form>
    </section>
  );
}

function registrationText(product: Product): string {
  const r = product.registration;
  return r.kind === 'package' ? (r.purl ?? '') : `pkg:${r.type ?? ''}/${r.namespace ?? ''}/*`;
}
