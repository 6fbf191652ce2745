import { useDocumentTitle } from '../components/common.js';
import { ReportForm } from '../components/ReportForm.js';
import '../intake.css';

/** Where a person (or someone on behalf of an AI model) reports one vulnerability to the clearinghouse. */
export function NewReportPage() {
  useDocumentTitle('Report a vulnerability');
  return (
    <>
      <h1 tabIndex={-1}>Report a vulnerability</h1>
      <p>
        The clearinghouse&apos;s analysts read every report. Reports of the same vulnerability are grouped together, and you see which group yours joined and why.
      </p>
      <ReportForm />
    </>
  );
}
