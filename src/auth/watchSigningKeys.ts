import { listenToChannel, type ChannelListener } from '../db/listenChannel.js';
import { signingKeysChannel, type KeyRing } from './signingKeys.js';

/** Makes the key ring re-read the keys as soon as any process or the CLI changes them. */
export function watchSigningKeys(keys: KeyRing, connectionString: string): ChannelListener {
  return listenToChannel(
    connectionString,
    signingKeysChannel,
    () => keys.invalidate(),
    'signing-keys',
  );
}
