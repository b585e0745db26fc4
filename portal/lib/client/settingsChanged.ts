// Tells every open page of the portal (this tab and others) that the tenant's
// settings changed, so panels whose figures depend on them load again at once.
const CHANNEL = 'tenant-settings';
const EVENT = 'tenant-settings-changed';

export function announceSettingsChanged(): void {
  window.dispatchEvent(new Event(EVENT));
  if (typeof BroadcastChannel === 'function') {
    const channel = new BroadcastChannel(CHANNEL);
    channel.postMessage('changed');
    channel.close();
  }
}

/** Calls `listener` whenever the settings change; returns the unsubscribe. */
export function onSettingsChanged(listener: () => void): () => void {
  window.addEventListener(EVENT, listener);
  const channel =
    typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL) : undefined;
  channel?.addEventListener('message', listener);
  return () => {
    window.removeEventListener(EVENT, listener);
    channel?.close();
  };
}
