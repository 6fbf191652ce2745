import { useEffect, useRef } from 'react';
import { useDocumentTitle } from './components/common.js';
import { SearchPage } from './pages/SearchPage.js';
import { VulnerabilityPage } from './pages/VulnerabilityPage.js';
import { Link, useLocation } from './router.js';

/** The shell: header, and the page the path names. */
export function App() {
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
      <header className="site-header">
        <Link to="/" className="brand">
          Clearinghouse
        </Link>
        <nav aria-label="Main">
          <ul>
            <li>
              <Link to="/" aria-current={pathname === '/' ? 'page' : undefined}>
                Search
              </Link>
            </li>
            <li>
              <a href="/docs">API docs</a>
            </li>
          </ul>
        </nav>
      </header>
      <main id="main">
        <Page pathname={pathname} search={search} />
      </main>
    </>
  );
}

function Page({ pathname, search }: { pathname: string; search: string }) {
  if (pathname === '/') return <SearchPage search={search} />;
  const id = vulnerabilityId(pathname);
  if (id) return <VulnerabilityPage key={id} id={id} />;
  return <NotFound />;
}

/** The id in /vulns/:id, or undefined (also for a malformed %-escape). */
function vulnerabilityId(pathname: string): string | undefined {
  const encoded = /^\/vulns\/([^/]+)\/?$/.exec(pathname)?.[1];
  try {
    return encoded === undefined ? undefined : decodeURIComponent(encoded);
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
