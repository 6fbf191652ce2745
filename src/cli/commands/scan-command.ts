import { once } from 'node:events';
import { readFile, stat } from 'node:fs/promises';
import { Command } from 'commander';
import { openClearinghouse } from '../../services/clearinghouse.js';
import { scanServiceOf, type ScanFinding, type ScanReport, type UnscannedComponent } from '../../services/scan/scan-service.js';
import { readSbom, type ParsedSbom } from '../../services/sbom/read-sbom.js';
import { ServiceError } from '../../services/service-error.js';
import { UsageError, dbOption, err, out } from '../cli-support.js';

/** osv-scanner's exit codes: vulnerabilities found is 1, so a failure while running is 127, not this CLI's usual 1 (usage errors stay 2). */
const scanExitCodes = { clean: 0, vulnerable: 1, failure: 127 } as const;
/** The whole document is parsed in memory (a schema check needs all of it); past this size that alone outgrows a small machine. */
const MAX_SBOM_BYTES = 128 * 1024 * 1024;
/** Lines of SBOM errors, warnings and unscanned components printed before the rest is counted. */
const LIST_LIMIT = 20;

interface ScanOptions {
  db: string;
  json?: boolean;
}

/** `clearinghouse scan [--db PATH|URL] [--json] SBOM_FILE` */
export function scanCommand(): Command {
  return new Command('scan')
    .description('Scan an SBOM (CycloneDX 1.4–1.6 JSON/XML, SPDX 2.2/2.3 JSON/tag-value) against the local knowledge base, offline, like osv-scanner --sbom.')
    .argument('<sbom>', 'the SBOM file')
    .option('--json', "print osv-scanner's JSON output: results[].packages[] with full OSV records and alias groups")
    .addOption(dbOption())
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  clearinghouse scan bom.cdx.json\n' +
        '  clearinghouse scan --json --db postgres://user@db/clearinghouse app.spdx.json > results.json\n\n' +
        'The table lists each group of records that alias each other once per package, the most severe\n' +
        'first: highest CVSS base score of the group, and the lowest version that fixes every record of it.\n' +
        'Components without a purl, or whose purl names no OSV ecosystem, are listed as not scanned.\n\n' +
        'Exit status (as osv-scanner): 0 no known vulnerabilities; 1 vulnerabilities found;\n' +
        '2 usage error, or an SBOM that cannot be read (the problem is named on stderr); 127 failure while running.',
    )
    .action(async (file: string, options: ScanOptions) => {
      const sbom = await readSbomFile(file);
      for (const line of limited(sbom.warnings.map((w) => `warning: ${file}: ${w.path}: ${w.message}`), 'more warnings')) err(line);
      try {
        const ch = await openClearinghouse({ db: options.db, loadIndex: false });
        try {
          const service = scanServiceOf(ch);
          const report = await service.scan(sbom, file);
          if (options.json) await writeJson(service.json(report));
          else printReport(report);
          process.exitCode = report.findings.length > 0 ? scanExitCodes.vulnerable : scanExitCodes.clean;
        } finally {
          await ch.close();
        }
      } catch (error) {
        if (error instanceof UsageError || error instanceof ServiceError) throw error;
        err(`error: ${error instanceof Error ? error.message : String(error)}`);
        process.exitCode = scanExitCodes.failure;
      }
    });
}

/** Reads and validates the SBOM; every problem is a usage error naming the file and where in it. */
async function readSbomFile(file: string): Promise<ParsedSbom> {
  let bytes: Buffer;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new UsageError(`cannot read SBOM "${file}": not a file`);
    if (info.size > MAX_SBOM_BYTES) throw new UsageError(`cannot read SBOM "${file}": ${info.size} bytes is over the limit of ${MAX_SBOM_BYTES}`);
    bytes = await readFile(file);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw new UsageError(`cannot read SBOM "${file}": ${reason}`);
  }
  const read = await readSbom(bytes, { fileName: file });
  if (!read.ok) {
    const problems = limited(read.errors.map((e) => `  ${e.path}: ${e.message}`), 'more problems');
    throw new UsageError(`"${file}" is not a valid SBOM:\n${problems.join('\n')}`);
  }
  return read.sbom;
}

/** Writes JSON text as it comes, waiting while stdout's buffer is full, so output of any size streams. */
async function writeJson(chunks: AsyncIterable<string>): Promise<void> {
  for await (const chunk of chunks) if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
  out('');
}

function printReport(report: ScanReport): void {
  if (report.findings.length > 0) printTable(report.findings);
  if (report.unscanned.length > 0) {
    out(`${report.findings.length > 0 ? '\n' : ''}Not scanned:`);
    for (const line of limited(report.unscanned.map(unscannedLine), 'more')) out(`  ${line}`);
  }
  const vulnerable = new Set(report.findings.map((f) => `${f.package.ecosystem}\u0000${f.package.name}\u0000${f.package.version}`)).size;
  const records = report.findings.reduce((n, f) => n + f.ids.length, 0);
  const notScanned = report.unscanned.length > 0 ? `; ${report.unscanned.length} of ${report.componentCount} components not scanned` : '';
  const packages = `${report.packageCount} package${report.packageCount === 1 ? '' : 's'}`;
  if (report.findings.length === 0) out(`No known vulnerabilities in ${packages}${notScanned}.`);
  else out(`${records} known vulnerabilit${records === 1 ? 'y' : 'ies'} (${report.findings.length} after grouping aliases) in ${vulnerable} of ${packages}${notScanned}.`);
}

function printTable(findings: readonly ScanFinding[]): void {
  const rows = findings.map((f) => [
    f.package.name,
    f.package.version,
    f.ids.join(', '),
    f.severity === undefined ? '-' : `${f.severity.score.toFixed(1)} ${f.severity.rating}`,
    f.fixedVersion ?? '-',
  ]);
  const header = ['PACKAGE', 'VERSION', 'VULNERABILITY IDS', 'SEVERITY', 'FIXED VERSION'];
  const widths = header.map((h, i) => rows.reduce((width, r) => Math.max(width, r[i]!.length), h.length));
  for (const row of [header, ...rows]) out(row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  '));
}

function unscannedLine(c: UnscannedComponent): string {
  return `${c.name}${c.version === undefined ? '' : ` ${c.version}`} (${c.purl ?? c.ref}): ${c.reason}`;
}

/** The first lines of a list, and a count of the rest. */
function limited(lines: readonly string[], rest: string): string[] {
  return lines.length <= LIST_LIMIT ? [...lines] : [...lines.slice(0, LIST_LIMIT), `… and ${lines.length - LIST_LIMIT} ${rest}`];
}
