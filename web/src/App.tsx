import { useEffect, useRef, useState } from 'react';
import type { Problem } from './api.js';
import { isVendorOrg } from './case-api.js';
import { ProblemView, problemOf, useDocumentTitle } from './components/common.js';
import { SignedIn } from './components/SignedIn.js';
import { isIntakeStaff } from './intake-api.js';
import { AssetPage } from './pages/AssetPage.js';
import { AssetsPage } from './pages/AssetsPage.js';
import { CaseBoardPage } from './pages/CaseBoardPage.js';
import { CasePage } from './pages/CasePage.js';
import { ClusterPage } from './pages/ClusterPage.js';
import { EmbargoCalendarPage } from './pages/EmbargoCalendarPage.js';
import { ExposurePage } from './pages/ExposurePage.js';
import { ExposuresPage } from './pages/ExposuresPage.js';
import { IntakeQueuePage } from './pages/IntakeQueuePage.js';
import { NewCasePage } from './pages/NewCasePage.js';
import { NewReportPage } from './pages/NewReportPage.js';
import { OverduePage } from './pages/OverduePage.js';
import { ReportPage } from './pages/ReportPage.js';
import { SearchPage } from './pages/SearchPage.js';
import { SignInPage } from './pages/SignInPage.js';
import { VendorPortalPage } from './pages/VendorPortalPage.js';
import { VulnerabilityPage } from './pages/VulnerabilityPage.js';
import { Link, navigate, useLocation } from './router.js';
import { SessionProvider, useSession } from './session.js';

/** The app, with the session every view reads. */
export function App() {
  return (
    <SessionProvider>
      <Shell />
    </SessionProvider>
  );
}

/** The shell: header, and the page the path names. */
function Shell() {
  const { pathname, search } = useLocation();
  const firstRender = useRef(true);

  // After an in-app navigation, start at the top and move focus to the new page's
  // heading, as a full page load would, so screen readers announce the change.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    window.scrollTo(0, 0);
    document.querySelector<HTMLElement>('main h1')?.focus();
  }, [pathname]);

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Header pathname={pathname} />
      <main id="main">
        <Page pathname={pathname} search={search} />
      </main>
    </>
  );
}

function Header({ pathname }: { pathname: string }) {
  const session = useSession();
  const [signOutProblem, setSignOutProblem] = useState<Problem | undefined>();
  const signedIn = session.state.status === 'signed-in' ? session.state.profile : undefined;
  const current = (path: string, exact = false) => ((exact ? pathname === path : pathname === path || pathname.startsWith(`${path}/`)) ? 'page' : undefined);

  const signOut = (): void => {
    setSignOutProblem(undefined);
    session.signOut().then(
      () => navigate('/signin'),
      (error: unknown) => setSignOutProblem(problemOf(error)),
    );
  };

  return (
    <header className="site-header">
      <Link to="/" className="brand">
        Clearinghouse
      </Link>
      <nav aria-label="Main">
        <ul>
          <li>
            <Link to="/" aria-current={current('/', true)}>
              Search
            </Link>
          </li>
          {signedIn && (
            <>
              <li>
                <Link to="/assets" aria-current={current('/assets')}>
                  Assets
                </Link>
              </li>
              <li>
                <Link to="/exposures" aria-current={current('/exposures', true)}>
                  Exposures
                </Link>
              </li>
              <li>
                <Link to="/exposures/overdue" aria-current={current('/exposures/overdue')}>
                  Overdue
                </Link>
              </li>
              {isIntakeStaff(signedIn.organization.type) && (
                <li>
                  <Link to="/intake" aria-current={current('/intake')}>
                    Intake
                  </Link>
                </li>
              )}
            </>
          )}
          <li>
            <a href="/docs">API docs</a>
          </li>
        </ul>
      </nav>
      {signedIn && (
        <nav aria-label="Coordination" className="coordination-nav">
          <ul>
            {isVendorOrg(signedIn.organization.type) ? (
              <li>
                <Link to="/vendor" aria-current={current('/vendor')}>
                  Vendor portal
                </Link>
              </li>
            ) : (
              <li>
                <Link to="/cases" aria-current={pathname !== '/cases/calendar' ? current('/cases') : undefined}>
                  Cases
                </Link>
              </li>
            )}
            <li>
              <Link to="/cases/calendar" aria-current={current('/cases/calendar')}>
                Calendar
              </Link>
            </li>
          </ul>
        </nav>
      )}
      {signedIn && (
        <Link to="/reports/new" className="report-link" aria-current={current('/reports/new')}>
          Report a vulnerability
        </Link>
      )}
      {signedIn && (
        <div className="account">
          <span className="who">
            {signedIn.user.email} <span className="org">({signedIn.organization.name})</span>
          </span>
          <button type="button" className="link-button" onClick={signOut}>
            Sign out
          </button>
        </div>
      )}
      {session.state.status === 'signed-out' && (
        <div className="account">
          <Link to="/signin" aria-current={current('/signin')}>
            Sign in
          </Link>
        </div>
      )}
      {signOutProblem && <ProblemView problem={signOutProblem} />}
    </header>
  );
}

