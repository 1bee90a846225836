// What both hook benchmarks (simulated and real Asterisk) share: a Beijing pool large enough that
// no call is refused for lack of a number, and the observer that times StasisStart → continue 204.
import type { Knex } from 'knex';
import type { NumpoolObserver } from '../../plugin/app.ts';
import { seedAgent, seedNumbers } from '../support/seed.ts';

export async function seedHookBenchPool(knex: Knex): Promise<void> {
  await seedNumbers(
    knex,
    Array.from({ length: 2000 }, (_, i) => ({
      e164: `+86108${String(i).padStart(7, '0')}`,
      dailyCap: 1000,
      province: '北京',
      city: '北京',
      region: '华北',
    })),
  );
  await seedAgent(knex, '8001', true);
}

/** Observer hooks that report each call's hook latency (ms) to `record`. */
export function hookTimer(
  record: (ms: number) => void,
): Pick<NumpoolObserver, 'callStarted' | 'callHandled'> {
  const started = new Map<string, number>();
  return {
    callStarted: (_s, channelId) => started.set(channelId, performance.now()),
    callHandled: (_s, channelId) => {
      const t0 = started.get(channelId);
      if (t0 !== undefined) record(performance.now() - t0);
      started.delete(channelId);
    },
  };
}
