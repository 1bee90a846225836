// The plain dialplan applications numpool's and the recorded dialplans use (everything except
// Stasis and Dial): NoOp, Set, GotoIf, Goto, Hangup, Progress, Playback, UserEvent, Return,
// Answer, Wait, Busy, Congestion.

import type { SimChannel } from './channel.ts';
import { isTrueCondition } from './dialplan-expression.ts';
import type { AppResult, DialplanEngine } from './dialplan-engine.ts';
import { splitArgs } from './variable-substitution.ts';

export interface ChannelSignals {
  /** Answers the channel (and, for a Local half, its peer), emitting Newstate Up. */
  answer(ch: SimChannel): void;
  /** In-band indications towards whoever called this channel (Local peer / originate). */
  indicate(ch: SimChannel, what: 'progress' | 'busy' | 'congestion'): void;
}

/** Prompt name → duration in seconds; a prompt missing here does not exist (PLAYBACKSTATUS=FAILED). */
export type PromptLibrary = ReadonlyMap<string, number>;

function gotoOrFail(engine: DialplanEngine, ch: SimChannel, target: string): AppResult {
  const loc = engine.resolveTarget(ch, target);
  return loc ? { goto: loc } : 'hangup';
}

async function waitSeconds(engine: DialplanEngine, ch: SimChannel, seconds: number): Promise<AppResult> {
  const outcome = await engine.pbx.clock.wait(seconds * 1000, ch.interruptSignal);
  return outcome === 'elapsed' ? 'next' : ch.interrupt === 'hangup' ? 'hangup' : 'next';
}

export function registerPlainApps(
  engine: DialplanEngine,
  signals: ChannelSignals,
  prompts: PromptLibrary,
): void {
  const { pbx } = engine;
  engine.register('NoOp', () => 'next');
  engine.register('Set', ({ ch, data }) => {
    const eq = data.indexOf('=');
    if (eq > 0) engine.assign(ch, data.slice(0, eq).trim(), data.slice(eq + 1));
    return 'next';
  });
  engine.register('GotoIf', ({ ch, data }) => {
    const q = data.indexOf('?');
    const targets = data.slice(q + 1);
    const colon = targets.indexOf(':');
    const yes = colon < 0 ? targets : targets.slice(0, colon);
    const no = colon < 0 ? '' : targets.slice(colon + 1);
    const target = isTrueCondition(data.slice(0, q)) ? yes : no;
    return target.trim() === '' ? 'next' : gotoOrFail(engine, ch, target);
  });
  engine.register('Goto', ({ ch, data }) => gotoOrFail(engine, ch, data));
  engine.register('Hangup', ({ ch, data }) => {
    const cause = Number(data);
    if (cause > 0) ch.hangupCause = cause;
    else if (ch.hangupCause === 0) ch.hangupCause = 16;
    return 'hangup';
  });
  engine.register('Progress', ({ ch }) => {
    signals.indicate(ch, 'progress');
    return 'next';
  });
  engine.register('Playback', async ({ ch, data }) => {
    const [files = '', options = ''] = splitArgs(data);
    if (ch.state !== 'Up' && !options.includes('noanswer')) signals.answer(ch);
    let status = 'SUCCESS';
    for (const file of files.split('&')) {
      const seconds = prompts.get(file.trim());
      if (seconds === undefined) {
        status = 'FAILED';
        break;
      }
      const outcome = await pbx.clock.wait(seconds * 1000, ch.interruptSignal);
      if (outcome === 'aborted') return ch.interrupt === 'hangup' ? 'hangup' : 'next';
    }
    pbx.setVar(ch, 'PLAYBACKSTATUS', status);
    return 'next';
  });
  engine.register('UserEvent', ({ ch, data }) => {
    const [name = '', ...pairs] = splitArgs(data);
    const fields: Array<[string, string]> = [['UserEvent', name]];
    for (const pair of pairs) {
      const colon = pair.indexOf(':');
      if (colon < 0) continue;
      fields.push([pair.slice(0, colon).trim(), pair.slice(colon + 1).replace(/^ /, '')]);
    }
    pbx.emitChannelAmi('UserEvent', ch, fields, 'user');
    return 'next';
  });
  engine.register('Return', () => 'return');
  engine.register('Answer', async ({ ch }) => {
    if (ch.state === 'Up') return 'next';
    signals.answer(ch);
    return waitSeconds(engine, ch, 0.5);
  });
  engine.register('Wait', ({ ch, data }) => waitSeconds(engine, ch, Number(data) || 0));
  engine.register('Busy', async ({ ch, data }) => {
    pbx.setState(ch, 'Busy');
    ch.hangupCause = 17;
    signals.indicate(ch, 'busy');
    const result = await waitSeconds(engine, ch, Number(data) || 0);
    return result === 'next' ? 'hangup' : result;
  });
  engine.register('Congestion', async ({ ch, data }) => {
    pbx.setState(ch, 'Busy');
    ch.hangupCause = 34;
    signals.indicate(ch, 'congestion');
    const result = await waitSeconds(engine, ch, Number(data) || 0);
    return result === 'next' ? 'hangup' : result;
  });
}
