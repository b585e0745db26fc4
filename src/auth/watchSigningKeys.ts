import { listenForNotifications, type NotificationListener } from '../db/listenForNotifications.js';
import { signingKeysChannel, type KeyRing } from './signingKeys.js';

/** Makes the key ring re-read the keys as soon as any process or the CLI changes them. */
export function watchSigningKeys(keys: KeyRing, connectionString: string): NotificationListener {
  return listenForNotifications(
    { connectionString, channel: signingKeysChannel, applicationName: 'signing-keys' },
    () => keys.invalidate(),
  );
}
