import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Principal } from '../../domain/access/access-policy.js';
import { openNotificationFixture, type NotificationFixture } from '../../testing/notification-fixtures.js';
import { testDialects } from '../../testing/test-stores.js';
import { ServiceError } from '../service-error.js';
import { AccessLayer } from '../access/access-layer.js';
import { SubscriptionService, type NewSubscription } from './subscription-service.js';

/** The ServiceError a call refused with, as [kind, field]; fails the test when it ran or threw anything else. */
async function refusal(call: Promise<unknown>): Promise<[string, string | undefined, string]> {
  try {
    await call;
  } catch (error) {
    if (error instanceof ServiceError) return [error.kind, error.field, error.message];
    throw error;
  }
  assert.fail('the call was not refused');
}

for (const dialect of testDialects) {
  describe(`subscriptions on ${dialect}`, () => {
    let fx: NotificationFixture;
    let service: SubscriptionService;
    let devService: SubscriptionService;
    before(async () => {
      fx = await openNotificationFixture(dialect);
      service = new SubscriptionService({ outbox: fx.outbox, inventory: fx.inventory, access: new AccessLayer(fx.store), guard: { allowPrivateTargets: false } });
      devService = new SubscriptionService({ outbox: fx.outbox, inventory: fx.inventory, access: new AccessLayer(fx.store), guard: { allowPrivateTargets: true } });
    });
    after(async () => {
      await fx.close();
    });
    const webhook: NewSubscription = { kind: 'webhook', target: 'https://93.184.215.14/hooks/clearinghouse', minPriority: 'out_of_cycle' };

    it('lets an admin create a webhook subscription, returning its secret once', async () => {
      const { subscription, secret } = await service.create(fx.admin, fx.org.id, { ...webhook, assetIds: [fx.assets[0]!.id] });
      assert.match(secret ?? '', /^whsec_[A-Za-z0-9_-]{43}$/);
      assert.deepEqual(
        { ...subscription, id: undefined, createdAt: undefined },
        {
          id: undefined,
          orgId: fx.org.id,
          kind: 'webhook',
          target: 'https://93.184.215.14/hooks/clearinghouse',
          minPriority: 'out-of-cycle',
          assetIds: [fx.assets[0]!.id],
          digest: null,
          createdAt: undefined,
          disabledAt: null,
        },
      );
      assert.equal((await fx.outbox.subscriptionById(subscription.id))?.secret, secret, 'stored to sign with');
      assert.ok(!JSON.stringify(await service.list(fx.admin, fx.org.id)).includes(secret!), 'never listed');
    });

    it('creates e-mail subscriptions, with a daily digest, and lists and disables them', async () => {
      const { subscription, secret } = await service.create(fx.admin, fx.org.id, { kind: 'email', target: 'soc@grid.example', minPriority: 'Immediate', digest: 'daily' });
      assert.equal(secret, null);
      assert.deepEqual([subscription.kind, subscription.target, subscription.minPriority, subscription.digest, subscription.assetIds], ['email', 'soc@grid.example', 'immediate', 'daily', null]);
      const listed = await service.list(fx.admin, fx.org.id);
      assert.deepEqual(listed.map((s) => s.kind), ['webhook', 'email']);
      const disabled = await service.disable(fx.admin, subscription.id);
      assert.ok(disabled.disabledAt);
      assert.equal((await service.list(fx.admin, fx.org.id)).find((s) => s.id === subscription.id)?.disabledAt, disabled.disabledAt);
      assert.deepEqual(await service.list(fx.otherAdmin, fx.otherOrg.id), []);
    });

    it('is for the organization’s admins only', async () => {
      const readToken: Principal = { ...fx.admin, scopes: ['read'] };
      const adminToken: Principal = { ...fx.admin, scopes: ['admin'] };
      assert.deepEqual((await refusal(service.create(undefined, fx.org.id, webhook))).slice(0, 1), ['unauthenticated']);
      assert.deepEqual(await refusal(service.create(fx.member, fx.org.id, webhook)), ['forbidden', undefined, 'needs the admin role; you are member']);
      assert.deepEqual(await refusal(service.create(fx.otherAdmin, fx.org.id, webhook)), ['forbidden', undefined, 'only the owning organization may change this record']);
      assert.deepEqual(await refusal(service.create(readToken, fx.org.id, webhook)), ['forbidden', undefined, 'this token lacks the admin scope']);
      assert.equal((await service.create(adminToken, fx.org.id, webhook)).subscription.kind, 'webhook');
      assert.equal((await refusal(service.list(fx.member, fx.org.id)))[0], 'forbidden');
      assert.equal((await refusal(service.list(fx.otherAdmin, fx.org.id)))[0], 'forbidden');
      const [mine] = await service.list(fx.admin, fx.org.id);
      assert.equal((await refusal(service.disable(fx.otherAdmin, mine!.id)))[0], 'not_found', 'another organization’s subscription does not show');
      assert.equal((await refusal(service.disable(fx.member, mine!.id)))[0], 'forbidden');
      assert.equal((await refusal(service.disable(undefined, mine!.id)))[0], 'unauthenticated');
      assert.equal((await refusal(service.disable(fx.admin, 'no-such-id')))[0], 'not_found');
    });

    it('refuses bad input with the field at fault', async () => {
      const cases: [NewSubscription, string, RegExp][] = [
        [{ ...webhook, kind: 'sms' }, '/kind', /"sms" is not a subscription kind; expected one of webhook, email/],
        [{ ...webhook, target: 'ftp://hooks.grid.example/' }, '/target', /scheme ftp: is not allowed/],
        [{ ...webhook, target: 'not a url' }, '/target', /not a valid absolute URL/],
        [{ ...webhook, target: 'http://127.0.0.1:8080/hook' }, '/target', /127\.0\.0\.1 is a loopback address/],
        [{ ...webhook, target: 'http://169.254.169.254/latest/meta-data/' }, '/target', /link-local/],
        [{ ...webhook, target: 'http://192.168.1.10/hook' }, '/target', /is a private address/],
        [{ kind: 'email', target: 'soc', minPriority: 'defer' }, '/target', /"soc" is not one e-mail address/],
        [{ kind: 'email', target: 'a@grid.example, b@grid.example', minPriority: 'defer' }, '/target', /is not one e-mail address/],
        [{ kind: 'email', target: 'SOC <soc@grid.example>', minPriority: 'defer' }, '/target', /is not one e-mail address/],
        [{ ...webhook, minPriority: 'urgent' }, '/minPriority', /minPriority: "urgent" is not a value; expected one of "defer", "scheduled", "out-of-cycle", "immediate"/],
        [{ ...webhook, assetIds: [] }, '/assetIds', /name at least one asset/],
        [{ ...webhook, assetIds: [fx.assets[0]!.id, fx.otherAsset.id] }, '/assetIds/1', /is not an asset of this organization/],
        [{ ...webhook, assetIds: ['no-such-asset'] }, '/assetIds/0', /"no-such-asset" is not an asset/],
        [{ ...webhook, digest: 'hourly' }, '/digest', /"hourly" is not a schedule/],
      ];
      for (const [input, field, message] of cases) {
        const [kind, at, text] = await refusal(service.create(fx.admin, fx.org.id, input));
        assert.deepEqual([kind, at], ['invalid', field], JSON.stringify(input));
        assert.match(text, message);
      }
    });

    it('takes loopback targets when configured for development', async () => {
      const { subscription } = await devService.create(fx.admin, fx.org.id, { ...webhook, target: 'http://127.0.0.1:8080/hook' });
      assert.equal(subscription.target, 'http://127.0.0.1:8080/hook');
    });
  });
}
