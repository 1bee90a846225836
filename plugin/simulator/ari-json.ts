// ARI JSON models as Asterisk 22 serialises them: the Channel snapshot and the event envelopes,
// with the recorded key order (ChannelVarset puts variable/value before type, README §4.1.5).

import type { SimChannel } from './channel.ts';
import { ariTimestamp } from './wire-format.ts';

export type AriJson = Record<string, unknown>;

export function channelJson(ch: SimChannel): AriJson {
  return {
    id: ch.id,
    name: ch.name,
    state: ch.state,
    protocol_id: '',
    caller: { name: ch.caller.name, number: ch.caller.num },
    connected: { name: ch.connected.name, number: ch.connected.num },
    accountcode: '',
    dialplan: {
      context: ch.location.context,
      exten: ch.location.exten,
      priority: ch.location.priority,
      app_name: ch.location.appName,
      app_data: ch.location.appData,
    },
    creationtime: ariTimestamp(ch.createdAt),
    language: 'en',
  };
}

export interface EventStamp {
  now: number;
  asteriskId: string;
  application: string;
}

export function stasisStart(ch: SimChannel, args: string[], s: EventStamp): AriJson {
  return {
    type: 'StasisStart',
    timestamp: ariTimestamp(s.now),
    args,
    channel: channelJson(ch),
    asterisk_id: s.asteriskId,
    application: s.application,
  };
}

export function channelEvent(
  type: string,
  ch: SimChannel,
  s: EventStamp,
  before: AriJson = {},
  after: AriJson = {},
): AriJson {
  return {
    ...before,
    type,
    timestamp: ariTimestamp(s.now),
    ...after,
    channel: channelJson(ch),
    asterisk_id: s.asteriskId,
    application: s.application,
  };
}

export function applicationReplaced(s: EventStamp): AriJson {
  return {
    type: 'ApplicationReplaced',
    timestamp: ariTimestamp(s.now),
    application: s.application,
    asterisk_id: s.asteriskId,
  };
}

export function applicationJson(name: string, channelIds: string[]): AriJson {
  return {
    name,
    channel_ids: channelIds,
    bridge_ids: [],
    endpoint_ids: [],
    device_names: [],
    events_allowed: [],
    events_disallowed: [],
  };
}
