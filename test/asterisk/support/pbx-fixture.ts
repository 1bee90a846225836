// A test file's real PBX: one or more Asterisk instances (each with its AMI session for the test
// and its numpool child process), all on one fresh migrated MariaDB database. usePbx() registers
// the beforeAll/afterAll hooks; afterAll always stops numpool and Asterisk, even after a failure.
import { afterAll, beforeAll, describe, inject } from 'vitest';
import type { Knex } from 'knex';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import {
  agentCallEnded,
  placeAgentCall,
  type AgentCallRequest,
  type EndedCall,
  type PlacedCall,
} from './agent-calls.ts';
import { AmiClient } from './ami-client.ts';
import { asteriskBuild } from './asterisk-build.ts';
import { startAsterisk, type AsteriskInstance } from './asterisk-instance.ts';
import { callRowById, callRowsWhere, type CallRow } from './call-rows.ts';
import { NumpoolProcess } from './numpool-process.ts';

const build = asteriskBuild();

/** `describe`, or `describe.skip` when the Asterisk build is missing (the global setup says so). */
export const describeWithAsterisk = build.available ? describe : describe.skip;

export interface PbxOptions {
  /** Short, unique per file: names the database and the Asterisk directories. */
  label: string;
  /** How many Asterisk servers (each with its own numpool process). */
  servers?: number;
  /** Fills the database before numpool starts (numbers, agents, rules…). */
  seed: (knex: Knex, now: Date) => Promise<void>;
  /** Extra numpool environment, e.g. NUMPOOL_DRY_RUN. */
  numpoolEnv?: Record<string, string>;
  /** Start numpool in beforeAll (default true). */
  startNumpool?: boolean;
}

export interface PbxServer {
  id: string;
  asterisk: AsteriskInstance;
  ami: AmiClient;
  numpool: NumpoolProcess;
  place(request: AgentCallRequest): Promise<PlacedCall>;
  ended(placed: PlacedCall): Promise<EndedCall>;
  /** The call's `calls` row once numpool has stored its outcome (or logged it as unchecked). */
  logged(call: EndedCall): Promise<CallRow>;
  /** place → ended → logged (numpool must be running). */
  call(request: AgentCallRequest): Promise<EndedCall & { row: CallRow }>;
}

export interface Pbx {
  db: TestDatabase;
  knex: Knex;
  servers: PbxServer[];
  /** The first (often only) server. */
  server: PbxServer;
}

export function usePbx(options: PbxOptions): () => Pbx {
  let pbx: Pbx | null = null;
  const started: {
    asterisks: AsteriskInstance[];
    amis: AmiClient[];
    numpools: NumpoolProcess[];
    db?: TestDatabase;
  } = { asterisks: [], amis: [], numpools: [] };

  beforeAll(async () => {
    if (!build.available) throw new Error('usePbx without an Asterisk build (use describeWithAsterisk)');
    const runDir = inject('asteriskRunDir');
    const db = await createTestDatabase(`ast${options.label}`);
    started.db = db;
    const knex = db.open(4).knex;
    await options.seed(knex, new Date());
    const count = options.servers ?? 1;
    const servers: PbxServer[] = [];
    for (let i = 0; i < count; i++) {
      const id = `${options.label}-${String.fromCharCode(97 + i)}`;
      const asterisk = await startAsterisk(build, runDir, id);
      started.asterisks.push(asterisk);
      const ami = await AmiClient.connect(asterisk.amiPort);
      started.amis.push(ami);
      const numpool = new NumpoolProcess(
        id,
        {
          NUMPOOL_DB_URL: db.url,
          NUMPOOL_ARI_URL: asterisk.ariUrl,
          NUMPOOL_ARI_PASSWORD: 'numpool',
          NUMPOOL_AMI_PORT: String(asterisk.amiPort),
          NUMPOOL_AMI_PASSWORD: 'numpool',
          NUMPOOL_SERVER_ID: id,
          NUMPOOL_LOG_LEVEL: 'info',
          ...options.numpoolEnv,
        },
        runDir,
      );
      started.numpools.push(numpool);
      servers.push(serverOf(id, asterisk, ami, numpool, knex));
    }
    if (options.startNumpool !== false) await Promise.all(servers.map((s) => s.numpool.start()));
    pbx = { db, knex, servers, server: servers[0]! };
  });

  afterAll(async () => {
    // Everything is stopped even when one step fails; the first failure is reported.
    const results = await Promise.allSettled([
      ...started.numpools.map((n) => n.stop()),
      ...started.amis.map((a) => a.close()),
    ]);
    results.push(...(await Promise.allSettled(started.asterisks.map((a) => a.stop()))));
    if (started.db) results.push(...(await Promise.allSettled([started.db.drop()])));
    // numpool must not have logged an error on the way (an ARI request refused, an event unstored…).
    const errors = started.numpools.flatMap((n) => n.errors().map((l) => `${n.name}: ${JSON.stringify(l)}`));
    if (errors.length > 0)
      results.push({ status: 'rejected', reason: new Error(`numpool logged errors:\n${errors.join('\n')}`) });
    // Its output is JSON log lines only: no console noise from a library (swagger-client's notice).
    const noise = started.numpools.flatMap((n) => n.otherOutput.map((l) => `${n.name}: ${l}`));
    if (noise.length > 0)
      results.push({
        status: 'rejected',
        reason: new Error(`numpool wrote non-JSON lines:\n${noise.join('\n')}`),
      });
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  });

  return () => {
    if (!pbx) throw new Error('the PBX is not up (its beforeAll failed)');
    return pbx;
  };
}

function serverOf(
  id: string,
  asterisk: AsteriskInstance,
  ami: AmiClient,
  numpool: NumpoolProcess,
  knex: Knex,
): PbxServer {
  const logged = async (call: EndedCall): Promise<CallRow> => {
    if (['1', '2'].includes(call.result.get('Unchecked') ?? '')) {
      await numpool.waitForLog(
        `unchecked call logged for ${call.agentChannel}`,
        (l) => l.msg === 'unchecked call logged' && l.uniqueId === call.agentChannel,
      );
      const [row] = await callRowsWhere(knex, { unchecked_key: `${id}/${call.agentChannel}` });
      if (!row) throw new Error(`no unchecked calls row for ${id}/${call.agentChannel}`);
      return row;
    }
    if (!/^\d+$/.test(call.callId))
      throw new Error(
        `call ${call.dialed} has neither a NUMPOOL_CALL_ID nor Unchecked: ${call.result.toString()}`,
      );
    await numpool.waitForLog(
      `call outcome of call ${call.callId}`,
      (l) => l.msg === 'call outcome' && l.callId === call.callId,
    );
    return callRowById(knex, call.callId);
  };
  const server: PbxServer = {
    id,
    asterisk,
    ami,
    numpool,
    place: (request) => placeAgentCall(ami, request),
    ended: (placed) => agentCallEnded(ami, placed),
    logged,
    call: async (request) => {
      const ended = await server.ended(await server.place(request));
      return { ...ended, row: await logged(ended) };
    },
  };
  return server;
}
