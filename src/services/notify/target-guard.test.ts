import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { blockedRangeOf, checkWebhookTarget, pinnedLookup, type ResolvedAddress } from './target-guard.js';

const strict = { allowPrivateTargets: false };

/** A resolver that answers from a fixed table, for names that must not depend on this machine's DNS. */
function resolverOf(table: Record<string, ResolvedAddress[]>) {
  return async (hostname: string): Promise<readonly ResolvedAddress[]> => {
    const found = table[hostname];
    if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return found;
  };
}

describe('webhook target guard', () => {
  const refused: Array<[url: string, range: string]> = [
    ['http://127.0.0.1/hook', 'loopback'],
    ['http://127.9.9.9:8080/', 'loopback'],
    ['http://localhost/', 'loopback'],
    ['http://[::1]/', 'loopback'],
    ['http://2130706433/', 'loopback'],
    ['http://0x7f.1/', 'loopback'],
    ['http://0177.0.0.1/', 'loopback'],
    ['http://127.1/', 'loopback'],
    ['http://0x7f000001/', 'loopback'],
    ['http://[::ffff:127.0.0.1]/', 'loopback'],
    ['http://[::ffff:7f00:1]/', 'loopback'],
    ['http://0.0.0.0/', 'unspecified'],
    ['http://0/', 'unspecified'],
    ['http://[::]/', 'unspecified'],
    ['http://10.0.0.5/', 'private'],
    ['http://172.16.0.1/', 'private'],
    ['http://172.31.255.254/', 'private'],
    ['http://192.168.1.1/', 'private'],
    ['http://3232235777/', 'private'],
    ['http://[fc00::1]/', 'private'],
    ['http://[fd12:3456::1]/', 'private'],
    ['http://[::ffff:10.0.0.1]/', 'private'],
    ['http://169.254.169.254/latest/meta-data/', 'link-local'],
    ['http://0xa9fea9fe/', 'link-local'],
    ['http://[::ffff:169.254.169.254]/', 'link-local'],
    ['http://[fe80::1]/', 'link-local'],
    ['http://100.64.0.1/', 'carrier-grade NAT'],
    ['http://100.127.255.254/', 'carrier-grade NAT'],
    ['http://224.0.0.1/', 'multicast'],
    ['http://[ff02::1]/', 'multicast'],
    ['http://255.255.255.255/', 'reserved'],
    ['http://192.0.2.10/', 'reserved'],
    ['http://[2001:db8::1]/', 'reserved'],
    ['http://[64:ff9b::a9fe:a9fe]/', 'IPv6 transition'],
    ['http://[2002:7f00:1::]/', 'IPv6 transition'],
    ['http://[::127.0.0.1]/', 'IPv6 transition'],
  ];
  for (const [url, range] of refused) {
    it(`refuses ${url} (${range})`, async () => {
      const check = await checkWebhookTarget(url, strict);
      assert.equal(check.ok, false);
      assert.ok(!check.ok && check.refusal === 'blocked-address', JSON.stringify(check));
      assert.ok(!check.ok && check.reason.includes(range), JSON.stringify(check));
    });
  }

  const allowed: Array<[url: string, address: string]> = [
    ['https://93.184.215.14/hooks', '93.184.215.14'],
    ['http://8.8.8.8:8080/', '8.8.8.8'],
    ['https://100.63.255.255/', '100.63.255.255'],
    ['https://172.32.0.1/', '172.32.0.1'],
    ['https://[2606:4700:4700::1111]/', '2606:4700:4700::1111'],
    ['https://[::ffff:8.8.8.8]/', '::ffff:808:808'],
  ];
  for (const [url, address] of allowed) {
    it(`allows ${url}`, async () => {
      const check = await checkWebhookTarget(url, strict);
      assert.ok(check.ok, JSON.stringify(check));
      assert.equal(check.address, address);
    });
  }

  it('refuses other schemes and non-URLs as invalid', async () => {
    for (const url of ['ftp://93.184.215.14/', 'file:///etc/passwd', 'gopher://8.8.8.8/', 'not a url', '/relative/path', '']) {
      const check = await checkWebhookTarget(url, strict);
      assert.ok(!check.ok && check.refusal === 'invalid-url', url);
      assert.ok(!check.ok && check.reason.startsWith('url: '), url);
    }
  });

  it('checks every address a name resolves to', async () => {
    const resolveHost = resolverOf({
      'hooks.example': [{ address: '93.184.215.14', family: 4 }, { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 }],
      'mixed.example': [{ address: '93.184.215.14', family: 4 }, { address: '10.1.2.3', family: 4 }],
      'rebind.example': [{ address: '169.254.169.254', family: 4 }],
    });
    const good = await checkWebhookTarget('https://hooks.example/x', { allowPrivateTargets: false, resolveHost });
    assert.ok(good.ok);
    assert.equal(good.address, '93.184.215.14');
    assert.equal(good.url.hostname, 'hooks.example');
    const mixed = await checkWebhookTarget('https://mixed.example/x', { allowPrivateTargets: false, resolveHost });
    assert.ok(!mixed.ok && mixed.reason === 'url: mixed.example resolves to 10.1.2.3, which is a private address');
    const rebind = await checkWebhookTarget('https://rebind.example/x', { allowPrivateTargets: false, resolveHost });
    assert.ok(!rebind.ok && rebind.refusal === 'blocked-address');
    const missing = await checkWebhookTarget('https://missing.example/x', { allowPrivateTargets: false, resolveHost });
    assert.ok(!missing.ok && missing.refusal === 'unresolvable' && missing.reason.includes('ENOTFOUND'));
  });

  it('lets loopback and private targets through when allowed, for development and tests', async () => {
    for (const [url, address] of [
      ['http://127.0.0.1:9000/', '127.0.0.1'],
      ['http://localhost:9000/', '127.0.0.1'],
      ['http://[::1]/', '::1'],
      ['http://10.0.0.5/', '10.0.0.5'],
    ] as const) {
      const check = await checkWebhookTarget(url, { allowPrivateTargets: true });
      assert.ok(check.ok, url);
      assert.equal(check.address, address);
    }
    const scheme = await checkWebhookTarget('file:///etc/passwd', { allowPrivateTargets: true });
    assert.ok(!scheme.ok && scheme.refusal === 'invalid-url');
  });

  it('classifies bare addresses', () => {
    assert.equal(blockedRangeOf('8.8.8.8'), undefined);
    assert.equal(blockedRangeOf('not-an-ip'), undefined);
    assert.match(blockedRangeOf('169.254.169.254')!, /cloud metadata/);
  });

  it('pins a connection to the checked address whatever the host name says', async () => {
    const server = createServer((req, res) => res.end(req.headers.host));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      // The name exists nowhere: only the pinned lookup can make this connect.
      const hostHeader = await new Promise<string>((resolve, reject) => {
        const req = request(`http://hooks.clearinghouse.invalid:${port}/`, { lookup: pinnedLookup('127.0.0.1', 4), agent: false }, (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => resolve(text));
        });
        req.on('error', reject);
        req.end();
      });
      assert.equal(hostHeader, `hooks.clearinghouse.invalid:${port}`);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
