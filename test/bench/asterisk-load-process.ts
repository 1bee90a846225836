// Agent calls into a real Asterisk for the real-Asterisk hook benchmark, in its own process so its
// CPU is not counted as numpool's. Originates over a raw AMI session and reads Asterisk's own
// event timestamps (manager.conf timestampevents = yes): the post-dial delay of a call is its
// agent route's ;2 Local leg Newchannel → the fake trunk's UserEvent(TrunkSaw).
// Protocol (IPC): started with the AMI port as argv[2]; sends {type:'ready'} once logged in;
// parent sends {type:'burst', context, rate, count, prefix}; the child answers {type:'done', …}
// when every call has reached the trunk (or given up) and Asterisk has no calls left.
import { connect, type Socket } from 'node:net';
import { decodeAmi, fieldValue, type AmiFields } from '../../plugin/simulator/ami-message.ts';

export interface Burst {
  type: 'burst';
  /** `from-agents` (through numpool) or `baseline` (caller ID set in plain dialplan). */
  context: string;
  rate: number;
  count: number;
  /** Two digits after the leading 1: every callee of a burst is new (the C4 frequency rule). */
  prefix: string;
}

export interface BurstResult {
  type: 'done';
  /** Post-dial delay of every call that reached the trunk, ms, by Asterisk's clock. */
  pddMs: number[];
  /** Calls that reached the trunk with a pool number (0…) vs another caller ID (fail policy). */
  poolCallerId: number;
  otherCallerId: number;
  /** Originated calls that never reached the trunk, and originates Asterisk refused. */
  missing: number;
  originateFailures: number;
}

const amiPort = Number(process.argv[2]);
const LEG_TWO = /^Local\/(\d+)@([a-z-]+)-[0-9a-f]+;2$/;

class AmiSession {
  private buffer = '';
  private readonly waiters = new Map<string, (fields: AmiFields) => void>();
  private seq = 0;
  onEvent: (fields: AmiFields) => void = () => undefined;

  constructor(private readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.read(chunk));
  }

  action(fields: AmiFields): Promise<AmiFields> {
    const id = `load-${++this.seq}`;
    const text = [...fields, ['ActionID', id]].map(([k, v]) => `${k}: ${v}\r\n`).join('') + '\r\n';
    return new Promise((resolve) => {
      this.waiters.set(id, resolve);
      this.socket.write(text);
    });
  }

  /** Sends without waiting for the response (originates at a fixed rate). */
  send(fields: AmiFields): void {
    void this.action(fields);
  }

  private read(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\r\n\r\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 4);
      const fields = decodeAmi(block.replace(/^Asterisk Call Manager\/[^\r]*\r\n/, ''));
      const id = fieldValue(fields, 'ActionID');
      const waiter = id === undefined ? undefined : this.waiters.get(id);
      if (waiter && fieldValue(fields, 'Response') !== undefined) {
        this.waiters.delete(id!);
        waiter(fields);
      } else if (fieldValue(fields, 'Event') !== undefined) this.onEvent(fields);
    }
  }
}

const socket = connect(amiPort, '127.0.0.1');
await new Promise<void>((resolve, reject) => {
  socket.once('connect', resolve);
  socket.once('error', reject);
});
const ami = new AmiSession(socket);
const login = await ami.action([
  ['Action', 'Login'],
  ['Username', 'numpool'],
  ['Secret', 'numpool'],
  ['Events', 'call,user'],
]);
if (fieldValue(login, 'Response') !== 'Success') throw new Error('AMI login refused');
// Only what the measure needs: Asterisk still builds every event, but this session is not sent
// the ~40 per call it does not read.
for (const filter of ['Event: Newchannel', 'UserEvent: TrunkSaw', 'Event: OriginateResponse'])
  await ami.action([
    ['Action', 'Filter'],
    ['Operation', 'Add'],
    ['Filter', filter],
  ]);

const stamp = (fields: AmiFields): number => Number(fieldValue(fields, 'Timestamp') ?? NaN) * 1000;

async function burst({ context, rate, count, prefix }: Burst): Promise<BurstResult> {
  const createdAt = new Map<string, number>();
  const reached = new Map<string, { at: number; callerId: string }>();
  let originateFailures = 0;
  let allReached: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (allReached = resolve));
  ami.onEvent = (fields) => {
    const event = fieldValue(fields, 'Event');
    if (event === 'Newchannel') {
      const leg = LEG_TWO.exec(fieldValue(fields, 'Channel') ?? '');
      if (leg?.[2] === context && leg[1] !== undefined) createdAt.set(leg[1], stamp(fields));
    } else if (event === 'UserEvent' && fieldValue(fields, 'UserEvent') === 'TrunkSaw') {
      const callee = fieldValue(fields, 'Callee') ?? '';
      reached.set(callee, { at: stamp(fields), callerId: fieldValue(fields, 'CallerID') ?? '' });
      if (reached.size === count) allReached();
    } else if (event === 'OriginateResponse' && fieldValue(fields, 'Response') !== 'Success') {
      originateFailures++;
    }
  };
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const wait = start + (i * 1000) / rate - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    // Last digit 0: the fake trunk answers and hangs up after 1 s (3, 4, 9 would not answer).
    const callee = `1${prefix}${String(i).padStart(7, '0')}0`;
    ami.send([
      ['Action', 'Originate'],
      ['Channel', `Local/${callee}@${context}`],
      ['Context', 'agent-phone'],
      ['Exten', 's'],
      ['Priority', '1'],
      ['CallerID', 'Agent <8001>'],
      ['Async', 'true'],
    ]);
  }
  await Promise.race([done, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  await drained();
  const pddMs: number[] = [];
  let poolCallerId = 0;
  for (const [callee, trunk] of reached) {
    const t0 = createdAt.get(callee);
    if (t0 !== undefined) pddMs.push(trunk.at - t0);
    if (trunk.callerId.startsWith('0')) poolCallerId++;
  }
  return {
    type: 'done',
    pddMs,
    poolCallerId,
    otherCallerId: reached.size - poolCallerId,
    missing: count - reached.size,
    originateFailures,
  };
}

/** Waits until Asterisk has no calls up, so one burst's hang-ups do not load the next. */
async function drained(): Promise<void> {
  for (let i = 0; i < 80; i++) {
    const status = await ami.action([['Action', 'CoreStatus']]);
    if (fieldValue(status, 'CoreCurrentCalls') === '0') return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

process.on('message', (message: Burst | { type: 'stop' }) => {
  if (message.type === 'stop') {
    socket.end();
    process.exit(0);
  }
  void burst(message).then((result) => process.send?.(result));
});
process.send?.({ type: 'ready' });
