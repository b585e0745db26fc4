import { describe, expect, it } from '@jest/globals';
import { clientSource } from '../../src/commands/tokens/clientSource.js';

describe('clientSource', () => {
  it('keys IPv4 by address, IPv4-mapped IPv6 as IPv4, IPv6 by its /64', () => {
    expect(clientSource('203.0.113.7')).toBe('203.0.113.7');
    expect(clientSource('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(clientSource('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(clientSource('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(clientSource('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64');
    expect(clientSource('')).toBe('unknown');
  });
});
