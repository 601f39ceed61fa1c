// The page's settings, read from the URL (the automation contract):
// /?room=R&name=N&role=presenter|speaker|viewer|moderator&autojoin=1[&probe=1][&token=T][&region=X][&transport=webrtc|hls]
// [&ice=all|relay]  (relay: media only through the TURN servers the server hands out, e.g. to test them)
// [&replay=1]  (watch the ended class's kept recording over HLS, from its start)
// [&codec=vp8|h264]  (the camera's codec when the page publishes: h264 offers only H.264, packetization-mode=1)

export type Role = 'presenter' | 'speaker' | 'viewer' | 'moderator';
export type Transport = 'webrtc' | 'hls';
export type CameraCodec = 'vp8' | 'h264';

export const ROLES: readonly Role[] = ['presenter', 'speaker', 'viewer', 'moderator'];

export interface PageSettings {
  room: string;
  name: string;
  role: Role;
  autojoin: boolean;
  /** The presenter sends the latency probe pattern instead of the camera. */
  probe: boolean;
  /** A token given in the URL; without one the page fetches a dev token. */
  token: string | null;
  /** Placement hint, passed to Join. */
  region: string | null;
  transport: Transport;
  /** ICE transport policy: 'relay' sends media only through TURN relays. */
  ice: RTCIceTransportPolicy;
  /** Play the ended class's replay (the kept recording) over HLS instead of joining it. */
  replay: boolean;
  /** The camera's codec when this page publishes. */
  codec: CameraCodec;
}

/** What the landing page should show: the settings are incomplete or wrong. */
export interface LandingHint {
  room: string;
  name: string;
  role: Role;
  problems: string[];
}

export type ReadSettings = { kind: 'room'; settings: PageSettings } | { kind: 'landing'; hint: LandingHint };

/** Roles that send camera and microphone. */
export function publishes(role: Role): boolean {
  return role === 'presenter' || role === 'speaker' || role === 'moderator';
}

function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

function flag(params: URLSearchParams, key: string): boolean {
  const value = params.get(key);
  return value === '1' || value === 'true' || value === 'yes';
}

export function readSettings(search: string): ReadSettings {
  const params = new URLSearchParams(search);
  const room = (params.get('room') ?? '').trim();
  const name = (params.get('name') ?? '').trim();
  const roleText = (params.get('role') ?? 'viewer').trim().toLowerCase();
  const transportText = (params.get('transport') ?? 'webrtc').trim().toLowerCase();
  const role: Role = isRole(roleText) ? roleText : 'viewer';

  if (![...params.keys()].length) return { kind: 'landing', hint: { room: '', name: '', role: 'viewer', problems: [] } };

  const problems: string[] = [];
  if (!room) problems.push('Enter the name of the class.');
  if (!name) problems.push('Enter your name.');
  if (!isRole(roleText)) problems.push(`"${roleText}" is not a role: pick presenter, speaker, viewer or moderator.`);
  if (transportText !== 'webrtc' && transportText !== 'hls') problems.push(`"${transportText}" is not a transport: use webrtc or hls.`);
  const iceText = (params.get('ice') ?? 'all').trim().toLowerCase();
  if (iceText !== 'all' && iceText !== 'relay') problems.push(`"${iceText}" is not an ICE policy: use all or relay.`);
  const codecText = (params.get('codec') ?? 'vp8').trim().toLowerCase();
  if (codecText !== 'vp8' && codecText !== 'h264') problems.push(`"${codecText}" is not a camera codec: use vp8 or h264.`);
  if (problems.length) return { kind: 'landing', hint: { room, name, role, problems } };

  return {
    kind: 'room',
    settings: {
      room,
      name,
      role,
      autojoin: flag(params, 'autojoin'),
      probe: flag(params, 'probe'),
      token: params.get('token') || null,
      region: params.get('region') || null,
      transport: transportText as Transport,
      ice: iceText as RTCIceTransportPolicy,
      codec: codecText as CameraCodec,
      replay: flag(params, 'replay'),
    },
  };
}

/** The URL of a room page, as the landing page navigates to it. */
export function roomUrl(room: string, name: string, role: Role, autojoin: boolean): string {
  const params = new URLSearchParams({ room, name, role });
  if (autojoin) params.set('autojoin', '1');
  return `/?${params.toString()}`;
}
