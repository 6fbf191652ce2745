import { Command } from 'commander';
import { CRITICAL_INFRASTRUCTURE_SECTORS, ORGANIZATION_TYPES, ROLES } from '../../domain/access/organizations.js';
import { SCOPES } from '../../domain/access/access-policy.js';
import { dbOption, out, withStore } from '../cli-support.js';
import { cveBlockCommand } from './case-command.js';

/** `clearinghouse admin create-org | create-user | create-token | add-target` */
export function adminCommand(): Command {
  const admin = new Command('admin').description('Set up organizations, people, API tokens and target builds for reproduction.');
  admin
    .command('create-org')
    .description('Create an organization.')
    .argument('<name>', 'the organization name, unique')
    .requiredOption('--type <type>', `one of ${ORGANIZATION_TYPES.join(', ')}`)
    .option('--sector <sector>', `an operator's critical-infrastructure sector: ${CRITICAL_INFRASTRUCTURE_SECTORS.join(', ')}`)
    .addOption(dbOption())
    .addHelpText('after', '\nExample:\n  clearinghouse admin create-org "Grid Co" --type operator --sector energy')
    .action(async (name: string, options: { type: string; sector?: string; db: string }) => {
      const org = await withStore(options.db, (ch) => ch.accounts.createOrganization({ name, type: options.type, sector: options.sector }));
      out(`created organization ${org.name} (${org.type}${org.sector ? `, ${org.sector}` : ''}) id ${org.id}`);
    });
  admin
    .command('create-user')
    .description('Create a user in an organization. The password is read from CLEARINGHOUSE_PASSWORD, never from the command line.')
    .argument('<email>', 'e-mail address, the sign-in name')
    .requiredOption('--org <name>', 'the organization')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--name <display name>', 'how the person is shown')
    .addOption(dbOption())
    .addHelpText('after', '\nExample:\n  CLEARINGHOUSE_PASSWORD=… clearinghouse admin create-user ops@grid.example --org "Grid Co" --role admin')
    .action(async (email: string, options: { org: string; role: string; name?: string; db: string }) => {
      const user = await withStore(options.db, (ch) =>
        ch.accounts.createUser({ orgName: options.org, email, role: options.role, displayName: options.name, password: process.env.CLEARINGHOUSE_PASSWORD }),
      );
      out(`created user ${user.email} (${user.role}) id ${user.id}${user.password_hash ? '' : '; no password set (CLEARINGHOUSE_PASSWORD was empty), API tokens only'}`);
    });
  admin
    .command('create-token')
    .description('Issue an API token for a user. It is printed once; only its hash is stored.')
    .argument('<email>', 'the user the token acts for')
    .requiredOption('--name <name>', 'what the token is for')
    .option('--scope <scope...>', `scopes: ${SCOPES.join(', ')} (admin implies write implies read)`, ['read'])
    .option('--expires <date>', 'expiry date (ISO 8601)')
    .addOption(dbOption())
    .addHelpText('after', '\nExample:\n  clearinghouse admin create-token ops@grid.example --name "sbom upload" --scope write --expires 2027-01-01')
    .action(async (email: string, options: { name: string; scope: string[]; expires?: string; db: string }) => {
      const token = await withStore(options.db, (ch) => ch.accounts.createToken({ email, name: options.name, scopes: options.scope, expiresAt: options.expires }));
      out(token.secret);
      process.stderr.write(`token ${token.id} (${token.scopes.join(', ')}): store it now, it is not shown again\n`);
    });
  admin
    .command('add-target')
    .description(
      'Register a target build that reports\' proofs of concept run against (`clearinghouse validate`). The executable is a path on the host the validate worker runs on: ' +
        'an instrumented build (e.g. -fsanitize=address) that reads its input from the file named by {poc}, or from stdin when no argument says {poc}.',
    )
    .argument('<name>', 'a short name analysts pick it by, e.g. libxml2-2.12-asan')
    .requiredOption('--exec <path>', 'the absolute path of the program')
    .option('--arg <arg...>', 'its arguments; {poc} stands for the proof of concept\'s path', [])
    .addOption(dbOption())
    .addHelpText('after', '\nExample:\n  clearinghouse admin add-target xmllint-asan --exec /opt/builds/xmllint-asan --arg --noout --arg {poc}')
    .action(async (name: string, options: { exec: string; arg: string[]; db: string }) => {
      const target = await withStore(options.db, (ch) => ch.reproductions.addTarget({ name, executable: options.exec, args: options.arg, createdBy: 'admin-cli' }));
      out(`registered target ${target.name} (${[target.executable, ...target.args].join(' ')}) id ${target.id}`);
    });
  admin.addCommand(cveBlockCommand());
  return admin;
}
