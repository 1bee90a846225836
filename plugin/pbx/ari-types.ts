// The slice of ari-client's untyped API that numpool uses (connection, events, ping), and the
// ARI event shapes it reads.
// Only plugin/pbx/ sees these; the rest of numpool talks to the AriPort.

export interface AriChannelJson {
  id: string;
  name: string;
  state: string;
  caller: { name: string; number: string };
  dialplan: { context: string; exten: string; priority: number };
}

export interface StasisStartEvent {
  type: 'StasisStart';
  application: string;
  args: string[];
  channel: AriChannelJson;
  timestamp: string;
}

export interface StasisEndEvent {
  type: 'StasisEnd';
  application: string;
  channel: AriChannelJson;
  timestamp: string;
}

export interface AriClient {
  on(event: 'StasisStart', handler: (event: StasisStartEvent) => void): void;
  on(event: 'StasisEnd', handler: (event: StasisEndEvent) => void): void;
  on(event: 'ApplicationReplaced' | 'WebSocketConnected' | 'pong', handler: () => void): void;
  on(event: 'WebSocketReconnecting' | 'WebSocketMaxRetries', handler: (err?: Error) => void): void;
  start(app: string): Promise<void>;
  stop(): void;
  /** The per-call requests go through AriRest; of ari-client's operations numpool only asks
   * whether the server offers the bulk one (its api-docs list it: Asterisk 20.20+/22.10+). */
  channels: { setChannelVars?: unknown };
  /** Answers `{ping: "pong", timestamp, asterisk_id}`; read defensively. */
  asterisk: { ping(): Promise<unknown> };
}

export type AriConnect = (url: string, user: string, password: string) => Promise<AriClient>;
