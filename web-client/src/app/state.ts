// The page's connection state, as window.rtclive.state reports it.

export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'failed' | 'ended' | 'removed';

/** Words a person reads next to the state. */
export function describeState(state: ConnectionState): string {
  switch (state) {
    case 'idle': return 'Not connected';
    case 'connecting': return 'Connecting…';
    case 'connected': return 'Connected';
    case 'reconnecting': return 'Connection lost, reconnecting…';
    case 'failed': return 'Could not connect';
    case 'ended': return 'The class has ended';
    case 'removed': return 'You were removed from the class';
  }
}
