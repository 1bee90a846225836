// Per-process cache of the hot-path reference data. The first read loads it; afterwards reads never
// wait: at most every `checkEveryMs` a background check compares the shared version counter and
// reloads everything when another process (or this one) changed reference data.
import type { Knex } from 'knex';
import { AreaPrefixIndex } from '../../domain/areas/prefix-index.ts';
import type { CalendarOverride } from '../../domain/calendar/day-kind.ts';
import type { Agent } from '../../domain/rules/callee-facts.ts';
import type { Rules } from '../../domain/rules/rules.ts';
import { PoolIndex } from '../../domain/selection/pool-index.ts';
import {
  loadAgents,
  loadAreaPrefixes,
  loadCalendarOverrides,
  loadCallingNumbers,
  loadRegions,
  loadRules,
  readReferenceVersion,
} from './reference-repository.ts';

export interface ReferenceSnapshot {
  version: number;
  rules: Rules;
  calendar: ReadonlyMap<string, CalendarOverride>;
  regions: Readonly<Record<string, string>>;
  prefixes: AreaPrefixIndex;
  agents: ReadonlyMap<string, Agent>;
  pool: PoolIndex;
  loadedAt: number;
}

export interface ReferenceCacheOptions {
  checkEveryMs?: number;
  /** Monotonic milliseconds; injected so tests control staleness. */
  monotonicMs?: () => number;
  onRefreshError?: (err: unknown) => void;
}

export class ReferenceCache {
  private snapshot: ReferenceSnapshot | null = null;
  private loading: Promise<ReferenceSnapshot> | null = null;
  private lastCheck = 0;
  private checking: Promise<void> | null = null;
  private readonly checkEveryMs: number;
  private readonly monotonicMs: () => number;

  constructor(
    private readonly knex: Knex,
    private readonly options: ReferenceCacheOptions = {},
  ) {
    this.checkEveryMs = options.checkEveryMs ?? 1000;
    this.monotonicMs = options.monotonicMs ?? (() => performance.now());
  }

  /** The current snapshot; loads on first use, otherwise returns at once and refreshes behind. */
  async current(): Promise<ReferenceSnapshot> {
    if (!this.snapshot) return this.reload();
    if (this.monotonicMs() - this.lastCheck >= this.checkEveryMs && !this.loading && !this.checking) {
      this.lastCheck = this.monotonicMs();
      this.checking = this.refreshIfChanged()
        .catch((err: unknown) => this.options.onRefreshError?.(err))
        .finally(() => {
          this.checking = null;
        });
    }
    return this.snapshot;
  }

  /** Resolves once any background check or reload in flight has finished (for shutdown and tests). */
  async settled(): Promise<void> {
    await this.checking;
    await this.loading;
  }

  /** The snapshot already loaded, for code running inside a decision that awaited current(). */
  loaded(): ReferenceSnapshot {
    if (!this.snapshot) throw new Error('reference data not loaded yet: call current() first');
    return this.snapshot;
  }

  /** Reloads now; callers that changed reference data use it to see their own change at once. */
  async reload(): Promise<ReferenceSnapshot> {
    this.loading ??= this.load().finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  private async refreshIfChanged(): Promise<void> {
    const version = await readReferenceVersion(this.knex);
    if (version !== this.snapshot?.version) await this.reload();
  }

  private async load(): Promise<ReferenceSnapshot> {
    const version = await readReferenceVersion(this.knex);
    const [rules, calendar, regions, prefixRows, agents, numbers] = await Promise.all([
      loadRules(this.knex),
      loadCalendarOverrides(this.knex),
      loadRegions(this.knex),
      loadAreaPrefixes(this.knex),
      loadAgents(this.knex),
      loadCallingNumbers(this.knex),
    ]);
    this.snapshot = {
      version,
      rules,
      calendar,
      regions,
      prefixes: new AreaPrefixIndex(prefixRows),
      agents,
      pool: new PoolIndex(numbers),
      loadedAt: this.monotonicMs(),
    };
    this.lastCheck = this.monotonicMs();
    return this.snapshot;
  }
}
