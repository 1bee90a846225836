// numpool's configuration: one zod schema, read from the environment here and nowhere else.
// loadConfig() reports every problem at once; main/CLI print them and exit non-zero.
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const configSchema = z.object({
  NUMPOOL_DB_URL: z
    .string()
    .regex(/^(mysql|mariadb|sqlite):/, 'must start with mysql://, mariadb:// or sqlite:')
    .default('sqlite:./numpool.sqlite')
    .describe('Database: mysql://user:pass@host:3306/db (MariaDB/MySQL) or sqlite:./file for the demo'),
  NUMPOOL_DB_POOL_MAX: z.coerce
    .number()
    .int()
    .min(1)
    .max(200)
    .default(10)
    .describe('Database connections per process'),
  NUMPOOL_TIMEZONE: z
    .string()
    .refine(isTimeZone, 'not an IANA time zone')
    .default('Asia/Shanghai')
    .describe('Pool time zone: the day that daily caps count in, and the default callee time zone'),
  NUMPOOL_SERVER_ID: z
    .string()
    .min(1)
    .max(64)
    .default('asterisk-1')
    .describe('Default Asterisk server id for call rows'),
  NUMPOOL_ARI_URL: z.url().default('http://127.0.0.1:8088').describe('Asterisk ARI base URL (http.conf)'),
  NUMPOOL_ARI_USER: z.string().default('numpool').describe('ARI user (ari.conf)'),
  NUMPOOL_ARI_PASSWORD: z.string().default('').describe('ARI password (ari.conf)'),
  NUMPOOL_ARI_APP: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default('numpool')
    .describe('Stasis application name'),
  NUMPOOL_AMI_HOST: z.string().default('127.0.0.1').describe('Asterisk AMI host (manager.conf)'),
  NUMPOOL_AMI_PORT: z.coerce.number().int().min(1).max(65535).default(5038).describe('Asterisk AMI port'),
  NUMPOOL_AMI_USER: z.string().default('numpool').describe('AMI user (manager.conf)'),
  NUMPOOL_AMI_PASSWORD: z.string().default('').describe('AMI secret (manager.conf)'),
  NUMPOOL_HTTP_HOST: z.string().default('127.0.0.1').describe('Admin panel / REST API bind address'),
  NUMPOOL_HTTP_PORT: z.coerce
    .number()
    .int()
    .min(0)
    .max(65535)
    .default(8080)
    .describe('Admin panel / REST API port'),
  NUMPOOL_LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('pino log level'),
  NUMPOOL_DRY_RUN: bool
    .default(false)
    .describe('Shadow mode: decide and log, never change caller ID or block'),
  NUMPOOL_DECISION_DEADLINE_MS: z.coerce
    .number()
    .int()
    .min(50)
    .max(10_000)
    .default(1500)
    .describe(
      'Per-call decision deadline; below the dialplan watchdog (NUMPOOL_WATCHDOG, 2.5 s), so a late decision takes the fail policy set in the dialplan (NUMPOOL_FAIL_POLICY global)',
    ),
  NUMPOOL_MAX_CALLS_IN_FLIGHT: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(100)
    .describe(
      'Calls being decided at once before new ones fail over at once (load shedding, reason OVERLOAD)',
    ),
  NUMPOOL_ASTERISK_SERVERS: z
    .string()
    .default('')
    .transform((text, ctx) => parseServers(text, ctx))
    .describe(
      'Several Asterisk servers (X2): JSON array of {id, ariUrl, ariUser, ariPassword, amiHost, amiPort, amiUser, amiSecret}; empty = one server from the ARI and AMI variables',
    ),
  NUMPOOL_OUTCOME_TTL_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30)
    .describe('A dialed call with no outcome event after this long is marked unknown'),
  USER: z
    .string()
    .min(1)
    .max(64)
    .default('cli')
    .describe('OS user: recorded as the actor of CLI changes in the audit log'),
});

export type Config = z.infer<typeof configSchema>;

const serverSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/),
  ariUrl: z.url(),
  ariUser: z.string().min(1),
  ariPassword: z.string(),
  amiHost: z.string().min(1),
  amiPort: z.number().int().min(1).max(65535).default(5038),
  amiUser: z.string().min(1),
  amiSecret: z.string(),
});
export type AsteriskServer = z.infer<typeof serverSchema>;

function parseServers(text: string, ctx: z.RefinementCtx): AsteriskServer[] | null {
  if (text.trim() === '') return null;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'is not valid JSON' });
    return z.NEVER;
  }
  const parsed = z.array(serverSchema).min(1).safeParse(json);
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      ctx.addIssue({ code: 'custom', message: `${issue.path.join('.')}: ${issue.message}` });
    return z.NEVER;
  }
  const ids = parsed.data.map((s) => s.id);
  if (new Set(ids).size !== ids.length)
    ctx.addIssue({ code: 'custom', message: 'server ids must be unique' });
  return parsed.data;
}

/** The Asterisk servers to connect to: the JSON list, or the single server of the flat variables. */
export function asteriskServers(config: Config): AsteriskServer[] {
  return (
    config.NUMPOOL_ASTERISK_SERVERS ?? [
      {
        id: config.NUMPOOL_SERVER_ID,
        ariUrl: config.NUMPOOL_ARI_URL,
        ariUser: config.NUMPOOL_ARI_USER,
        ariPassword: config.NUMPOOL_ARI_PASSWORD,
        amiHost: config.NUMPOOL_AMI_HOST,
        amiPort: config.NUMPOOL_AMI_PORT,
        amiUser: config.NUMPOOL_AMI_USER,
        amiSecret: config.NUMPOOL_AMI_PASSWORD,
      },
    ]
  );
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

/** Parses the given environment (process.env by default) and collects every problem at once. */
export function loadConfig(env: Record<string, string | undefined> = process.env): ConfigResult {
  const relevant = Object.fromEntries(
    Object.entries(env).filter(
      ([k, v]) => (k.startsWith('NUMPOOL_') || k === 'USER') && v !== undefined && v !== '',
    ),
  );
  const parsed = configSchema.safeParse(relevant);
  if (parsed.success) return { ok: true, config: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((i) => `${i.path.join('.') || '(config)'}: ${i.message}`),
  };
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
