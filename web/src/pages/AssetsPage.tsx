import { DateTime, ProblemView, useDocumentTitle } from '../components/common.js';
import { counted, label } from '../components/labels.js';
import { NewAssetForm } from '../components/NewAssetForm.js';
import { useLoad } from '../components/use-load.js';
import { listAssets, listExposures, sbomHistory, type Asset } from '../operator-api.js';
import { Link, navigate } from '../router.js';
import { useProfile } from '../session.js';

const pageSize = 100;

/** The assets the user may see, each with its current SBOM and exposure count; and a form for a new one. */
export function AssetsPage({ search }: { search: string }) {
  const offset = Math.max(0, Number(new URLSearchParams(search).get('offset')) || 0);
  const loaded = useLoad(async (signal) => ({ offset, assets: await listAssets({ offset, limit: pageSize }, signal) }), [offset]);
  // While the next page loads, the links describe the rows on screen, not the URL's new page.
  const assets = loaded.status === 'done' ? { ...loaded, value: loaded.value.assets } : loaded;
  const shownOffset = loaded.status === 'done' ? loaded.value.offset : offset;
  const { user } = useProfile();
  useDocumentTitle('Assets');

  return (
    <>
      <h1 tabIndex={-1}>Assets</h1>
      {assets.status === 'loading' && <p>Loading assets…</p>}
      {assets.status === 'error' && <ProblemView problem={assets.problem} />}
      {assets.status === 'done' && assets.value.length === 0 && <p>No assets yet{user.role === 'viewer' ? '.' : ': create the first one below.'}</p>}
      {assets.status === 'done' && assets.value.length > 0 && (
        <div className="table-scroll">
          <table className="assets">
            <caption className="visually-hidden">Assets</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Criticality</th>
                <th scope="col">Exposure</th>
                <th scope="col">Current SBOM</th>
                <th scope="col">Components</th>
                <th scope="col">Exposures</th>
              </tr>
            </thead>
            <tbody>
              {assets.value.map((a) => (
                <AssetRow key={a.id} asset={a} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {assets.status === 'done' && (shownOffset > 0 || assets.value.length === pageSize) && (
        <nav className="pager" aria-label="Pages of assets">
          {shownOffset > 0 && <Link to={`/assets?offset=${Math.max(0, shownOffset - pageSize)}`}>Previous page</Link>}
          {assets.value.length === pageSize && <Link to={`/assets?offset=${shownOffset + pageSize}`}>Next page</Link>}
        </nav>
      )}

      {user.role !== 'viewer' && (
        <section aria-labelledby="new-asset">
          <h2 id="new-asset">New asset</h2>
          <NewAssetForm onCreated={(created) => navigate(`/assets/${encodeURIComponent(created.id)}`)} />
        </section>
      )}
    </>
  );
}

/** One asset; its SBOM and exposure count load with the row. */
function AssetRow({ asset }: { asset: Asset }) {
  const details = useLoad(
    async (signal) => {
      const [sboms, exposures] = await Promise.all([sbomHistory(asset.id, signal), listExposures({ asset: asset.id, limit: 1 }, signal)]);
      return { current: sboms.find((s) => s.id === asset.current_sbom_id), exposures: exposures.total };
    },
    [asset.id, asset.current_sbom_id],
  );
  const current = details.status === 'done' ? details.value.current : undefined;
  const pending = details.status === 'loading' ? '…' : details.status === 'error' ? details.problem.detail : undefined;
  return (
    <tr>
      <th scope="row">
        <Link to={`/assets/${encodeURIComponent(asset.id)}`}>{asset.name}</Link>
      </th>
      <td>{label(asset.criticality)}</td>
      <td>{label(asset.system_exposure)}</td>
      <td className="current-sbom">
        {asset.current_sbom_id === null ? (
          <span className="muted">None uploaded</span>
        ) : current ? (
          <>
            {current.format} {current.spec_version}, <DateTime value={current.uploaded_at} />
          </>
        ) : (
          pending
        )}
      </td>
      <td className="components">{current ? current.component_count : asset.current_sbom_id === null ? '—' : pending}</td>
      <td className="exposure-count">
        {details.status === 'done' ? (
          details.value.exposures > 0 ? (
            <Link to={`/exposures?asset=${encodeURIComponent(asset.id)}`}>{counted(details.value.exposures, 'exposure')}</Link>
          ) : (
            'None'
          )
        ) : (
          pending
        )}
      </td>
    </tr>
  );
}
