// Dial(): creates the outgoing leg (a Local pair into a context of the loaded dialplan, or a
// simulated trunk channel), reports DialBegin/DialEnd, bridges on answer and leaves DIALSTATUS,
// ANSWEREDTIME, DIALEDTIME (and their _MS twins) exactly where app_dial leaves them.

import type { AmiFields } from './ami-message.ts';
import { channelFields } from './ami-message.ts';
import type { CallLegs } from './call-legs.ts';
import type { SimChannel } from './channel.ts';
import type { AppResult, DialplanEngine } from './dialplan-engine.ts';
import { runFarEnd, type TrunkBehaviour } from './far-end.ts';
import { splitArgs } from './variable-substitution.ts';

export interface DialObserver {
  /** The trunk leg was created: what the far end sees. */
  onTrunkSeized(
    caller: SimChannel,
    info: { dialString: string; callerIdNum: string; callerIdName: string },
  ): void;
}

type DialOutcome = 'answer' | 'busy' | 'congestion' | 'timeout' | 'cancel' | { farHangup: number };

const RESET_VARS = [
  'DIALSTATUS',
  'DIALEDPEERNUMBER',
  'DIALEDPEERNAME',
  'ANSWEREDTIME',
  'ANSWEREDTIME_MS',
  'DIALEDTIME',
  'DIALEDTIME_MS',
  'RINGTIME',
  'RINGTIME_MS',
  'PROGRESSTIME',
  'PROGRESSTIME_MS',
];

function trunkName(tech: string, resource: string, suffix: string): string {
  const at = resource.indexOf('@');
  const device = at >= 0 ? resource.slice(at + 1) : (resource.split('/')[0] ?? resource);
  return `${tech}/${device}-${suffix}`;
}

