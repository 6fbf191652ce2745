import { lookup } from 'node:dns/promises';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/** One address a host name resolves to. */
export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

/** How webhook targets are checked. */
export interface TargetGuardOptions {
  /**
   * Lets every address through, loopback and private ones included. For development and tests
   * only, where the receivers run on this machine; never in production.
   */
  readonly allowPrivateTargets: boolean;
  /** All addresses of a host name; defaults to the system resolver, the one a connection would use. */
  readonly resolveHost?: (hostname: string) => Promise<readonly ResolvedAddress[]>;
}

/** Why a target was refused: a bad URL, an address in a blocked range, or a name that did not resolve (which may pass later). */
export type TargetRefusal = 'invalid-url' | 'blocked-address' | 'unresolvable';

/** A checked target: connect to `address` (see `pinnedLookup`), never to a fresh lookup of `url`'s host. */
export type TargetCheck =
  | { readonly ok: true; readonly url: URL; readonly address: string; readonly family: 4 | 6 }
  | { readonly ok: false; readonly refusal: TargetRefusal; readonly reason: string };

type Range = readonly [network: string, prefix: number, type: 'ipv4' | 'ipv6'];

/**
 * Ranges a webhook may not reach, checked in this order (so `::1` reads as loopback, not as an
 * IPv4-compatible form). IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) need no rules of their own:
 * BlockList checks them against the IPv4 ranges.
 */
const blockedRanges: ReadonlyArray<{ readonly label: string; readonly ranges: readonly Range[] }> = [
  { label: 'loopback', ranges: [['127.0.0.0', 8, 'ipv4'], ['::1', 128, 'ipv6']] },
  { label: 'unspecified ("this network")', ranges: [['0.0.0.0', 8, 'ipv4'], ['::', 128, 'ipv6']] },
  {
    label: 'private',
    ranges: [['10.0.0.0', 8, 'ipv4'], ['172.16.0.0', 12, 'ipv4'], ['192.168.0.0', 16, 'ipv4'], ['fc00::', 7, 'ipv6']],
  },
  { label: 'link-local (cloud metadata lives here)', ranges: [['169.254.0.0', 16, 'ipv4'], ['fe80::', 10, 'ipv6']] },
  { label: 'carrier-grade NAT', ranges: [['100.64.0.0', 10, 'ipv4']] },
  { label: 'multicast', ranges: [['224.0.0.0', 4, 'ipv4'], ['ff00::', 8, 'ipv6']] },
  {
    label: 'reserved, benchmarking or documentation',
    ranges: [
      ['192.0.0.0', 24, 'ipv4'],
      ['192.0.2.0', 24, 'ipv4'],
      ['198.18.0.0', 15, 'ipv4'],
      ['198.51.100.0', 24, 'ipv4'],
      ['203.0.113.0', 24, 'ipv4'],
      ['240.0.0.0', 4, 'ipv4'],
      ['100::', 64, 'ipv6'],
      ['2001:db8::', 32, 'ipv6'],
      ['fec0::', 10, 'ipv6'],
    ],
  },
  {
    // These carry an IPv4 address a gateway may forward to (NAT64, 6to4, Teredo, IPv4-compatible);
    // refused whole rather than decoded, since no legitimate receiver needs them.
    label: 'IPv6 transition (embeds an IPv4 address)',
    ranges: [['::', 96, 'ipv6'], ['64:ff9b::', 96, 'ipv6'], ['64:ff9b:1::', 48, 'ipv6'], ['2002::', 16, 'ipv6'], ['2001::', 32, 'ipv6']],
  },
];

const blockLists = blockedRanges.map(({ label, ranges }) => {
  const list = new BlockList();
  for (const [network, prefix, type] of ranges) list.addSubnet(network, prefix, type);
  return { label, list };
});

/** The blocked range an IP address falls in, or undefined when it is a public address. */
export function blockedRangeOf(address: string): string | undefined {
  const family = isIP(address);
  if (family === 0) return undefined;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  return blockLists.find(({ list }) => list.check(address, type))?.label;
}

async function systemResolve(hostname: string): Promise<readonly ResolvedAddress[]> {
  const found = await lookup(hostname, { all: true, verbatim: true });
  return found.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
}

/**
 * Checks a webhook URL before anything connects to it: http or https only, and every address its
 * host resolves to must be public (one private address among public ones is refused too, since
 * the connection could land on either). Numeric host tricks (http://2130706433/, http://0x7f.1/,
 * http://0177.0.0.1/) need no parser of their own: the WHATWG URL parser rewrites them to the
 * dotted address, the same way browsers and fetch read them, and that address is what is checked.
 */
export async function checkWebhookTarget(rawUrl: string, options: TargetGuardOptions): Promise<TargetCheck> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return { ok: false, refusal: 'invalid-url', reason: `url: not a valid absolute URL: ${JSON.stringify(rawUrl)}` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, refusal: 'invalid-url', reason: `url: scheme ${url.protocol} is not allowed, only http: and https:` };
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const literalFamily = isIP(host);
  let addresses: readonly ResolvedAddress[];
  if (literalFamily !== 0) {
    addresses = [{ address: host, family: literalFamily === 6 ? 6 : 4 }];
  } else {
    try {
      addresses = await (options.resolveHost ?? systemResolve)(host);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      return { ok: false, refusal: 'unresolvable', reason: `url: host ${host} did not resolve (${code})` };
    }
  }
  const [first] = addresses;
  if (first === undefined) return { ok: false, refusal: 'unresolvable', reason: `url: host ${host} has no addresses` };
  if (!options.allowPrivateTargets) {
    for (const { address } of addresses) {
      const range = blockedRangeOf(address);
      if (range !== undefined) {
        const subject = address === host ? address : `${host} resolves to ${address}, which`;
        return { ok: false, refusal: 'blocked-address', reason: `url: ${subject} is a ${range} address` };
      }
    }
  }
  return { ok: true, url, address: first.address, family: first.family };
}

/**
 * A `lookup` for node:net/http/https that answers every host name with the checked address.
 * Connecting through it closes the DNS-rebinding gap: a second lookup at connect time could
 * return a different (internal) address than the one the guard checked. TLS still verifies the
 * certificate against the URL's host name, since only the address lookup is replaced.
 */
export function pinnedLookup(address: string, family: 4 | 6): LookupFunction {
  return (_hostname, options, callback) => {
    // Node 20 asks for `all` when it may try several addresses (autoSelectFamily).
    if (options.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
}
