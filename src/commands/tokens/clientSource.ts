import ipaddr from 'ipaddr.js';

/**
 * Where a token request comes from, as failed-secret limits count it: an IPv4
 * address (also when IPv4-mapped), or the /64 network of an IPv6 address,
 * since one host commonly holds a whole /64 and could otherwise step through
 * 2^64 sources.
 */
export function clientSource(ip: string): string {
  if (!ipaddr.isValid(ip)) return ip || 'unknown';
  const address = ipaddr.process(ip);
  if (address.kind() === 'ipv4') return address.toString();
  const parts = (address as ipaddr.IPv6).parts.slice(0, 4);
  return `${parts.map((part) => part.toString(16)).join(':')}::/64`;
}
