// The ARI REST resources numpool uses, with the statuses and error bodies the recordings show:
// /asterisk (ping, info, variable), /applications, /channels (list, get, hangup, variable(s),
// continue) and /api-docs. One `fail()` turns every expected error into its recorded reply.

import { applicationJson, channelJson } from './ari-json.ts';
import type { AriReply } from './ari-response.ts';
import { STATUS_TEXT } from './ari-response.ts';
import type { ApiDocs } from './api-docs.ts';
import type { SimChannel } from './channel.ts';
import type { DialplanEngine, Location } from './dialplan-engine.ts';
import { readFunction } from './dialplan-functions.ts';
import type { SimPbx } from './pbx.ts';
import type { StasisApps } from './stasis.ts';
import { ariTimestamp, prettyJson } from './wire-format.ts';

export type RaceOrder = 'event-first' | 'response-first';

export interface AriRequest {
  method: string;
  /** Path below `/ari`, e.g. `/channels/123/variable`. */
  path: string;
  query: URLSearchParams;
  host: string | undefined;
  body: string;
}

export interface AriOutcome {
  reply: AriReply;
  /** Sends the ARI events the request caused; `order` says whether before or after the reply. */
  events: (() => Promise<void>) | null;
  order: RaceOrder;
}

class AriFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly statusText = STATUS_TEXT[status] ?? 'Error',
    readonly extraHeaders: Array<[string, string]> = [],
  ) {
    super(message);
  }
}

const fail = (status: number, message: string, statusText?: string): never => {
  throw new AriFailure(status, message, statusText);
};

const json = (value: unknown): AriReply => ({ status: 200, statusText: 'OK', body: prettyJson(value) });
const NO_CONTENT: AriReply = { status: 204, statusText: 'No Content', body: null };

interface Route {
  method: string;
  pattern: RegExp;
  handle: (match: string[], req: AriRequest) => AriOutcome | AriReply;
}

export interface AriRouteDeps {
  pbx: SimPbx;
  engine: DialplanEngine;
  stasis: StasisApps;
  docs: ApiDocs;
  raceOrder: () => RaceOrder;
}

export class AriRoutes {
  private readonly routes: Route[];

  constructor(private readonly deps: AriRouteDeps) {
    const r = (method: string, pattern: RegExp, handle: Route['handle']): Route => ({
      method,
      pattern,
      handle,
    });
    this.routes = [
      r('GET', /^\/api-docs\/([^/]+)$/, ([file = ''], req) => this.apiDoc(file, req.host)),
      r('GET', /^\/asterisk\/ping$/, () =>
        json({
          ping: 'pong',
          timestamp: ariTimestamp(deps.pbx.clock.now()),
          asterisk_id: deps.pbx.asteriskId,
        }),
      ),
      r('GET', /^\/asterisk\/info$/, () => json(this.info())),
      r('GET', /^\/asterisk\/variable$/, (_m, req) =>
        json({ value: deps.pbx.globals.get(this.varName(req)) ?? '' }),
      ),
      r('POST', /^\/asterisk\/variable$/, (_m, req) => {
        deps.pbx.setGlobal(this.varName(req), req.query.get('value') ?? '');
        return NO_CONTENT;
      }),
      r('GET', /^\/applications$/, () => json(deps.stasis.applications().map((a) => this.application(a)))),
      r('GET', /^\/applications\/([^/]+)$/, ([name = '']) => {
        if (!deps.stasis.applications().includes(name)) fail(404, 'Application not found');
        return json(this.application(name));
      }),
      r('GET', /^\/channels$/, () => json(deps.pbx.liveChannels().map(channelJson))),
      r('GET', /^\/channels\/([^/]+)$/, ([id = '']) => json(channelJson(this.channel(id)))),
      r('DELETE', /^\/channels\/([^/]+)$/, ([id = '']) => this.hangup(id)),
      r('GET', /^\/channels\/([^/]+)\/variable$/, ([id = ''], req) => this.getVariable(id, req)),
      r('POST', /^\/channels\/([^/]+)\/variable$/, ([id = ''], req) =>
        this.setVariables(id, [[this.varName(req), req.query.get('value') ?? '']]),
      ),
      r('POST', /^\/channels\/([^/]+)\/variables$/, ([id = ''], req) => this.setBulkVariables(id, req)),
      r('POST', /^\/channels\/([^/]+)\/continue$/, ([id = ''], req) => this.continueInDialplan(id, req)),
    ];
  }

  handle(req: AriRequest): AriOutcome {
    try {
      const sameMethod = this.routes.find((rt) => rt.method === req.method && rt.pattern.test(req.path));
      if (!sameMethod) {
        const allowed = this.routes.filter((rt) => rt.pattern.test(req.path)).map((rt) => rt.method);
        if (allowed.length === 0) fail(404, 'Resource not found');
        throw new AriFailure(405, 'Invalid method', undefined, [
          ['Allow', ['OPTIONS', ...allowed].join(',')],
        ]);
      }
      const match = sameMethod.pattern.exec(req.path)?.slice(1).map(decodeURIComponent) ?? [];
      const result = sameMethod.handle(match, req);
      return 'reply' in result ? result : { reply: result, events: null, order: 'event-first' };
    } catch (err) {
      if (!(err instanceof AriFailure)) throw err;
      return {
        reply: {
          status: err.status,
          statusText: err.statusText,
          body: prettyJson({ message: err.message }),
          extraHeaders: err.extraHeaders,
        },
        events: null,
        order: 'event-first',
      };
    }
  }

