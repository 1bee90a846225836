// The number lifecycle (L1, P5) as one state machine: the allowed transitions as data, and the
// checked transition every caller (jobs, panel, API, CLI) goes through. Each change is a record
// for number_state_history with who did it and why.
import type { NumberState, NumberTier } from '../pool/pool-number.ts';

/** Matches number_state_history.actor_kind / actor. */
export interface Actor {
  kind: 'job' | 'user' | 'api' | 'cli' | 'system';
  /** Job name, username, API token name … */
  id: string;
}

export interface LifecycleNumber {
  id: number;
  state: NumberState;
  tier: NumberTier;
}

export interface TransitionContext {
  actor: Actor;
  reason: string;
  now: Date;
}

export interface StateChange {
  kind: 'state';
  numberId: number;
  from: NumberState;
  to: NumberState;
  actor: Actor;
  reason: string;
  at: Date;
}

export interface TierChange {
  kind: 'tier';
  numberId: number;
  /** The state is unchanged by a tier change; history rows record it as from = to = state. */
  state: NumberState;
  from: NumberTier;
  to: NumberTier;
  actor: Actor;
  reason: string;
  at: Date;
}

export interface LifecycleError {
  code: 'ILLEGAL_TRANSITION' | 'REASON_REQUIRED';
  message: string;
}

export type TransitionResult<C> = { ok: true; change: C } | { ok: false; error: LifecycleError };

/**
 * new → warming → active → cooling | suspended | appealing → active | retired. A number long out
 * of service goes back through warming; retired is final (the number is released, never reused).
 */
export const ALLOWED_TRANSITIONS: Readonly<Record<NumberState, readonly NumberState[]>> = {
  new: ['warming', 'retired'],
  warming: ['active', 'cooling', 'suspended', 'appealing', 'retired'],
  active: ['cooling', 'suspended', 'appealing', 'retired'],
  cooling: ['active', 'warming', 'suspended', 'appealing', 'retired'],
  suspended: ['appealing', 'active', 'warming', 'cooling', 'retired'],
  appealing: ['active', 'warming', 'suspended', 'retired'],
  retired: [],
};

/** States in which a number may move between the main pool and the reserve. */
export const TIER_MOVABLE_STATES: Readonly<Record<NumberTier, readonly NumberState[]>> = {
  // reserve → main (promotion): a reserve that is warmed up, or still new/warming/cooling
  main: ['new', 'warming', 'active', 'cooling'],
  // main → reserve: a healthy number set aside
  reserve: ['new', 'active', 'cooling'],
};

export function canTransition(from: NumberState, to: NumberState): boolean {
  return ALLOWED_TRANSITIONS[from].includes(to);
}

export function transition(
  number: LifecycleNumber,
  to: NumberState,
  ctx: TransitionContext,
): TransitionResult<StateChange> {
  const reason = ctx.reason.trim();
  if (reason === '') return refuse('REASON_REQUIRED', `number ${number.id}: a transition needs a reason`);
  if (!canTransition(number.state, to)) {
    const allowed = ALLOWED_TRANSITIONS[number.state];
    return refuse(
      'ILLEGAL_TRANSITION',
      `number ${number.id} cannot go from ${number.state} to ${to}; from ${number.state} it may go to ${allowed.length > 0 ? allowed.join(', ') : 'nothing (final state)'}`,
    );
  }
  return {
    ok: true,
    change: {
      kind: 'state',
      numberId: number.id,
      from: number.state,
      to,
      actor: ctx.actor,
      reason,
      at: ctx.now,
    },
  };
}

/** Moves a number between main pool and reserve (promotion, or setting a healthy number aside). */
export function changeTier(
  number: LifecycleNumber,
  to: NumberTier,
  ctx: TransitionContext,
): TransitionResult<TierChange> {
  const reason = ctx.reason.trim();
  if (reason === '') return refuse('REASON_REQUIRED', `number ${number.id}: a tier change needs a reason`);
  if (number.tier === to)
    return refuse('ILLEGAL_TRANSITION', `number ${number.id} is already in the ${to} tier`);
  if (!TIER_MOVABLE_STATES[to].includes(number.state)) {
    return refuse(
      'ILLEGAL_TRANSITION',
      `number ${number.id} cannot move to the ${to} tier while ${number.state}; only when ${TIER_MOVABLE_STATES[to].join(', ')}`,
    );
  }
  return {
    ok: true,
    change: {
      kind: 'tier',
      numberId: number.id,
      state: number.state,
      from: number.tier,
      to,
      actor: ctx.actor,
      reason,
      at: ctx.now,
    },
  };
}

function refuse(code: LifecycleError['code'], message: string): { ok: false; error: LifecycleError } {
  return { ok: false, error: { code, message } };
}
