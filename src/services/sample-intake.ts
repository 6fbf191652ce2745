import type { Principal } from '../domain/access/access-policy.js';
import type { Clearinghouse } from './clearinghouse.js';

/** An AddressSanitizer report of a made-up Pillow decoder bug; the two reporters' runs differ in paths and addresses. */
const asanReport = (root: string, address: string) => `==1==ERROR: AddressSanitizer: heap-buffer-overflow on address ${address} at pc 0x7f3a bp 0x7ffd sp 0x7ffc
READ of size 1 at ${address} thread T0
    #0 0x7f3a in ImagingPcxDecode ${root}/src/libImaging/PcxDecode.c:72:22
    #1 0x7f3b in _decode ${root}/src/decode.c:204:13
    #2 0x7f3c in cfunction_call Objects/methodobject.c:548:18
SUMMARY: AddressSanitizer: heap-buffer-overflow ${root}/src/libImaging/PcxDecode.c:72:22 in ImagingPcxDecode`;

/**
 * Sample coordination data for a first look (`serve --sample`): a clearinghouse with an
 * analyst, a lab whose model reported the same (made-up) Pillow crash twice in other words,
 * one cluster of the two, and its case in triage with the vendor that registered Pillow
 * offered. Sign-ins share the operator's one-time password. Does nothing on a store that
 * already has a clearinghouse.
 */
export async function loadSampleIntake(ch: Clearinghouse, password: string): Promise<string[]> {
  if ((await ch.accounts.listOrganizations()).some((o) => o.type === 'clearinghouse')) return [];
  const principal = async (orgName: string, type: string, email: string, role: 'analyst' | 'member' | 'admin'): Promise<Principal> => {
    const org = await ch.accounts.createOrganization({ name: orgName, type });
    const user = await ch.accounts.createUser({ orgName: org.name, email, role, password });
    return { userId: user.id, orgId: org.id, role };
  };
  const analyst = await principal('Sample Clearinghouse', 'clearinghouse', 'analyst@sample.invalid', 'analyst');
  const lab = await principal('Sample Frontier Lab', 'lab', 'lab@sample.invalid', 'member');
  const vendor = await principal('Sample Imaging Maintainers', 'vendor', 'vendor@sample.invalid', 'admin');
  await ch.coordination.vendors.registerProduct(vendor, { purl: 'pkg:pypi/pillow' });
  const source = { kind: 'model' as const, model: 'sample-frontier-model', engagementId: 'sample-review' };
  const first = await ch.intake.submit(lab, {
    source,
    document: JSON.stringify({
      title: 'Heap buffer over-read in the PCX decoder',
      description: 'Opening a crafted **PCX** image reads past the end of the row buffer in `ImagingPcxDecode`.\n\nThe proof of concept is a 128-byte file.',
      affected: [{ purl: 'pkg:pypi/pillow@8.0.0', versions: ['8.0.0'] }],
      cwe: 'CWE-125',
      cvss: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:L/I:N/A:H',
      stackTrace: asanReport('/build/pillow', '0x602000000051'),
    }),
  });
  await ch.intake.submit(lab, {
    source,
    document: JSON.stringify({
      title: 'Pillow: out-of-bounds read decoding PCX run lengths',
      description: 'A run length near the end of a PCX scan line makes the decoder read one byte too far.',
      affected: [{ purl: 'pkg:pypi/pillow@8.0.0', versions: ['8.0.0'] }],
      stackTrace: asanReport('/home/runner/work/Pillow', '0x6190000a0a4f'),
    }),
  });
  await ch.coordination.cases.open(analyst, first.clusterId);
  return ['analyst@sample.invalid', 'lab@sample.invalid', 'vendor@sample.invalid'];
}
