import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Clearinghouse } from './clearinghouse.js';

export interface SampleSignIn {
  readonly email: string;
  readonly password: string;
}

/**
 * Sample operator data for a first look (`serve --sample`): a water utility with two assets
 * holding the sample SBOM, and an admin whose password is made up now and shown once.
 * Does nothing when the store already has organizations.
 */
export async function loadSampleOperators(ch: Clearinghouse, sbomPath: string): Promise<SampleSignIn | undefined> {
  if ((await ch.accounts.listOrganizations()).length > 0) return undefined;
  const org = await ch.accounts.createOrganization({ name: 'Sample Water Utility', type: 'operator', sector: 'water_and_wastewater_systems' });
  const password = randomBytes(12).toString('base64url');
  const email = 'operator@sample.invalid';
  const user = await ch.accounts.createUser({ orgName: org.name, email, role: 'admin', displayName: 'Sample operator', password });
  const principal = { userId: user.id, orgId: org.id, role: 'admin' as const };
  const document = await readFile(sbomPath);
  for (const asset of [
    { name: 'Plant SCADA historian', criticality: 'critical', systemExposure: 'open', missionImpact: 'mission_failure', safetyImpact: 'marginal' },
    { name: 'Billing portal', criticality: 'medium', systemExposure: 'controlled', missionImpact: 'degraded' },
  ]) {
    const created = await ch.inventory.createAsset(principal, asset);
    await ch.inventory.uploadSbomDocument(principal, created.id, document, sbomPath);
  }
  return { email, password };
}
