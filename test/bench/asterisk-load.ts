// The parent's side of asterisk-load-process.ts: forks it, waits until it is logged in to AMI, and
// runs one burst of agent calls at a time. Used by the real-Asterisk hook benchmark.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Burst, BurstResult } from './asterisk-load-process.ts';

export class LoadProcess {
  private constructor(private readonly child: ChildProcess) {}

  static async start(amiPort: number): Promise<LoadProcess> {
    const child = fork(
      fileURLToPath(new URL('./asterisk-load-process.ts', import.meta.url)),
      [String(amiPort)],
      {
        execArgv: ['--import', 'tsx'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      },
    );
    await nextMessage(child, 'ready');
    return new LoadProcess(child);
  }

  burst(burst: Burst): Promise<BurstResult> {
    const result = nextMessage<BurstResult>(this.child, 'done');
    this.child.send(burst);
    return result;
  }

  stop(): void {
    if (this.child.connected) this.child.send({ type: 'stop' });
  }
}

function nextMessage<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null): void => reject(new Error(`AMI load process exited (${code})`));
    const onMessage = (message: { type: string } & T): void => {
      if (message.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}
