// Totals read from the peer connections' getStats(), in the units of the automation contract.

export interface TrackCounters {
  framesDecoded: number;
  packetsReceived: number;
  bytesReceived: number;
}

/** One end of the selected ICE candidate pair, as getStats() describes it. */
export interface CandidateEnd {
  candidateType: string;
  protocol: string;
  /** For a relayed local candidate: how the browser reaches its TURN server (udp, tcp, tls). */
  relayProtocol: string | null;
}

/** The path media takes: the receiving connection's selected pair (else the sending one's). */
export interface CandidatePair {
  local: CandidateEnd;
  remote: CandidateEnd;
}

export interface MediaTotals {
  /** Received video, all tracks. */
  framesDecoded: number;
  bytesReceived: number;
  packetsLost: number;
  /** Sent video, all simulcast layers. */
  framesSent: number;
  bytesSent: number;
  /** Received audio and video, for the overlay's bitrate in. */
  allBytesReceived: number;
  allBytesSent: number;
  packetsReceived: number;
  rttMs: number | null;
  jitterMs: number | null;
  /** Per received mid. */
  byMid: Map<string, TrackCounters>;
  candidatePair: CandidatePair | null;
  at: number;
}

type Stat = Record<string, unknown> & { type: string; id: string };
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

async function report(pc: RTCPeerConnection | null): Promise<Stat[]> {
  if (!pc || pc.connectionState === 'closed') return [];
  try {
    const stats = await pc.getStats();
    const list: Stat[] = [];
    stats.forEach((s) => list.push(s as Stat));
    return list;
  } catch {
    return [];
  }
}

function roundTrip(stats: Stat[]): number | null {
  const byId = new Map(stats.map((s) => [s.id, s]));
  // The selected candidate pair: from the transport, else a nominated succeeded pair.
  for (const s of stats) {
    if (s.type === 'transport' && typeof s.selectedCandidatePairId === 'string') {
      const pair = byId.get(s.selectedCandidatePairId);
      if (pair && typeof pair.currentRoundTripTime === 'number') return pair.currentRoundTripTime * 1000;
    }
  }
  for (const s of stats) {
    if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded' && typeof s.currentRoundTripTime === 'number') return s.currentRoundTripTime * 1000;
  }
  for (const s of stats) {
    if (s.type === 'remote-inbound-rtp' && typeof s.roundTripTime === 'number') return s.roundTripTime * 1000;
  }
  return null;
}

function candidateEnd(s: Stat | undefined): CandidateEnd | null {
  if (!s) return null;
  return {
    candidateType: typeof s.candidateType === 'string' ? s.candidateType : '',
    protocol: typeof s.protocol === 'string' ? s.protocol : '',
    relayProtocol: typeof s.relayProtocol === 'string' ? s.relayProtocol : null,
  };
}

function selectedPair(stats: Stat[]): CandidatePair | null {
  const byId = new Map(stats.map((s) => [s.id, s]));
  let pair: Stat | undefined;
  for (const s of stats) {
    if (s.type === 'transport' && typeof s.selectedCandidatePairId === 'string') pair = byId.get(s.selectedCandidatePairId);
  }
  pair ??= stats.find((s) => s.type === 'candidate-pair' && s.nominated === true && s.state === 'succeeded');
  if (!pair) return null;
  const local = candidateEnd(byId.get(String(pair.localCandidateId)));
  const remote = candidateEnd(byId.get(String(pair.remoteCandidateId)));
  return local && remote ? { local, remote } : null;
}

export async function collectMediaTotals(publishPc: RTCPeerConnection | null, receivePc: RTCPeerConnection | null): Promise<MediaTotals> {
  const [sent, received] = await Promise.all([report(publishPc), report(receivePc)]);
  const totals: MediaTotals = {
    framesDecoded: 0, bytesReceived: 0, packetsLost: 0, framesSent: 0, bytesSent: 0, allBytesReceived: 0, allBytesSent: 0,
    packetsReceived: 0, rttMs: null, jitterMs: null, byMid: new Map(), candidatePair: null, at: performance.now(),
  };

  // Receivers by track id, where a browser's inbound-rtp has no mid.
  const midByTrackId = new Map<string, string>();
  for (const t of receivePc?.getTransceivers() ?? []) if (t.mid !== null) midByTrackId.set(t.receiver.track.id, t.mid);

  let jitter: number | null = null;
  for (const s of received) {
    if (s.type !== 'inbound-rtp') continue;
    const kind = s.kind ?? s.mediaType;
    const bytes = num(s.bytesReceived);
    totals.allBytesReceived += bytes;
    totals.packetsReceived += num(s.packetsReceived);
    if (kind === 'video') {
      totals.framesDecoded += num(s.framesDecoded);
      totals.bytesReceived += bytes;
      totals.packetsLost += num(s.packetsLost);
      if (typeof s.jitter === 'number') jitter = Math.max(jitter ?? 0, s.jitter * 1000);
    }
    const mid = typeof s.mid === 'string' ? s.mid : typeof s.trackIdentifier === 'string' ? midByTrackId.get(s.trackIdentifier) : undefined;
    if (mid !== undefined) {
      const counters = totals.byMid.get(mid) ?? { framesDecoded: 0, packetsReceived: 0, bytesReceived: 0 };
      counters.framesDecoded += num(s.framesDecoded);
      counters.packetsReceived += num(s.packetsReceived);
      counters.bytesReceived += bytes;
      totals.byMid.set(mid, counters);
    }
  }
  for (const s of sent) {
    if (s.type !== 'outbound-rtp') continue;
    const bytes = num(s.bytesSent);
    totals.allBytesSent += bytes;
    if ((s.kind ?? s.mediaType) === 'video') {
      totals.framesSent += num(s.framesSent ?? s.framesEncoded);
      totals.bytesSent += bytes;
    }
  }
  totals.jitterMs = jitter;
  totals.candidatePair = selectedPair(received) ?? selectedPair(sent);
  totals.rttMs = roundTrip(received) ?? roundTrip(sent);
  if (totals.rttMs !== null) totals.rttMs = Math.round(totals.rttMs * 10) / 10;
  if (totals.jitterMs !== null) totals.jitterMs = Math.round(totals.jitterMs * 10) / 10;
  return totals;
}
