// A minimal ARI consumer for the simulator's own tests, built on the real `ari-client`: it proves
// the unchanged client works against the simulator. It is not numpool's adapter (plugin/pbx).

import ariClient, { type Channel } from 'ari-client';

export type Decision =
  | { kind: 'allow'; callerIdNum: string; callerIdName?: string; route: string; dial: string; callId: string }
  | { kind: 'block'; reason: string; callId: string }
  | { kind: 'ignore' };

export interface StasisStartSeen {
  channelId: string;
  args: string[];
}

export interface TestConsumer {
  client: Awaited<ReturnType<typeof ariClient.connect>>;
  started: StasisStartSeen[];
  /** REST failures of the decision, as the client reported them (status code and body message). */
  errors: Error[];
  stop(): Promise<void>;
}

export async function connectTestConsumer(
  ariUrl: string,
  decide: (start: StasisStartSeen) => Decision | Promise<Decision>,
): Promise<TestConsumer> {
  const client = await ariClient.connect(ariUrl, 'numpool', 'numpool');
  const consumer: TestConsumer = {
    client,
    started: [],
    errors: [],
    stop: async () => {
      client.removeAllListeners();
      await client.stop();
    },
  };
  client.on('StasisStart', (event, channel) => {
    const seen = { channelId: channel.id, args: event.args };
    consumer.started.push(seen);
    void Promise.resolve(decide(seen))
      .then((decision) => apply(channel, decision))
      .catch((err: unknown) => consumer.errors.push(err instanceof Error ? err : new Error(String(err))));
  });
  await client.start('numpool');
  return consumer;
}

async function apply(channel: Channel, decision: Decision): Promise<void> {
  if (decision.kind === 'ignore') return;
  const set = (variable: string, value: string): Promise<void> => channel.setChannelVar({ variable, value });
  await set('NUMPOOL_CALL_ID', decision.callId);
  if (decision.kind === 'block') {
    await set('NUMPOOL_RESULT', 'BLOCKED');
    await set('NUMPOOL_REASON', decision.reason);
    await channel.continueInDialplan({ label: 'blocked' });
    return;
  }
  await set('CALLERID(num)', decision.callerIdNum);
  if (decision.callerIdName !== undefined) await set('CALLERID(name)', decision.callerIdName);
  await set('NUMPOOL_ROUTE', decision.route);
  await set('NUMPOOL_DIAL', decision.dial);
  await set('NUMPOOL_RESULT', 'ALLOWED');
  await channel.continueInDialplan({});
}