export function registerDial(
  engine: DialplanEngine,
  legs: CallLegs,
  behaviourFor: (callee: string) => TrunkBehaviour,
  observer: DialObserver,
): void {
  const { pbx } = engine;

  const dialEvent = (event: string, ch: SimChannel, dest: SimChannel, extra: AmiFields): void =>
    pbx.emitAmi(event, 'call', [...channelFields(ch), ...channelFields(dest, 'Dest'), ...extra]);

  function createLeg(
    ch: SimChannel,
    dialString: string,
  ): { dest: SimChannel; peerNumber: string; start: () => void } {
    const slash = dialString.indexOf('/');
    const tech = dialString.slice(0, slash);
    const resource = dialString.slice(slash + 1).replace(/\/n$/, '');
    const local = /^([^@]+)@(.+)$/.exec(resource);
    const callee = ch.getVar('NUMPOOL_DEST') ?? local?.[1] ?? resource.replace(/\D/g, '');
    if (tech === 'Local' && local && pbx.dialplan.contexts.has(local[2] ?? '')) {
      const [exten = '', context = ''] = [local[1], local[2]];
      const pair = legs.createLocalPair(exten, context, ch.linkedid);
      legs.skipCdr(pair.one);
      for (const half of [pair.one, pair.two]) {
        pbx.setVar(half, 'DIALEDPEERNUMBER', resource);
        pbx.inheritVariables(ch, half);
        if (half === pair.one) {
          half.location = { ...half.location, appName: 'AppDial', appData: '(Outgoing Line)' };
          pbx.emitChannelAmi(
            'Newexten',
            half,
            [
              ['Extension', exten],
              ['Application', 'AppDial'],
              ['AppData', '(Outgoing Line)'],
            ],
            'dialplan',
          );
          legs.identify(half, { num: exten, name: ch.connected.name }, { ...ch.caller });
        } else legs.identify(half, { ...ch.caller }, { num: exten, name: ch.connected.name });
      }
      legs.emitLocalBridge(pair);
      return {
        dest: pair.one,
        peerNumber: resource,
        start: () => pbx.background(engine.run(pair.two, { context, exten, priority: 1 })),
      };
    }
    const loc = {
      context: ch.location.context,
      exten: callee,
      priority: 1,
      appName: 'AppDial',
      appData: '(Outgoing Line)',
    };
    const dest = pbx.createChannel(
      trunkName(tech, resource, pbx.nextChannelSuffix()),
      'Down',
      loc,
      ch.linkedid,
    );
    legs.markPassive(dest);
    pbx.setVar(dest, 'DIALEDPEERNUMBER', resource);
    pbx.inheritVariables(ch, dest);
    legs.identify(dest, { num: callee, name: ch.connected.name }, { ...ch.caller });
    return {
      dest,
      peerNumber: resource,
      start: () => pbx.background(runFarEnd(pbx, legs, dest, behaviourFor(callee))),
    };
  }

  engine.register('Dial', async ({ ch, data }): Promise<AppResult> => {
    const [devices = '', timeoutText = ''] = splitArgs(data);
    const dialString = devices.split('&')[0]?.trim() ?? '';
    for (const name of RESET_VARS) pbx.setVar(ch, name, '');
    const { dest, peerNumber, start } = createLeg(ch, dialString);
    observer.onTrunkSeized(ch, { dialString, callerIdNum: ch.caller.num, callerIdName: ch.caller.name });
    dialEvent('DialBegin', ch, dest, [['DialString', peerNumber]]);
    const timeoutMs = Number(timeoutText) > 0 ? Number(timeoutText) * 1000 : null;
    let cancelTimer = (): void => undefined;
    const outcome = await new Promise<DialOutcome>((resolve) => {
      legs.watch(dest, {
        onProgress: () => undefined,
        onAnswer: () => resolve('answer'),
        onBusy: () => resolve('busy'),
        onCongestion: () => resolve('congestion'),
        onHangup: (cause) => resolve({ farHangup: cause }),
      });
      if (timeoutMs !== null) cancelTimer = pbx.clock.schedule(timeoutMs, () => resolve('timeout'));
      ch.interruptSignal.addEventListener('abort', () => resolve('cancel'), { once: true });
      start();
      void Promise.resolve().then(() => {
        if (ch.interrupt !== null) resolve('cancel');
      });
    });
    cancelTimer();
    const status =
      outcome === 'answer'
        ? 'ANSWER'
        : outcome === 'busy'
          ? 'BUSY'
          : outcome === 'congestion'
            ? 'CONGESTION'
            : outcome === 'timeout'
              ? 'NOANSWER'
              : outcome === 'cancel'
                ? 'CANCEL'
                : outcome.farHangup === 17
                  ? 'BUSY'
                  : outcome.farHangup === 34
                    ? 'CONGESTION'
                    : 'CHANUNAVAIL';
    ch.dialRecord = { data, destChannel: dest.name, status, answered: outcome === 'answer' };
    if (outcome !== 'answer') {
      dialEvent('DialEnd', ch, dest, [['DialStatus', status]]);
      legs.hangupLeg(dest, outcome === 'cancel' ? 16 : 0);
      pbx.setVar(ch, 'DIALSTATUS', status);
      return outcome === 'cancel' ? 'hangup' : 'next';
    }
    const answeredAt = pbx.clock.now();
    pbx.setVar(ch, 'DIALSTATUS', 'ANSWER');
    pbx.setVar(ch, 'DIALEDPEERNAME', dest.name);
    pbx.setVar(ch, 'DIALEDPEERNUMBER', peerNumber);
    dialEvent('DialEnd', ch, dest, [['DialStatus', 'ANSWER']]);
    legs.answer(ch);
    await bridge(ch, dest);
    const now = pbx.clock.now();
    const answeredMs = Math.round(now - answeredAt);
    const dialedMs = Math.round(now - ch.createdAt);
    pbx.setVar(ch, 'ANSWEREDTIME', String(Math.floor(answeredMs / 1000)));
    pbx.setVar(ch, 'ANSWEREDTIME_MS', String(answeredMs));
    pbx.setVar(ch, 'DIALEDTIME', String(Math.floor(dialedMs / 1000)));
    pbx.setVar(ch, 'DIALEDTIME_MS', String(dialedMs));
    pbx.setVar(ch, 'DIALSTATUS', 'ANSWER');
    return 'hangup';
  });

  /** A basic two-party bridge until either side hangs up. */
  async function bridge(ch: SimChannel, dest: SimChannel): Promise<void> {
    const id = crypto.randomUUID();
    const bridgeFields = (count: number): AmiFields => [
      ['BridgeUniqueid', id],
      ['BridgeType', 'basic'],
      ['BridgeTechnology', 'simple_bridge'],
      ['BridgeCreator', '<unknown>'],
      ['BridgeName', '<unknown>'],
      ['BridgeNumChannels', String(count)],
      ['BridgeVideoSourceMode', 'none'],
    ];
    pbx.emitAmi('BridgeCreate', 'call', bridgeFields(0));
    if (legs.isHalfOne(dest)) {
      pbx.emitChannelAmi(
        'Newexten',
        dest,
        [
          ['Extension', dest.location.exten],
          ['Application', 'AppDial'],
          ['AppData', '(Outgoing Line)'],
        ],
        'dialplan',
      );
    }
    pbx.emitAmi('BridgeEnter', 'call', [...bridgeFields(1), ...channelFields(dest)]);
    pbx.emitAmi('BridgeEnter', 'call', [...bridgeFields(2), ...channelFields(ch)]);
    pbx.setVar(dest, 'BRIDGEPEER', ch.name);
    pbx.setVar(ch, 'BRIDGEPEER', dest.name);
    legs.onBeforeEnd(dest, () => {
      pbx.setVar(dest, 'BRIDGEPEER', '');
      pbx.emitAmi('BridgeLeave', 'call', [...bridgeFields(1), ...channelFields(dest)]);
    });
    if (!dest.hungUp && ch.interrupt === null) {
      const ended = AbortSignal.any([ch.interruptSignal, dest.interruptSignal]);
      await new Promise<void>((resolve) => ended.addEventListener('abort', () => resolve(), { once: true }));
    }
    if (!dest.hungUp) legs.hangupLeg(dest, 16);
    pbx.setVar(ch, 'BRIDGEPEER', '');
    pbx.emitAmi('BridgeLeave', 'call', [...bridgeFields(0), ...channelFields(ch)]);
    pbx.emitAmi('BridgeDestroy', 'call', bridgeFields(0));
  }
}
