import { Command, Option } from 'commander';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { openClearinghouse } from '../../services/clearinghouse.js';
import { MAX_SBOM_BYTES } from '../../services/inventory/inventory-service.js';
import { ServiceError } from '../../services/service-error.js';
import { UsageError, dbOption, err, out } from '../cli-support.js';

/** `clearinghouse sbom upload --asset NAME FILE` */
export function sbomCommand(): Command {
  const sbom = new Command('sbom').description("Manage operators' SBOMs.");
  sbom
    .command('upload')
    .description(
      "Upload an SBOM as an asset's current one and report the exposures it has. CycloneDX 1.4–1.6 (JSON or XML) and SPDX 2.2/2.3 (JSON or tag-value); " +
        'the format is detected from the content and validated against its schema. Nothing is stored unless the whole document is good.',
    )
    .argument('<file>', 'the SBOM file')
    .requiredOption('--asset <name>', "the asset's name in your organization")
    .addOption(new Option('--token <token>', 'API token with the write scope, acting for you').env('CLEARINGHOUSE_TOKEN').makeOptionMandatory())
    .addOption(dbOption())
    .addHelpText(
      'after',
      '\nExample:\n  CLEARINGHOUSE_TOKEN=cht_… clearinghouse sbom upload --asset "plant historian" historian.cdx.json\n\n' +
        'Exit status: 0 when stored, 2 when refused (bad token, unknown asset, invalid SBOM: every fault is listed), 1 on any other failure.',
    )
    .action(async (file: string, options: { asset: string; token: string; db: string }) => {
      const size = await stat(file).then((s) => s.size, () => undefined);
      if (size === undefined) throw new UsageError(`cannot read ${file}`);
      if (size > MAX_SBOM_BYTES) throw new UsageError(`${file} is ${size} bytes; the limit is ${MAX_SBOM_BYTES} bytes (${MAX_SBOM_BYTES / 1024 / 1024} MiB)`);
      const ch = await openClearinghouse({ db: options.db, loadIndex: true });
      try {
        const principal = await ch.accounts.principalOfToken(options.token);
        if (!principal) throw new UsageError('the API token is unknown, expired or revoked');
        const asset = await ch.inventory.assetNamed(principal, options.asset);
        try {
          const result = await ch.inventory.uploadSbomDocument(principal, asset.id, await readFile(file), basename(file));
          for (const w of result.warnings) err(`warning: ${w.field}: ${w.message}`);
          out(
            `stored ${result.sbom.format} ${result.sbom.spec_version} (${result.sbom.encoding}) as the current SBOM of "${asset.name}": ` +
              `${result.sbom.component_count} components, ${result.unmatched} unmatched, ${result.exposures} exposures`,
          );
        } catch (error) {
          if (error instanceof ServiceError && error.errors) for (const e of error.errors) err(`${file}: ${e.field}: ${e.message}`);
          throw error;
        }
      } finally {
        await ch.close();
      }
    });
  return sbom;
}
