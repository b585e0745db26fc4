import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

// Server-side request forgery guard for webhook URLs: every address the host
// resolves to must be public unicast. Private, loopback, link-local (cloud
// metadata at 169.254.169.254 among them), unique-local, multicast and
// reserved ranges are refused. Deliveries check again at connect time
// (request-filtering-agent), because DNS may answer differently later.

// The reason goes to the tenant; the detail (the host, the addresses DNS
// answered) only to the server's log: the answers of internal DNS are not
// the tenant's to see.
export class DestinationRefused extends Error {
  constructor(
    readonly reason: string,
    readonly detail: string = reason,
  ) {
    super(reason);
    this.name = 'DestinationRefused';
  }
}

// Global unicast IPv6 (RFC 4291 section 2.4): everything outside 2000::/3,
// such as the deprecated IPv4-compatible ::127.0.0.1, is reserved.
const globalUnicastV6 = ipaddr.parseCIDR('2000::/3');

export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) parsed = v6.toIPv4Address();
    else if (!v6.match(globalUnicastV6)) return false;
  }
  return parsed.range() === 'unicast';
}

export type Resolve = (host: string) => Promise<string[]>;

const resolveAll: Resolve = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);

/** Resolves the URL's host and refuses it unless every address is public (or private ones are allowed). */
export async function assertPublicDestination(
  url: string,
  options: { allowPrivate: boolean; resolve?: Resolve },
): Promise<void> {
  const { protocol, hostname } = new URL(url);
  if (protocol !== 'https:' && protocol !== 'http:') {
    throw new DestinationRefused('must be an http or https URL');
  }
  if (options.allowPrivate) return;
  const host = hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: string[];
  try {
    addresses = ipaddr.isValid(host) ? [host] : await (options.resolve ?? resolveAll)(host);
  } catch (error) {
    throw new DestinationRefused(
      'the host does not resolve',
      `host ${host} does not resolve: ${(error as Error).message}`,
    );
  }
  if (addresses.length === 0) {
    throw new DestinationRefused('the host does not resolve', `host ${host} has no addresses`);
  }
  const refused = addresses.find((address) => !isPublicAddress(address));
  if (refused !== undefined) {
    throw new DestinationRefused(
      'the host does not resolve to a public address',
      `host ${host} resolves to ${refused}, a private, loopback, link-local or reserved address`,
    );
  }
}
