// AMI Originate of `Local/<exten>@<context>` (Async): the Local pair, the originate's own
// DialBegin/DialEnd (Dest fields only), OriginateResponse Success/Reason 4 when answered or
// Failure/Reason 0 otherwise, and the `;1` half running Application/Data once answered.

import type { AmiFields } from './ami-message.ts';
import { channelFields } from './ami-message.ts';
import type { CallLegs, LocalPair } from './call-legs.ts';
import type { Party } from './channel.ts';
import type { DialplanEngine } from './dialplan-engine.ts';

export interface OriginateRequest {
  channel: string;
  caller: Party;
  application: string;
  data: string;
  variables: Array<[string, string]>;
  actionId: string | undefined;
}

export class OriginateError extends Error {}

export function parseCallerId(text: string): Party {
  const m = /^\s*"?([^"<]*?)"?\s*<([^>]*)>\s*$/.exec(text);
  return m ? { name: m[1] ?? '', num: m[2] ?? '' } : { name: '', num: text.trim() };
}

export function originate(engine: DialplanEngine, legs: CallLegs, req: OriginateRequest): LocalPair {
  const { pbx } = engine;
  const m = /^Local\/([^@]+)@([^/]+)$/.exec(req.channel);
  if (!m) throw new OriginateError(`simulator originates only Local/<exten>@<context>, got ${req.channel}`);
  const [exten = '', context = ''] = [m[1], m[2]];
  const pair = legs.createLocalPair(exten, context, null);
  const { one, two } = pair;
  one.location = { ...one.location, appName: 'AppDial2', appData: '(Outgoing Line)' };
  pbx.emitChannelAmi(
    'Newexten',
    one,
    [
      ['Extension', exten],
      ['Application', 'AppDial2'],
      ['AppData', '(Outgoing Line)'],
    ],
    'dialplan',
  );
  for (const [k, v] of req.variables) pbx.setVar(one, k, v);
  legs.identify(one, req.caller, req.caller);
  for (const [k, v] of req.variables) pbx.setVar(two, k, v);
  legs.identify(two, req.caller, req.caller);
  legs.emitLocalBridge(pair);
  const destEvent = (event: string, extra: AmiFields): void =>
    pbx.emitAmi(event, 'call', [...channelFields(one, 'Dest'), ...extra]);
  destEvent('DialBegin', [['DialString', `${exten}@${context}`]]);
  const response = (success: boolean): void => {
    const fields: AmiFields = [];
    if (req.actionId !== undefined) fields.push(['ActionID', req.actionId]);
    fields.push(
      ['Response', success ? 'Success' : 'Failure'],
      ['Channel', success ? one.name : req.channel],
      ['Application', req.application],
      ['Data', req.data],
      ['Reason', success ? '4' : '0'],
      ['Uniqueid', success ? one.id : '<unknown>'],
      ['CallerIDNum', req.caller.num],
      ['CallerIDName', req.caller.name],
    );
    pbx.emitAmi('OriginateResponse', 'call', fields);
  };
  let answered = false;
  legs.watch(one, {
    onProgress: () => destEvent('DialState', [['DialStatus', 'PROGRESS']]),
    onAnswer: () => {
      answered = true;
      destEvent('DialEnd', [['DialStatus', 'ANSWER']]);
      response(true);
      one.location = { ...one.location, appName: req.application, appData: req.data };
      const seconds = req.application === 'Wait' ? Number(req.data) || 0 : 0;
      pbx.background(
        pbx.clock.wait(seconds * 1000, one.interruptSignal).then((outcome) => {
          if (outcome === 'elapsed') legs.hangupLeg(one, 16);
        }),
      );
    },
    onBusy: () => undefined,
    onCongestion: () => undefined,
    onHangup: () => {
      if (answered) return;
      destEvent('DialEnd', [['DialStatus', 'NOANSWER']]);
      response(false);
    },
  });
  pbx.background(engine.run(two, { context, exten, priority: 1 }));
  return pair;
}
