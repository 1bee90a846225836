// A simulated Asterisk in its own process for the hook benchmark, so its CPU is not numpool's.
// Protocol (IPC): parent sends {type:'burst', rate, count, prefix}; the child originates the calls
// on schedule and answers {type:'done', paths}. On start it sends {type:'ready', ariUrl, amiPort}.
import { SimulatedAsterisk } from '../../plugin/simulator/simulated-asterisk.ts';

interface Burst {
  type: 'burst';
  rate: number;
  count: number;
  prefix: string;
}

const sim = await SimulatedAsterisk.start({
  routes: { default: 'PJSIP/${EXTEN}@default-trunk' },
  trunk: { ringMs: 20, talkMs: 100 },
  watchdogSeconds: 2.5,
});

function send(message: unknown): void {
  process.send?.(message);
}

process.on('message', (message: Burst | { type: 'stop' }) => {
  if (message.type === 'stop') {
    void sim.stop().then(() => process.exit(0));
    return;
  }
  void burst(message);
});

async function burst({ rate, count, prefix }: Burst): Promise<void> {
  const paths: Record<string, number> = {};
  const ended: Promise<void>[] = [];
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const callee = `${prefix}${String(i).padStart(11 - prefix.length - 1, '0')}0`;
    const call = sim.originate({ callee, agent: '8001' });
    ended.push(
      call.ended.then((o) => {
        paths[o.path] = (paths[o.path] ?? 0) + 1;
      }),
    );
  }
  await Promise.all(ended);
  send({ type: 'done', paths, faults: sim.faults().map((f) => f.message) });
}

send({ type: 'ready', ariUrl: sim.ariUrl, amiPort: sim.amiPort });