  private apiDoc(file: string, host: string | undefined): AriReply {
    const text = this.deps.docs.document(file, host);
    if (text === null) return fail(404, 'Resource not found');
    return { status: 200, statusText: 'OK', body: text };
  }

  private info(): unknown {
    const started = ariTimestamp(this.deps.pbx.startedAt);
    return {
      // The recorded server's build (ari-reads), so clients see a real-looking 22.10.1.
      build: {
        os: 'Linux',
        kernel: '6.18.44-fc-v595',
        machine: 'x86_64',
        options: 'OPTIONAL_API',
        date: '2026-11-28 21:44:13 UTC',
        user: 'root',
      },
      system: { version: '22.10.1', entity_id: this.deps.pbx.asteriskId },
      config: { name: '', default_language: 'en', setid: { user: '', group: '' } },
      status: { startup_time: started, last_reload_time: started },
    };
  }

  private application(name: string): unknown {
    return applicationJson(name, this.deps.stasis.channelsIn(name));
  }

  private varName(req: AriRequest): string {
    const name = req.query.get('variable');
    return name === null || name === '' ? fail(400, 'Variable name is required') : name;
  }

  private channel(id: string): SimChannel {
    const ch = this.deps.pbx.findChannel(id);
    return ch && !ch.hungUp ? ch : fail(404, 'Channel not found');
  }

  private controlled(id: string): SimChannel {
    const ch = this.channel(id);
    return ch.stasisApp === null ? fail(409, 'Channel not in Stasis application') : ch;
  }

  private capture(work: () => void, order: RaceOrder, reply: AriReply = NO_CONTENT): AriOutcome {
    return { reply, events: this.deps.stasis.capture(work), order };
  }

  private hangup(id: string): AriOutcome {
    const ch = this.channel(id);
    return this.capture(() => {
      ch.hangupCause = 16;
      this.deps.pbx.requestHangup(ch, 16, { event: 'SoftHangupRequest', flag: 32 });
    }, 'response-first');
  }

  private getVariable(id: string, req: AriRequest): AriReply {
    const ch = this.controlled(id);
    const name = this.varName(req);
    const fn = /^([A-Za-z0-9_]+)\((.*)\)$/.exec(name);
    const value = fn
      ? readFunction(this.deps.engine, ch, fn[1] ?? '', fn[2] ?? '')
      : this.deps.engine.readVariable(ch, name);
    return value === undefined
      ? fail(404, 'Provided variable was not found', 'Variable Not Found')
      : json({ value });
  }

  /** 22.10's bulk endpoint words its errors differently from the older ones (checked on 22.10.1). */
  private setBulkVariables(id: string, req: AriRequest): AriOutcome {
    if (req.body === '') fail(400, "The 'variables' field is required");
    const ch = this.deps.pbx.findChannel(id);
    if (!ch || ch.hungUp) fail(404, 'Provided channel was not found', 'Channel Not Found');
    this.controlled(id); // 409 before the variables are looked at, as 22.10.1 does
    return this.setVariables(id, this.bulkVariables(req));
  }

  private bulkVariables(req: AriRequest): Array<[string, string]> {
    const parsed: unknown = req.body === '' ? {} : JSON.parse(req.body);
    const vars = (parsed as { variables?: Record<string, unknown> }).variables;
    if (!vars || typeof vars !== 'object') return fail(400, 'Variables are required');
    return Object.entries(vars).map(([k, v]) => [k, String(v)]);
  }

  private setVariables(id: string, vars: Array<[string, string]>): AriOutcome {
    const ch = this.controlled(id);
    return this.capture(() => {
      ch.escalationsInhibited = true;
      for (const [name, value] of vars) this.deps.engine.assign(ch, name, value);
    }, this.deps.raceOrder());
  }

  private continueInDialplan(id: string, req: AriRequest): AriOutcome {
    const ch = this.controlled(id);
    const target = this.continueTarget(ch, req.query);
    return this.capture(() => this.deps.stasis.continueChannel(ch, target), this.deps.raceOrder());
  }

  private continueTarget(ch: SimChannel, q: URLSearchParams): Location | null {
    const context = q.get('context') || ch.location.context;
    const exten = q.get('extension') || ch.location.exten;
    const label = q.get('label');
    const priorityText = q.get('priority');
    if (label !== null && label !== '') {
      if (/^-?\d+$/.test(label)) {
        if (Number(label) < 1) fail(400, 'Requested priority is illegal');
        return { context, exten, priority: Number(label) };
      }
      const loc = this.deps.engine.resolveTarget(ch, `${context},${exten},${label}`);
      return loc ?? fail(404, 'Requested label can not be found');
    }
    if (priorityText !== null && Number(priorityText) > 0)
      return { context, exten, priority: Number(priorityText) };
    if (q.get('context') || q.get('extension')) return { context, exten, priority: 1 };
    return null;
  }
}
