import { useState } from 'react';
import { DateTime, Fact, ProblemView, useDocumentTitle } from '../components/common.js';
import { counted, label } from '../components/labels.js';
import { SbomUploadForm } from '../components/SbomUploadForm.js';
import { useLoad } from '../components/use-load.js';
import { currentComponents, getAsset, listExposures, sbomHistory, type Component, type Sbom } from '../operator-api.js';
import { Link } from '../router.js';
import { useProfile } from '../session.js';

/** One asset: what it is, its exposures, its SBOM history and current components, and the upload form. */
export function AssetPage({ id }: { id: string }) {
  // Bumped after an upload, so the history, components and counts load again.
  const [uploads, setUploads] = useState(0);
  const { user } = useProfile();
  const loaded = useLoad(
    async (signal) => {
      const [asset, sboms, components, exposures] = await Promise.all([getAsset(id, signal), sbomHistory(id, signal), currentComponents(id, signal), listExposures({ asset: id, limit: 1 }, signal)]);
      return { asset, sboms, components, exposures: exposures.total };
    },
    [id, uploads],
  );
  const asset = loaded.status === 'done' ? loaded.value.asset : undefined;
  useDocumentTitle(asset?.name ?? 'Asset');

  return (
    <article className="asset">
      <h1 tabIndex={-1}>{asset?.name ?? 'Asset'}</h1>
      {loaded.status === 'loading' && <p>Loading…</p>}
      {loaded.status === 'error' && <ProblemView problem={loaded.problem} />}
      {asset && loaded.status === 'done' && (
        <>
          <dl className="facts">
            <Fact term="Criticality">{label(asset.criticality)}</Fact>
            <Fact term="System exposure">{label(asset.system_exposure)}</Fact>
            <Fact term="Mission impact">{label(asset.mission_impact)}</Fact>
            <Fact term="Safety impact">{label(asset.safety_impact)}</Fact>
            <Fact term="Marking">TLP:{asset.tlp}</Fact>
            <Fact term="Created"><DateTime value={asset.created_at} /></Fact>
          </dl>
          <p className="asset-exposures">
            {loaded.value.exposures > 0 ? (
              <Link to={`/exposures?asset=${encodeURIComponent(asset.id)}`}>{counted(loaded.value.exposures, 'exposure')} on this asset</Link>
            ) : (
              'No exposures on this asset.'
            )}
          </p>
        </>
      )}

      {user.role !== 'viewer' && (
        <section aria-labelledby="upload-heading">
          <h2 id="upload-heading">Upload an SBOM</h2>
          <SbomUploadForm assetId={id} onUploaded={() => setUploads((n) => n + 1)} />
        </section>
      )}

      {loaded.status === 'done' && (
        <>
          <section aria-labelledby="components-heading">
            <h2 id="components-heading">Components</h2>
            <ComponentTable components={loaded.value.components} />
          </section>
          <section aria-labelledby="history-heading">
            <h2 id="history-heading">SBOM history</h2>
            <SbomTable sboms={loaded.value.sboms} currentId={loaded.value.asset.current_sbom_id} />
          </section>
        </>
      )}
    </article>
  );
}

/** The current SBOM's components; those the knowledge base cannot match say why. */
function ComponentTable({ components }: { components: Component[] }) {
  if (components.length === 0) return <p>No SBOM uploaded yet.</p>;
  const unmatched = components.filter((c) => c.unmatched_reason !== null).length;
  return (
    <>
      <p>
        {counted(components.length, 'component')}, {unmatched} unmatched.
      </p>
      <div className="table-scroll">
        <table className="components">
          <caption className="visually-hidden">Components of the current SBOM</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Version</th>
              <th scope="col">Package URL</th>
              <th scope="col">Matching</th>
            </tr>
          </thead>
          <tbody>
            {components.map((c) => (
              <tr key={c.id} className={c.unmatched_reason === null ? undefined : 'unmatched'}>
                <th scope="row">{c.name}</th>
                <td>{c.version ?? <span className="muted">—</span>}</td>
                <td>{c.purl ? <code>{c.purl}</code> : <span className="muted">none</span>}</td>
                <td>
                  {c.unmatched_reason === null ? (
                    'Matched'
                  ) : (
                    <>
                      <span className="badge badge-unmatched">Unmatched</span> {c.unmatched_reason}
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** Every SBOM uploaded for the asset, newest first. */
function SbomTable({ sboms, currentId }: { sboms: Sbom[]; currentId: string | null }) {
  if (sboms.length === 0) return <p>None yet.</p>;
  return (
    <div className="table-scroll">
      <table className="sboms">
        <caption className="visually-hidden">SBOM history, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Uploaded</th>
            <th scope="col">Format</th>
            <th scope="col">Name</th>
            <th scope="col">Components</th>
            <th scope="col">SHA-256</th>
          </tr>
        </thead>
        <tbody>
          {sboms.map((s) => (
            <tr key={s.id}>
              <th scope="row">
                <DateTime value={s.uploaded_at} />
                {s.id === currentId && <span className="badge badge-current">Current</span>}
              </th>
              <td>
                {s.format} {s.spec_version} ({s.encoding})
              </td>
              <td>{s.name ?? <span className="muted">—</span>}</td>
              <td>{s.component_count}</td>
              <td>
                <code title={s.sha256}>{s.sha256.slice(0, 12)}…</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
