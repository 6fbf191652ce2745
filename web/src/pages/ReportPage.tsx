import { DateTime, Fact, ProblemView, useDocumentTitle } from '../components/common.js';
import { FindingFacts } from '../components/FindingFacts.js';
import { ClusterRef, formatLabel, ruleText, sourceText, TlpBadge } from '../components/intake-parts.js';
import { counted } from '../components/labels.js';
import { Markdown } from '../components/Markdown.js';
import { useLoad } from '../components/use-load.js';
import { getReport, type Report } from '../intake-api.js';
import '../intake.css';

/** One report: who sent it, its marking, and each finding with its description and cluster. */
export function ReportPage({ id }: { id: string }) {
  const loaded = useLoad((signal) => getReport(id, signal), [id]);
  const report = loaded.status === 'done' ? loaded.value : undefined;
  useDocumentTitle(report?.report.title ?? 'Report');

  return (
    <article className="report-page">
      <h1 tabIndex={-1}>{report?.report.title ?? 'Report'}</h1>
      {loaded.status === 'loading' && <p role="status">Loading…</p>}
      {loaded.status === 'error' && <ProblemView problem={loaded.problem} />}
      {report && (
        <>
          <dl className="facts">
            <Fact term="Found by">{sourceText(report.report.source)}</Fact>
            <Fact term="Marking">
              <TlpBadge tlp={report.report.tlp} />
            </Fact>
            <Fact term="Submitted">
              <DateTime value={report.report.submittedAt} />
            </Fact>
            <Fact term="Format">{formatLabel(report.report.format)}</Fact>
            <Fact term="Findings">{counted(report.findings.length, 'finding')}</Fact>
          </dl>
          {report.findings.map((f) => (
            <FindingSection key={f.id} finding={f} />
          ))}
        </>
      )}
    </article>
  );
}

function FindingSection({ finding: f }: { finding: Report['findings'][number] }) {
  const headingId = `finding-${f.id}`;
  return (
    <section className="finding" aria-labelledby={headingId}>
      <h2 id={headingId}>{f.title}</h2>
      <p className="placement">
        In <ClusterRef id={f.clusterId} />
        {f.rule === null ? ', which it started.' : `, joined by ${ruleText(f.rule, f.score)}${f.detail ? `: ${f.detail}` : ''}.`}
      </p>
      <FindingFacts finding={f.finding} />
      <Markdown source={f.finding.description} className="report-text description" />
      {f.finding.stackTrace && (
        <details open>
          <summary>Stack trace</summary>
          <pre className="stack-trace">{f.finding.stackTrace}</pre>
        </details>
      )}
    </section>
  );
}
