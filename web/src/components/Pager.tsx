import { Link } from '../router.js';

/** Which rows of how many are shown, with links to the previous and next page. */
export function Pager({ total, offset, limit, pageHref, noun }: { total: number; offset: number; limit: number; pageHref: (offset: number) => string; noun: string }) {
  if (total <= limit && offset === 0) return null;
  const last = Math.min(offset + limit, total);
  return (
    <nav className="pager" aria-label={`Pages of ${noun}`}>
      <span>
        {offset >= total ? `No ${noun} on this page` : `${offset + 1 === last ? last : `${offset + 1}–${last}`} of ${total} ${noun}`}
      </span>
      {offset > 0 && (
        <Link to={pageHref(Math.max(0, offset - limit))} rel="prev">
          Previous page
        </Link>
      )}
      {last < total && (
        <Link to={pageHref(offset + limit)} rel="next">
          Next page
        </Link>
      )}
    </nav>
  );
}
