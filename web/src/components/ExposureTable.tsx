import type { Exposure } from '../operator-api.js';
import { Link } from '../router.js';
import { DueDate, KevFlag, PriorityBadge } from './badges.js';
import { label } from './labels.js';

/** The app path of an exposure's page: one vulnerability on one asset. */
export function exposureHref(assetId: string, vulnId: string): string {
  return `/assets/${encodeURIComponent(assetId)}/exposures/${encodeURIComponent(vulnId)}`;
}

/** Exposures in the order given: priority, the vulnerability and where it sits, the fix, the dates. */
export function ExposureTable({ exposures, caption, showAsset = true }: { exposures: readonly Exposure[]; caption: string; showAsset?: boolean }) {
  return (
    <div className="table-scroll">
      <table className="exposures">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Priority</th>
            <th scope="col">Vulnerability</th>
            {showAsset && <th scope="col">Asset</th>}
            <th scope="col">Component</th>
            <th scope="col">Fixed in</th>
            <th scope="col">CVSS</th>
            <th scope="col">Due</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {exposures.map((e) => (
            <tr key={`${e.asset_id} ${e.component_id} ${e.vuln_id}`} data-vuln={e.vuln_id}>
              <td className="priority">
                <PriorityBadge priority={e.priority} timeline={e.timeline} />
              </td>
              <th scope="row" className="id">
                <Link to={exposureHref(e.asset_id, e.vuln_id)}>{e.vuln_id}</Link>
                {e.in_kev && <KevFlag />}
              </th>
              {showAsset && (
                <td>
                  <Link to={`/assets/${encodeURIComponent(e.asset_id)}`}>{e.asset_name}</Link>
                </td>
              )}
              <td>
                {e.component_name} <span className="muted">{e.component_version ?? ''}</span>
              </td>
              <td>{e.fixed_version ?? <span className="muted">No fix known</span>}</td>
              <td>{e.cvss_score === null ? <span className="muted">—</span> : e.cvss_score.toFixed(1)}</td>
              <td className="due">
                <DueDate exposure={e} />
              </td>
              <td>
                {label(e.status)}
                {e.vex_status && <span className="muted"> (VEX: {label(e.vex_status)})</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
