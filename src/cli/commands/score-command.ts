import { Command } from 'commander';
import { scoreVector, type CvssScore } from '../../domain/cvss/cvss.js';
import { err, exitCodes, out } from '../cli-support.js';

type Scored = Extract<CvssScore, { ok: true }>;

/** `clearinghouse score VECTOR… [--json]` */
export function scoreCommand(): Command {
  return new Command('score')
    .description('Print the CVSS base score and severity of each vector (CVSS 2.0, 3.0, 3.1 and 4.0; a 4.0 score covers every metric group the vector gives).')
    .argument('<vectors...>', 'CVSS vector strings, e.g. CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H')
    .option('--json', 'print an array of {vector, version, score, severity}')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  clearinghouse score CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\n' +
        '    CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H 9.8 CRITICAL\n' +
        '  clearinghouse score --json AV:N/AC:L/Au:N/C:P/I:P/A:P CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N\n\n' +
        'Vectors are printed normalized (metrics in the standard order). v2.0 severities are NVD\'s v2 ranges.\n' +
        'Exit status: 0 when every vector scored; 2, with nothing on stdout, when any vector is invalid.',
    )
    .action((vectors: string[], options: { json?: boolean }) => {
      const scored: Scored[] = [];
      for (const vector of vectors) {
        const result = scoreVector(vector);
        if (result.ok) scored.push(result);
        else err(`error: invalid CVSS vector ${JSON.stringify(vector)}: ${result.error}`);
      }
      if (scored.length < vectors.length) {
        process.exitCode = exitCodes.usage;
        return;
      }
      if (options.json) {
        out(JSON.stringify(scored.map(({ vector, version, score, severity }) => ({ vector, version, score, severity })), null, 2));
        return;
      }
      for (const { vector, score, severity } of scored) out(`${vector} ${score.toFixed(1)} ${severity}`);
    });
}
