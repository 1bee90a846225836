// The decision trace: which rules ran, what each saw, and how the caller ID was chosen.
// Stored as JSON with the call and printed by `numpool decide`.

export type StepOutcome = 'pass' | 'block' | 'skip';

export interface TraceStep {
  rule: string;
  outcome: StepOutcome;
  detail: Readonly<Record<string, unknown>>;
}

export interface CandidateSummary {
  id: number;
  e164: string;
  used: number;
  cap: number;
}

export interface TierTrace {
  tier: string;
  /** Numbers in the tier's bucket (right purpose, active or warming, main tier). */
  numbers: number;
  /** The best few of the tier that are under their cap and presentable on the route, best first. */
  top: CandidateSummary[];
}

export interface DecisionTrace {
  steps: TraceStep[];
  selection?: { tiers: TierTrace[]; chosenBy?: string };
}

export function step(rule: string, outcome: StepOutcome, detail: Record<string, unknown> = {}): TraceStep {
  return { rule, outcome, detail };
}
