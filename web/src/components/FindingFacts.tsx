import type { Finding } from '../intake-api.js';
import { Fact } from './common.js';

/** What a finding names: products and versions, weaknesses, CVSS vectors, identifiers and places in code. */
export function FindingFacts({ finding }: { finding: Finding }) {
  return (
    <dl className="facts">
      <Fact term="Affected">
        <ul className="plain affected-products">
          {finding.affected.map((a, i) => (
            <li key={i}>
              <code>{a.purl ?? a.cpe ?? a.name}</code>
              {a.versions.length > 0 && <> — {a.versions.join(', ')}</>}
            </li>
          ))}
        </ul>
      </Fact>
      {finding.cwes.length > 0 && <Fact term="Weakness">{finding.cwes.join(', ')}</Fact>}
      {finding.cvssVectors.length > 0 && (
        <Fact term="CVSS">
          {finding.cvssVectors.map((v) => (
            <code key={v}>{v}</code>
          ))}
        </Fact>
      )}
      {finding.identifiers.length > 0 && <Fact term="Identifiers">{finding.identifiers.join(', ')}</Fact>}
      {finding.locations.length > 0 && (
        <Fact term="Location">
          {finding.locations.map((l, i) => (
            <div key={i}>
              <code>
                {l.uri}
                {l.startLine === undefined ? '' : `:${l.startLine}`}
              </code>
              {l.symbol ? ` in ${l.symbol}` : ''}
            </div>
          ))}
        </Fact>
      )}
    </dl>
  );
}
