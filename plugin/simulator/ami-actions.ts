// The AMI actions numpool and the recordings use, answering as Asterisk 22 does: Ping, Command,
// Setvar/Getvar (global or channel), Originate (Async), Hangup, DBPut/DBGet/DBGetTree/DBDel, Logoff.
// Login and the security events are the session's business (ami-session.ts).

import type { AmiFields } from './ami-message.ts';
import { fieldValue } from './ami-message.ts';
import type { CallLegs } from './call-legs.ts';
import type { DialplanEngine } from './dialplan-engine.ts';
import { originate, parseCallerId } from './originate.ts';
import { epochMicros } from './wire-format.ts';

export interface ActionReply {
  /** Response block without ActionID (the session inserts it as the second line). */
  response: AmiFields;
  /** Event blocks that follow the response on this connection only (DBGet). */
  followUps?: AmiFields[];
  /** Runs after the response was written (Originate queues the call). */
  after?: () => void;
  close?: boolean;
}

const ok = (...fields: AmiFields): ActionReply => ({ response: [['Response', 'Success'], ...fields] });
const error = (message: string): ActionReply => ({
  response: [
    ['Response', 'Error'],
    ['Message', message],
  ],
});

export function runAction(
  engine: DialplanEngine,
  legs: CallLegs,
  action: AmiFields,
  actionId: string | undefined,
): ActionReply {
  const { pbx } = engine;
  const get = (key: string): string | undefined => fieldValue(action, key);
  const name = get('Action') ?? '';
  switch (name.toLowerCase()) {
    case 'ping':
      return ok(['Ping', 'Pong'], ['Timestamp', epochMicros(pbx.clock.now())]);
    case 'logoff':
      return {
        response: [
          ['Response', 'Goodbye'],
          ['Message', 'Thanks for all the fish.'],
        ],
        close: true,
      };
    case 'command': {
      const command = get('Command') ?? '';
      const output =
        command === 'core show version'
          ? 'Asterisk 22.10.1 built by root @ vm on a x86_64 running Linux on 2026-11-28 21:44:13 UTC'
          : `No such command '${command}' (type 'core show help ${command}' for other possible commands)`;
      return ok(['Message', 'Command output follows'], ['Output', output]);
    }
    case 'setvar': {
      const variable = get('Variable') ?? '';
      const value = get('Value') ?? '';
      const channel = get('Channel');
      if (channel === undefined || channel === '') pbx.setGlobal(variable, value);
      else {
        const ch = pbx.findChannel(channel);
        if (!ch) return error('No such channel');
        engine.assign(ch, variable, value);
      }
      return ok(['Message', 'Variable Set']);
    }
    case 'getvar': {
      const variable = get('Variable') ?? '';
      const channel = get('Channel');
      let value: string;
      if (channel === undefined || channel === '') value = pbx.globals.get(variable) ?? '';
      else {
        const ch = pbx.findChannel(channel);
        if (!ch) return error('No such channel');
        value = engine.substitute(ch, `\${${variable}}`);
      }
      return ok(['Variable', variable], ['Value', value]);
    }
    case 'originate': {
      const variables = action
        .filter(([k]) => k.toLowerCase() === 'variable')
        .flatMap(([, v]) => v.split(','))
        .map((pair): [string, string] => {
          const eq = pair.indexOf('=');
          return [pair.slice(0, eq), pair.slice(eq + 1)];
        });
      const request = {
        channel: get('Channel') ?? '',
        caller: parseCallerId(get('CallerID') ?? ''),
        application: get('Application') ?? '',
        data: get('Data') ?? '',
        variables,
        actionId,
      };
      if (!/^Local\/[^@]+@[^/]+$/.test(request.channel)) return error('Originate failed');
      return {
        ...ok(['Message', 'Originate successfully queued']),
        after: () => originate(engine, legs, request),
      };
    }
    case 'hangup': {
      const ch = pbx.findChannel(get('Channel') ?? '');
      if (!ch || ch.hungUp) return error('No such channel');
      const cause = Number(get('Cause') ?? '16') || 16;
      return {
        ...ok(['Message', 'Channel Hungup']),
        after: () =>
          pbx.applyHangup(ch, () => {
            if (legs.isPassive(ch)) legs.hangupLeg(ch, cause);
            else {
              ch.hangupCause = cause;
              ch.raiseInterrupt('hangup');
            }
          }),
      };
    }
    case 'dbput':
      pbx.astdb.set(`${get('Family') ?? ''}/${get('Key') ?? ''}`, get('Val') ?? '');
      return ok(['Message', 'Updated database successfully']);
    case 'dbget': {
      const family = get('Family') ?? '';
      const key = get('Key') ?? '';
      const val = pbx.astdb.get(`${family}/${key}`);
      if (val === undefined) return error('Database entry not found');
      const id: AmiFields = actionId === undefined ? [] : [['ActionID', actionId]];
      return {
        response: [
          ['Response', 'Success'],
          ['EventList', 'start'],
          ['Message', 'Result will follow'],
        ],
        followUps: [
          [['Event', 'DBGetResponse'], ['Family', family], ['Key', key], ['Val', val], ...id],
          [['Event', 'DBGetComplete'], ...id, ['EventList', 'Complete'], ['ListItems', '1']],
        ],
      };
    }
    case 'dbgettree': {
      // As Asterisk 22: items keyed by their full /family/key path, then a Complete event.
      const family = (get('Family') ?? '').replace(/^\/+|\/+$/g, '');
      const id: AmiFields = actionId === undefined ? [] : [['ActionID', actionId]];
      const items = [...pbx.astdb]
        .filter(([path]) => family === '' || path === family || path.startsWith(`${family}/`))
        .map(([path, val]): AmiFields => [
          ['Event', 'DBGetTreeResponse'],
          ['Key', `/${path}`],
          ['Val', val],
          ...id,
        ]);
      return {
        response: [
          ['Response', 'Success'],
          ['EventList', 'start'],
          ['Message', 'Result will follow'],
        ],
        followUps: [
          ...items,
          [
            ['Event', 'DBGetTreeComplete'],
            ...id,
            ['EventList', 'Complete'],
            ['ListItems', String(items.length)],
          ],
        ],
      };
    }
    case 'dbdel': {
      const existed = pbx.astdb.delete(`${get('Family') ?? ''}/${get('Key') ?? ''}`);
      return existed
        ? ok(['Message', 'Key deleted successfully'])
        : error('Database entry could not be deleted');
    }
    default:
      return error(`Invalid/unknown command: ${name}. Use Action: ListCommands to show available commands.`);
  }
}
