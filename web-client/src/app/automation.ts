// window.rtclive: the automation contract (stable; tests outside the repository rely on it).
//   state      'idle'|'connecting'|'connected'|'reconnecting'|'failed'|'ended'|'removed'  (a property)
//   stats()    Promise<{ framesDecoded, framesSent, bytesReceived, bytesSent, layer, packetsLost, rttMs,
//              glassToGlassMs, node, tracks: [{ from, source, kind, framesDecoded, packetsReceived }], candidatePair,
//              joinTimeline: { page: [{ step, atMs }], node: [{ step, atMs }] } (read-only diagnostics) }>
//   setLayer('q'|'h'|'f'|'auto')  Promise
//   participants()  Promise<[{ name, role, handRaised, publishing, hls }]>  (hls: watching over HLS; chat and hands only)
//   raiseHand(), lowerHand()                 Promise
//   promote(name), demote(name)              Promise (presenter, moderator)
//   mute(name, 'audio'|'video')              Promise (presenter, moderator)
//   remove(name), endClass()                 Promise (moderator)
//   shareScreen(), stopScreen()              Promise (those who publish)
//   chat(text)                               Promise
//   messages()      Promise<[{ from, text, at }]>
// Every method returns a Promise that rejects with an Error saying why when the server refuses. Names are unique in a room.

import type { ClassSession, ContractMessage, ContractParticipant, ContractStats } from './session';
import type { ConnectionState } from './state';

export interface RtcLiveAutomation {
  readonly state: ConnectionState;
  stats(): Promise<ContractStats>;
  setLayer(layer: 'q' | 'h' | 'f' | 'auto'): Promise<void>;
  participants(): Promise<ContractParticipant[]>;
  raiseHand(): Promise<void>;
  lowerHand(): Promise<void>;
  promote(name: string): Promise<void>;
  demote(name: string): Promise<void>;
  mute(name: string, kind: 'audio' | 'video'): Promise<void>;
  remove(name: string): Promise<void>;
  endClass(): Promise<void>;
  shareScreen(): Promise<void>;
  stopScreen(): Promise<void>;
  chat(text: string): Promise<void>;
  messages(): Promise<ContractMessage[]>;
}

/** Diagnostics, not part of the contract: call a hub method as this page (tests use it to try what the UI never does). */
export interface RtcLiveDebug {
  invoke(method: string, ...args: unknown[]): Promise<unknown>;
  /** Drops the hub connection as a network failure would; the page reconnects on its own. */
  dropConnection(): Promise<void>;
}

declare global {
  interface Window {
    rtclive: RtcLiveAutomation;
    rtcliveDebug?: RtcLiveDebug;
  }
}

/** Wraps whatever a method throws into a rejected Promise of an Error (never a synchronous throw). */
function asPromise<T>(run: () => Promise<T>): Promise<T> {
  try {
    return run().catch((err: unknown) => Promise.reject(err instanceof Error ? err : new Error(String(err))));
  } catch (err) {
    return Promise.reject(err instanceof Error ? err : new Error(String(err)));
  }
}

export function installAutomation(session: ClassSession): void {
  const api: RtcLiveAutomation = {
    get state() {
      return session.state;
    },
    stats: () => asPromise(() => session.stats()),
    setLayer: (layer) => asPromise(() => session.setLayer(layer)),
    participants: () => asPromise(async () => session.participantsForContract()),
    raiseHand: () => asPromise(() => session.raiseHand()),
    lowerHand: () => asPromise(() => session.lowerHand()),
    promote: (name) => asPromise(() => session.promote(name)),
    demote: (name) => asPromise(() => session.demote(name)),
    mute: (name, kind) => asPromise(() => session.mute(name, kind)),
    remove: (name) => asPromise(() => session.remove(name)),
    endClass: () => asPromise(() => session.endClass()),
    shareScreen: () => asPromise(() => session.shareScreen()),
    stopScreen: () => asPromise(() => session.stopScreen()),
    chat: (text) => asPromise(() => session.chat(text)),
    messages: () => asPromise(async () => session.messagesForContract()),
  };
  Object.defineProperty(window, 'rtclive', { value: Object.freeze(api), configurable: true, enumerable: true });
  const debug: RtcLiveDebug = {
    invoke: (method, ...args) => asPromise(() => session.invokeHub(method, ...args)),
    dropConnection: () => asPromise(() => session.simulateConnectionLoss()),
  };
  Object.defineProperty(window, 'rtcliveDebug', { value: Object.freeze(debug), configurable: true });
}

/** The landing page is in no class: the same surface, idle, and methods that say so. */
export function installIdleAutomation(): void {
  const notInClass = () => Promise.reject(new Error('not in a class: open the page with room, name and role parameters'));
  const api: RtcLiveAutomation = {
    get state() {
      return 'idle' as const;
    },
    stats: notInClass,
    setLayer: notInClass,
    participants: notInClass,
    raiseHand: notInClass,
    lowerHand: notInClass,
    promote: notInClass,
    demote: notInClass,
    mute: notInClass,
    remove: notInClass,
    endClass: notInClass,
    shareScreen: notInClass,
    stopScreen: notInClass,
    chat: notInClass,
    messages: notInClass,
  };
  Object.defineProperty(window, 'rtclive', { value: Object.freeze(api), configurable: true, enumerable: true });
}