function Page({ pathname, search }: { pathname: string; search: string }) {
  if (pathname === '/') return <SearchPage search={search} />;
  if (pathname === '/signin') return <SignInPage search={search} />;
  if (pathname === '/assets') {
    return (
      <SignedIn title="Assets">
        <AssetsPage search={search} />
      </SignedIn>
    );
  }
  if (pathname === '/exposures') {
    return (
      <SignedIn title="Exposures">
        <ExposuresPage search={search} />
      </SignedIn>
    );
  }
  if (pathname === '/exposures/overdue') {
    return (
      <SignedIn title="Overdue work">
        <OverduePage search={search} />
      </SignedIn>
    );
  }
  if (pathname === '/intake') {
    return (
      <SignedIn title="Intake queue">
        <IntakeQueuePage search={search} />
      </SignedIn>
    );
  }
  if (pathname === '/cases') {
    return (
      <SignedIn title="Cases">
        <CaseBoardPage search={search} />
      </SignedIn>
    );
  }
  if (pathname === '/cases/new') {
    return (
      <SignedIn title="Open a case">
        <NewCasePage search={search} />
      </SignedIn>
    );
  }
  if (pathname === '/cases/calendar') {
    return (
      <SignedIn title="Embargo calendar">
        <EmbargoCalendarPage search={search} />
      </SignedIn>
    );
  }
  if (pathname === '/vendor') {
    return (
      <SignedIn title="Vendor portal">
        <VendorPortalPage search={search} />
      </SignedIn>
    );
  }
  const caseId = pathParams(/^\/cases\/([^/]+)\/?$/, pathname)?.[0];
  if (caseId !== undefined) {
    return (
      <SignedIn title="Case">
        <CasePage key={caseId} id={caseId} search={search} />
      </SignedIn>
    );
  }
  if (pathname === '/reports/new') {
    return (
      <SignedIn title="Report a vulnerability">
        <NewReportPage />
      </SignedIn>
    );
  }
  const reportId = pathParams(/^\/reports\/([^/]+)\/?$/, pathname)?.[0];
  if (reportId !== undefined) {
    return (
      <SignedIn title="Report">
        <ReportPage key={reportId} id={reportId} />
      </SignedIn>
    );
  }
  const clusterId = pathParams(/^\/clusters\/([^/]+)\/?$/, pathname)?.[0];
  if (clusterId !== undefined) {
    return (
      <SignedIn title="Cluster">
        <ClusterPage key={clusterId} id={clusterId} />
      </SignedIn>
    );
  }
  const exposure = pathParams(/^\/assets\/([^/]+)\/exposures\/([^/]+)\/?$/, pathname);
  if (exposure?.[0] !== undefined && exposure[1] !== undefined) {
    const [assetId, vulnId] = exposure;
    return (
      <SignedIn title={vulnId}>
        <ExposurePage key={`${assetId} ${vulnId}`} assetId={assetId} vulnId={vulnId} />
      </SignedIn>
    );
  }
  const assetId = pathParams(/^\/assets\/([^/]+)\/?$/, pathname)?.[0];
  if (assetId !== undefined) {
    return (
      <SignedIn title="Asset">
        <AssetPage key={assetId} id={assetId} />
      </SignedIn>
    );
  }
  const id = pathParams(/^\/vulns\/([^/]+)\/?$/, pathname)?.[0];
  if (id !== undefined) return <VulnerabilityPage key={id} id={id} />;
  return <NotFound />;
}

/** The decoded path segments a pattern captures, or undefined (also for a malformed %-escape). */
function pathParams(pattern: RegExp, pathname: string): string[] | undefined {
  const match = pattern.exec(pathname);
  try {
    return match ? match.slice(1).map((segment) => decodeURIComponent(segment)) : undefined;
  } catch {
    return undefined;
  }
}

function NotFound() {
  useDocumentTitle('Page not found');
  return (
    <>
      <h1 tabIndex={-1}>Page not found</h1>
      <p>
        There is no page here. <Link to="/">Search vulnerabilities</Link> or read the <a href="/docs">API docs</a>.
      </p>
    </>
  );
}
