// The far end of a simulated trunk (any dial string that is not a Local channel into a context of
// the loaded dialplan): answers, is busy, congested or never answers, per callee, like the
// recordings' fake-trunk (last digit 4 busy, 3 congestion, 9 no answer, else answer).

import type { CallLegs } from './call-legs.ts';
import type { SimChannel } from './channel.ts';
import type { SimPbx } from './pbx.ts';

export type TrunkOutcome = 'answer' | 'busy' | 'congestion' | 'noanswer';

export interface TrunkBehaviour {
  outcome: TrunkOutcome;
  /** Ringing before the answer (or before busy/congestion is signalled), simulated ms. */
  ringMs: number;
  /** Talk time after the answer before the callee hangs up, simulated ms. */
  talkMs: number;
}

export const DEFAULT_RING_MS = 0;
export const DEFAULT_TALK_MS = 1000;

export function outcomeByLastDigit(callee: string): TrunkOutcome {
  const last = callee.slice(-1);
  if (last === '4') return 'busy';
  if (last === '3') return 'congestion';
  if (last === '9') return 'noanswer';
  return 'answer';
}

export async function runFarEnd(
  pbx: SimPbx,
  legs: CallLegs,
  leg: SimChannel,
  behaviour: TrunkBehaviour,
): Promise<void> {
  const signal = leg.interruptSignal;
  if (behaviour.outcome !== 'busy' && behaviour.outcome !== 'congestion') pbx.setState(leg, 'Ringing');
  if ((await pbx.clock.wait(behaviour.ringMs, signal)) === 'aborted') return;
  switch (behaviour.outcome) {
    case 'busy':
      pbx.setState(leg, 'Busy');
      legs.indicate(leg, 'busy');
      return;
    case 'congestion':
      legs.indicate(leg, 'congestion');
      return;
    case 'noanswer':
      return;
    case 'answer':
      legs.answer(leg);
      if ((await pbx.clock.wait(behaviour.talkMs, signal)) === 'aborted') return;
      legs.hangupLeg(leg, 16);
  }
}
