// The class beyond the media, as this page knows it: raised hands in the order raised, and the chat (the
// history the server kept plus what arrives). The session feeds it from the join snapshot and hub events;
// views and window.rtclive read it.

import { Emitter } from './events';
import type { ChatEntry, RaisedHand } from './signaling';

/** Messages kept on the page: enough to scroll back through a lesson, bounded for a long one. */
const MAX_MESSAGES = 500;

export interface ClassroomEvents extends Record<string, unknown> {
  hands: readonly RaisedHand[];
  chat: readonly ChatEntry[];
}

export class ClassroomState extends Emitter<ClassroomEvents> {
  private handList: RaisedHand[] = [];
  private messages: ChatEntry[] = [];

  get hands(): readonly RaisedHand[] {
    return this.handList;
  }

  get chat(): readonly ChatEntry[] {
    return this.messages;
  }

  isRaised(participantId: string): boolean {
    return this.handList.some((h) => h.participantId === participantId);
  }

  /** The room as a (re)join found it: its hands and kept chat replace what the page had. */
  reset(hands: readonly RaisedHand[], chat: readonly ChatEntry[]): void {
    this.handList = [...hands].sort((a, b) => a.at - b.at);
    // Keep messages seen before a reconnect that the server no longer lists; the server's copy wins for the rest.
    const byId = new Map<number, ChatEntry>();
    for (const m of this.messages) byId.set(m.id, m);
    for (const m of chat) byId.set(m.id, m);
    this.messages = [...byId.values()].sort((a, b) => a.id - b.id).slice(-MAX_MESSAGES);
    this.emit('hands', this.handList);
    this.emit('chat', this.messages);
  }

  setHand(participantId: string, raised: boolean, at: number): void {
    const had = this.isRaised(participantId);
    if (raised === had) return;
    this.handList = raised
      ? [...this.handList, { participantId, at }].sort((a, b) => a.at - b.at)
      : this.handList.filter((h) => h.participantId !== participantId);
    this.emit('hands', this.handList);
  }

  /** A participant left: its hand goes down with it. */
  forget(participantId: string): void {
    if (this.isRaised(participantId)) this.setHand(participantId, false, 0);
  }

  addMessage(message: ChatEntry): void {
    if (this.messages.some((m) => m.id === message.id)) return; // our own message arrives as the call's result and as an event
    this.messages = [...this.messages, message].sort((a, b) => a.id - b.id).slice(-MAX_MESSAGES);
    this.emit('chat', this.messages);
  }
}
