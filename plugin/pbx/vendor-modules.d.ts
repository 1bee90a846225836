// Types for the untyped ari-client 2.2 and asterisk-manager 0.2 (no @types packages for them are
// installed): the slice numpool's adapters and the simulator's tests use.
declare module 'ari-client' {
  import type { EventEmitter } from 'node:events';

  interface Channel {
    id: string;
    setChannelVar(params: { variable: string; value: string }): Promise<void>;
    continueInDialplan(params: {
      context?: string;
      extension?: string;
      priority?: number;
      label?: string;
    }): Promise<void>;
    hangup(params?: { reason?: string }): Promise<void>;
  }

  interface StasisStartEvent {
    type: 'StasisStart';
    args: string[];
    channel: { id: string };
  }

  interface Client extends EventEmitter {
    start(apps: string | string[], subscribeAll?: boolean): Promise<void>;
    stop(): Promise<void>;
    on(event: 'StasisStart', listener: (event: StasisStartEvent, channel: Channel) => void): this;
    on(event: string, listener: (...args: unknown[]) => void): this;
    asterisk: { ping(): Promise<{ ping: string; timestamp: string; asterisk_id: string }> };
    channels: {
      list(): Promise<Channel[]>;
      getChannelVar(params: { channelId: string; variable: string }): Promise<{ value: string }>;
    };
  }

  const ariClient: { connect(url: string, user: string, password: string): Promise<Client> };
  export default ariClient;
  export type { Channel, Client, StasisStartEvent };
}

declare module 'asterisk-manager' {
  import type { EventEmitter } from 'node:events';

  interface Manager extends EventEmitter {
    keepConnected(): void;
    login(callback?: (err: unknown) => void): void;
    action(
      action: Record<string, string>,
      callback: (err: unknown, res: Record<string, string>) => void,
    ): void;
    disconnect(): void;
    isConnected(): boolean;
  }

  function AsteriskManager(
    port: number,
    host: string,
    user: string,
    secret: string,
    events: boolean,
  ): Manager;

  export default AsteriskManager;
  export type { Manager };
}
