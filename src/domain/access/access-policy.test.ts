import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decide, decideCoordination, type Marking, type Principal, type Scope } from './access-policy.js';
import { parseTlp } from './tlp.js';
import { checkSector, type Role } from './organizations.js';

const owner: Principal = { userId: 'u-owner', orgId: 'org-a', role: 'member' };
const ownerViewer: Principal = { userId: 'u-viewer', orgId: 'org-a', role: 'viewer' };
const partner: Principal = { userId: 'u-partner', orgId: 'org-b', role: 'admin' };
const stranger: Principal = { userId: 'u-stranger', orgId: 'org-c', role: 'admin' };
const readToken: Principal = { ...owner, scopes: ['read'] };
const marking = (tlp: Marking['tlp']): Marking => ({ ownerOrgId: 'org-a', tlp, sharedWithOrgIds: ['org-b'], recipientUserIds: ['u-owner'] });

describe('TLP 2.0 read rule', () => {
  const cases: [string, Principal | undefined, Marking['tlp'], boolean][] = [
    ['anonymous', undefined, 'CLEAR', true],
    ['anonymous', undefined, 'GREEN', false],
    ['stranger', stranger, 'GREEN', true],
    ['stranger', stranger, 'AMBER', false],
    ['partner it was shared with', partner, 'AMBER', true],
    ['partner it was shared with', partner, 'AMBER+STRICT', false],
    ['owner org viewer', ownerViewer, 'AMBER+STRICT', true],
    ['owner org viewer, not a recipient', ownerViewer, 'RED', false],
    ['named recipient', owner, 'RED', true],
  ];
  for (const [who, principal, tlp, expected] of cases) {
    it(`${who} ${expected ? 'reads' : 'does not read'} TLP:${tlp}`, () => {
      assert.equal(decide(principal, 'read', marking(tlp)).allowed, expected);
    });
  }
});

describe('writes', () => {
  it('need the owning organization, the member role and the write scope', () => {
    assert.equal(decide(owner, 'write', marking('GREEN')).allowed, true);
    assert.equal(decide(ownerViewer, 'write', marking('GREEN')).allowed, false);
    assert.equal(decide(partner, 'write', marking('AMBER')).allowed, false, 'sharing never grants writes');
    assert.equal(decide(readToken, 'write', marking('GREEN')).allowed, false);
    assert.equal(decide(undefined, 'write', marking('CLEAR')).allowed, false);
  });
  it('administering needs the admin role', () => {
    assert.equal(decide(owner, 'administer', marking('GREEN')).allowed, false);
    assert.equal(decide({ ...owner, role: 'admin' }, 'administer', marking('GREEN')).allowed, true);
    assert.equal(decide({ ...owner, role: 'admin', scopes: ['write'] }, 'administer', marking('GREEN')).allowed, false);
  });
  it('a token with only a write scope still reads (scopes nest), one with none of read does not', () => {
    assert.equal(decide({ ...owner, scopes: ['write'] }, 'read', marking('AMBER')).allowed, true);
    assert.equal(decide({ ...owner, scopes: [] }, 'read', marking('AMBER')).allowed, false);
  });
});

describe('labels and sectors', () => {
  it('reads TLP labels in their usual spellings and refuses TLP 1.0 WHITE with a hint', () => {
    assert.deepEqual(parseTlp('TLP:AMBER+STRICT'), { ok: true, value: 'AMBER+STRICT' });
    assert.deepEqual(parseTlp('green'), { ok: true, value: 'GREEN' });
    const white = parseTlp('TLP:WHITE');
    assert.ok(!white.ok && white.error.includes('CLEAR'));
  });
  it('asks operators, and only operators, for one of the 16 sectors', () => {
    assert.deepEqual(checkSector('operator', 'energy'), { ok: true, sector: 'energy' });
    assert.equal(checkSector('operator', undefined).ok, false);
    assert.equal(checkSector('operator', 'space').ok, false);
    assert.equal(checkSector('vendor', 'energy').ok, false);
    assert.deepEqual(checkSector('lab', undefined), { ok: true, sector: undefined });
  });
});

describe('the clearinghouse workspace (intake queue, clusters, cases)', () => {
  const staff = (role: Role, scopes?: Scope[]): Principal => ({ userId: 'u', orgId: 'ch', role, ...(scopes ? { scopes } : {}) });
  it("is read by the clearinghouse's staff and changed by its analysts", () => {
    assert.deepEqual(decideCoordination(staff('viewer'), 'clearinghouse', 'read'), { allowed: true });
    assert.deepEqual(decideCoordination(staff('member'), 'clearinghouse', 'write'), { allowed: false, reason: 'needs the analyst role; you are member' });
    assert.deepEqual(decideCoordination(staff('analyst'), 'clearinghouse', 'write'), { allowed: true });
  });
  it('is closed to other organizations, to anonymous users and to tokens without the scope', () => {
    assert.deepEqual(decideCoordination(staff('admin'), 'vendor', 'read'), { allowed: false, reason: "only the clearinghouse's staff work the intake queue" });
    assert.deepEqual(decideCoordination(undefined, 'clearinghouse', 'read'), { allowed: false, reason: 'sign in first' });
    assert.deepEqual(decideCoordination(staff('admin', ['read']), 'clearinghouse', 'write'), { allowed: false, reason: 'this token lacks the write scope' });
  });
});
