import { Command, Option } from 'commander';
import { readFile, stat } from 'node:fs/promises';
import { gunzipReport, isGzip } from '../../services/intake/compressed-report.js';
import { basename } from 'node:path';
import type { ReportFormat, ReportSource } from '../../domain/intake/report-draft.js';
import { openClearinghouse } from '../../services/clearinghouse.js';
import { MAX_ATTACHMENT_BYTES, MAX_REPORT_BYTES } from '../../services/intake/intake-service.js';
import { readReport } from '../../services/intake/read-report.js';
import { UsageError, dbOption, err, out } from '../cli-support.js';

const FORMATS: readonly ReportFormat[] = ['report', 'osv', 'cve', 'csaf', 'sarif'];

interface SubmitOptions {
  json: boolean;
  format?: string;
  tlp?: string;
  person?: string;
  tool?: string;
  model?: string;
  engagement?: string;
  attach: string[];
  token: string;
  db: string;
}

/** `clearinghouse report submit [--json] FILE…` */
export function reportCommand(): Command {
  const report = new Command('report').description('Submit vulnerability reports to the clearinghouse.');
  report
    .command('submit')
    .description(
      'Submit reports: free-form JSON reports, OSV or CVE 5.x records, CSAF 2.0 advisories or SARIF 2.1 logs (each SARIF result is a finding). ' +
        'Every file is read and validated first; if any is refused, every fault is listed and nothing is stored. Each finding is placed in a cluster of reports of the same vulnerability.',
    )
    .argument('<files...>', 'report files (JSON, or gzip-compressed JSON such as .sarif.gz), submitted in the order given')
    .option('--json', 'print a JSON array with {file, reportId, clusterId} for each file, in the order given', false)
    .option('--format <format>', `the files' format (${FORMATS.join(', ')}); detected from each file when absent`)
    .option('--tlp <label>', 'TLP 2.0 marking: CLEAR, GREEN or AMBER (default AMBER)')
    .option('--person <name>', 'found by this person')
    .option('--tool <name>', 'found by this scanner tool')
    .option('--model <name>', 'found by this AI model')
    .option('--engagement <id>', 'with --model: the pre-release review engagement it came from')
    .option('--attach <file>', 'a proof-of-concept or other attachment for every report (repeatable)', (value: string, all: string[]) => [...all, value], [])
    .addOption(new Option('--token <token>', 'API token with the write scope, acting for you').env('CLEARINGHOUSE_TOKEN').makeOptionMandatory())
    .addOption(dbOption())
    .addHelpText(
      'after',
      '\nExamples:\n  CLEARINGHOUSE_TOKEN=cht_… clearinghouse report submit --model frontier-1 --engagement eng-7 finding.json\n' +
        '  clearinghouse report submit --json --tool codeql results.sarif\n\n' +
        'Exit status: 0 when every file was stored, 2 when refused (bad token, bad option, an invalid file: every fault is listed), 1 on any other failure.',
    )
    .action(async (files: string[], options: SubmitOptions) => {
      const source = sourceOf(options);
      if (options.format !== undefined && !(FORMATS as readonly string[]).includes(options.format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not "${options.format}"`);
      const format = options.format as ReportFormat | undefined;
      const documents = await Promise.all(files.map((file) => readReportFile(file)));
      const attachments = await Promise.all(options.attach.map(async (file) => ({ name: basename(file), mediaType: 'application/octet-stream', content: new Uint8Array(await readLimited(file, MAX_ATTACHMENT_BYTES)) })));
      const faults: string[] = [];
      for (const [i, document] of documents.entries()) {
        const read = await readReport(document.toString('utf8'), format === undefined ? {} : { format });
        if (!read.ok) for (const e of read.errors) faults.push(`${files[i]}: ${e.path || '/'}: ${e.message}`);
      }
      if (faults.length > 0) {
        for (const fault of faults) err(fault);
        throw new UsageError(`${faults.length} fault${faults.length === 1 ? '' : 's'}; nothing was submitted`);
      }
      const ch = await openClearinghouse({ db: options.db, loadIndex: false });
      try {
        const principal = await ch.accounts.principalOfToken(options.token);
        if (!principal) throw new UsageError('the API token is unknown, expired or revoked');
        const results: { file: string; reportId: string; clusterId: string }[] = [];
        for (const [i, document] of documents.entries()) {
          const submitted = await ch.intake.submit(principal, {
            document: document.toString('utf8'),
            source,
            attachments,
            ...(format === undefined ? {} : { format }),
            ...(options.tlp === undefined ? {} : { tlp: options.tlp }),
          });
          results.push({ file: files[i]!, reportId: submitted.reportId, clusterId: submitted.clusterId });
          if (!options.json) {
            const first = submitted.findings[0]!;
            const placed = first.rule === null ? 'a new cluster' : `joined by ${first.rule} (score ${first.score?.toFixed(2)}): ${first.detail}`;
            out(`${files[i]}: report ${submitted.reportId}, ${submitted.findings.length} finding${submitted.findings.length === 1 ? '' : 's'}; cluster ${submitted.clusterId}, ${placed}`);
          }
        }
        if (options.json) out(JSON.stringify(results));
      } finally {
        await ch.close();
      }
    });
  return report;
}

function sourceOf(options: SubmitOptions): ReportSource {
  const given = [options.person, options.tool, options.model].filter((v) => v !== undefined);
  if (given.length !== 1) throw new UsageError('say who found it: exactly one of --person NAME, --tool NAME or --model NAME');
  if (options.engagement !== undefined && options.model === undefined) throw new UsageError('--engagement goes with --model');
  if (options.person !== undefined) return { kind: 'person', name: options.person };
  if (options.tool !== undefined) return { kind: 'scanner', tool: options.tool };
  return { kind: 'model', model: options.model!, ...(options.engagement === undefined ? {} : { engagementId: options.engagement }) };
}

/** A report file, inflated when gzip-compressed (`.sarif.gz`); a bomb is refused at the limit. */
async function readReportFile(file: string): Promise<Buffer> {
  const bytes = await readLimited(file, MAX_REPORT_BYTES);
  if (!isGzip(bytes)) return bytes;
  try {
    return gunzipReport(bytes, MAX_REPORT_BYTES);
  } catch (error) {
    throw new UsageError(`${file}: ${(error as Error).message}`);
  }
}

async function readLimited(file: string, limit: number): Promise<Buffer> {
  const size = await stat(file).then((s) => (s.isFile() ? s.size : undefined), () => undefined);
  if (size === undefined) throw new UsageError(`cannot read ${file}`);
  if (size > limit) throw new UsageError(`${file} is ${size} bytes; the limit is ${limit} bytes`);
  return readFile(file);
}
