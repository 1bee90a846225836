// Alerts for supervisors raised by the health jobs (M3, M4, P4–P5, L3–L4, A1): stored in the `alerts`
// table; an open alert holds its key, so a rerun never raises the same alert twice.
import type { Knex } from 'knex';
import { fromDbTime, fromDbTimeOrNull, toDbTime } from '../connection/db-time.ts';

export type AlertSeverity = 'info' | 'warning' | 'urgent';

export interface NewAlert {
  kind: string;
  severity: AlertSeverity;
  /** At most one open alert per key: e.g. 'low-answer-rate:17'. */
  key: string;
  numberId?: number | null;
  subPool?: string | null;
  job: string;
  message: string;
  details?: unknown;
  at: Date;
}

export interface AlertRow {
  id: number;
  raisedAt: Date;
  kind: string;
  severity: AlertSeverity;
  numberId: number | null;
  subPool: string | null;
  job: string;
  key: string | null;
  message: string;
  details: unknown;
  resolvedAt: Date | null;
  resolution: string | null;
}

interface AlertDbRow {
  id: number;
  raised_at: string;
  kind: string;
  severity: AlertSeverity;
  number_id: number | null;
  sub_pool: string | null;
  job: string;
  open_key: string | null;
  message: string;
  details: string | null;
  resolved_at: string | null;
  resolution: string | null;
}

/** Raises the alert unless one with the same key is open; true when it was raised now. */
export async function raiseAlert(knex: Knex, alert: NewAlert): Promise<boolean> {
  const inserted = (await knex('alerts')
    .insert({
      raised_at: toDbTime(alert.at),
      kind: alert.kind,
      severity: alert.severity,
      number_id: alert.numberId ?? null,
      sub_pool: alert.subPool ?? null,
      job: alert.job,
      open_key: alert.key.slice(0, 191),
      message: alert.message,
      details: alert.details === undefined ? null : JSON.stringify(alert.details),
    })
    .onConflict('open_key')
    .ignore()) as unknown;
  // mysql2 reports [insertId] (0 when ignored); better-sqlite3 reports [lastRowid] too.
  return Array.isArray(inserted) && Number(inserted[0]) > 0;
}

/** Resolves the open alert with this key (the key is freed so the condition can be raised again). */
export async function resolveAlert(
  knex: Knex,
  key: string,
  resolution: { by: string; note: string; at: Date },
): Promise<boolean> {
  const changed = await knex('alerts')
    .where({ open_key: key.slice(0, 191) })
    .update({
      open_key: null,
      resolved_at: toDbTime(resolution.at),
      resolved_by: resolution.by.slice(0, 64),
      resolution: resolution.note,
    });
  return changed > 0;
}

export async function listAlerts(
  knex: Knex,
  filter: { kind?: string; open?: boolean; keyPrefix?: string } = {},
): Promise<AlertRow[]> {
  const query = knex('alerts').orderBy('id');
  if (filter.kind !== undefined) query.where({ kind: filter.kind });
  if (filter.open === true) query.whereNull('resolved_at');
  if (filter.open === false) query.whereNotNull('resolved_at');
  if (filter.keyPrefix !== undefined)
    query.where('open_key', 'like', `${filter.keyPrefix.replace(/[%_\\]/g, '\\$&')}%`);
  const rows = (await query.select('*')) as AlertDbRow[];
  return rows.map((r) => ({
    id: Number(r.id),
    raisedAt: fromDbTime(r.raised_at),
    kind: r.kind,
    severity: r.severity,
    numberId: r.number_id === null ? null : Number(r.number_id),
    subPool: r.sub_pool,
    job: r.job,
    key: r.open_key,
    message: r.message,
    details: r.details === null ? null : (JSON.parse(r.details) as unknown),
    resolvedAt: fromDbTimeOrNull(r.resolved_at),
    resolution: r.resolution,
  }));
}
