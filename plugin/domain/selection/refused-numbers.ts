// Which candidates a call may still try after the database refused some: a number whose last unit
// of today's cap another process took is left out of the next choice. Used by call-flow's reserve
// step between reservation attempts; the store only reports the refusal.

/** After this many refused numbers the usage view is clearly stale: reload it, once per call. */
export const REFUSALS_BEFORE_RELOAD = 32;

export interface Refusal {
  /** Whether the caller should reload its usage view before choosing again. */
  reloadUsage: boolean;
}

export class RefusedNumbers {
  private readonly ids = new Set<number>();
  private reloaded = false;

  /** The numbers the next selection must skip (`exclude` of selectCallerId). */
  get excluded(): ReadonlySet<number> {
    return this.ids;
  }

  /** Notes that the database refused `numberId` for this call. */
  refuse(numberId: number): Refusal {
    this.ids.add(numberId);
    if (this.reloaded || this.ids.size < REFUSALS_BEFORE_RELOAD) return { reloadUsage: false };
    this.reloaded = true;
    return { reloadUsage: true };
  }
}
