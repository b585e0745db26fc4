import { describe, expect, it } from '@jest/globals';
import {
  assertPublicDestination,
  DestinationRefused,
  isPublicAddress,
} from '../../src/webhooks/subscriptions/destinationGuard.js';

describe('webhook destination guard', () => {
  it.each([
    '10.0.0.1',
    '172.16.5.4',
    '192.168.1.1',
    '127.0.0.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fe80::1',
    'fd00:ec2::254',
    '::ffff:10.0.0.1',
    '::ffff:127.0.0.1',
    '::127.0.0.1',
    '::7f00:1',
    '100::1',
    'not an address',
  ])('refuses %s', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['93.184.216.34', '1.1.1.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])(
    'allows %s',
    (address) => {
      expect(isPublicAddress(address)).toBe(true);
    },
  );

  it('refuses a host when any address it resolves to is private (DNS answers checked, not names)', async () => {
    const resolve = async () => ['93.184.216.34', '10.1.2.3'];
    const refused = await assertPublicDestination('https://hooks.example.com/x', {
      allowPrivate: false,
      resolve,
    }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DestinationRefused);
    // The tenant is told why in general; the DNS answer goes to the server's log only.
    expect((refused as DestinationRefused).reason).toBe(
      'the host does not resolve to a public address',
    );
    expect((refused as DestinationRefused).message).not.toMatch(/10\.1\.2\.3/);
    expect((refused as DestinationRefused).detail).toMatch(/hooks\.example\.com.*10\.1\.2\.3/);
    await expect(
      assertPublicDestination('https://hooks.example.com/x', {
        allowPrivate: false,
        resolve: async () => ['93.184.216.34'],
      }),
    ).resolves.toBeUndefined();
  });

  it('refuses hosts that do not resolve, and anything but http(s), even when private is allowed', async () => {
    const fails = async () => {
      throw new Error('ENOTFOUND');
    };
    await expect(
      assertPublicDestination('https://nowhere.invalid/', { allowPrivate: false, resolve: fails }),
    ).rejects.toBeInstanceOf(DestinationRefused);
    await expect(
      assertPublicDestination('file:///etc/passwd', { allowPrivate: true }),
    ).rejects.toBeInstanceOf(DestinationRefused);
    await expect(
      assertPublicDestination('http://127.0.0.1:9/', { allowPrivate: true }),
    ).resolves.toBeUndefined();
  });
});
