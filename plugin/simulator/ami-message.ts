// AMI message blocks: ordered `Key: Value` lines ending with a blank line, and the standard
// channel field groups (Channel…Linkedid, with `Dest`/`LocalOne`/`LocalTwo` prefixes) as recorded.

import { CHANNEL_STATES, type SimChannel } from './channel.ts';

export type AmiFields = Array<[string, string]>;

export function encodeAmi(fields: AmiFields): string {
  return fields.map(([k, v]) => `${k}: ${v}\r\n`).join('') + '\r\n';
}

/** Parses one block (without the blank line) into ordered pairs; a line without `:` is skipped. */
export function decodeAmi(block: string): AmiFields {
  const fields: AmiFields = [];
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    fields.push([line.slice(0, colon), line.slice(colon + 1).replace(/^ /, '')]);
  }
  return fields;
}

/** Parsed headers as the recordings store them: a repeated key becomes an array. */
export function headersOf(fields: AmiFields): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of fields) {
    const prev = out[k];
    if (prev === undefined) out[k] = v;
    else out[k] = Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

export function fieldValue(fields: AmiFields, key: string): string | undefined {
  const lower = key.toLowerCase();
  return fields.find(([k]) => k.toLowerCase() === lower)?.[1];
}

const orUnknown = (v: string): string => (v === '' ? '<unknown>' : v);

export function channelFields(ch: SimChannel, prefix = ''): AmiFields {
  const p = (k: string): string => (prefix === '' ? k : `${prefix}${k}`);
  return [
    [prefix === '' ? 'Channel' : `${prefix}Channel`, ch.name],
    [p('ChannelState'), String(CHANNEL_STATES[ch.state])],
    [p('ChannelStateDesc'), ch.state],
    [p('CallerIDNum'), orUnknown(ch.caller.num)],
    [p('CallerIDName'), orUnknown(ch.caller.name)],
    [p('ConnectedLineNum'), orUnknown(ch.connected.num)],
    [p('ConnectedLineName'), orUnknown(ch.connected.name)],
    [p('Language'), 'en'],
    [p('AccountCode'), ''],
    [p('Context'), ch.location.context],
    [p('Exten'), ch.location.exten],
    [p('Priority'), String(ch.location.priority)],
    [p('Uniqueid'), ch.id],
    [p('Linkedid'), ch.linkedid],
  ];
}
