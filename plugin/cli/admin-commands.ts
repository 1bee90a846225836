// `numpool rules …` and `numpool calendar …`: the administrator's rules and calendar overrides
// from the command line, validated like the panel will validate them, and audited.
import { readFile } from 'node:fs/promises';
import type { Core } from '../core.ts';
import { calendarDataYears, classifyDay } from '../domain/calendar/day-kind.ts';
import { isCalendarDate, toLocalTime } from '../domain/calendar/local-time.ts';
import {
  listCalendarOverrides,
  removeCalendarOverride,
  setCalendarOverride,
} from '../store/reference/calendar-repository.ts';
import type { Actor } from '../store/audit/audit-log.ts';
import { loadRules, saveRules } from '../store/reference/reference-repository.ts';

export class UsageError extends Error {}

type Out = (text: string) => void;

export async function rulesCommand(core: Core, args: string[], actor: Actor, out: Out): Promise<number> {
  const [action, file, ...extra] = args;
  if (action === 'show' && !file) {
    out(JSON.stringify(await loadRules(core.db.knex), null, 2));
    return 0;
  }
  if (action === 'set' && file && !extra.length) {
    let input: unknown;
    try {
      input = JSON.parse(await readFile(file, 'utf8'));
    } catch (err) {
      throw new UsageError(`${file} is not readable JSON: ${(err as Error).message}`);
    }
    await saveRules(core.db.knex, input, actor, new Date());
    out(`rules saved from ${file}; every numpool process applies them within seconds`);
    return 0;
  }
  throw new UsageError('rules needs: show | set FILE.json');
}

export async function calendarCommand(
  core: Core,
  args: string[],
  actor: Actor,
  out: Out,
  now: Date,
): Promise<number> {
  const [action, date, kind, ...nameParts] = args;
  const knex = core.db.knex;
  switch (action) {
    case 'list': {
      const rows = await listCalendarOverrides(knex);
      out(
        rows.length
          ? rows.map((r) => `${r.date}  ${r.kind.padEnd(7)}  ${r.name ?? ''}`.trimEnd()).join('\n')
          : 'no overrides',
      );
      return 0;
    }
    case 'set': {
      if (!date || !isCalendarDate(date)) throw new UsageError('calendar set needs a date YYYY-MM-DD');
      if (kind !== 'holiday' && kind !== 'workday')
        throw new UsageError('calendar set needs holiday or workday');
      const name = nameParts.join(' ').trim().slice(0, 64) || null;
      await setCalendarOverride(knex, { date, kind, name }, actor, now);
      out(`${date} is now a ${kind}${name ? ` (${name})` : ''}`);
      return 0;
    }
    case 'remove': {
      if (!date || !isCalendarDate(date)) throw new UsageError('calendar remove needs a date YYYY-MM-DD');
      const removed = await removeCalendarOverride(knex, date, actor, now);
      out(removed ? `override for ${date} removed` : `no override for ${date}`);
      return removed ? 0 : 1;
    }
    case 'status':
      return calendarStatus(core, out, now);
    default:
      throw new UsageError('calendar needs: list | set DATE holiday|workday [NAME] | remove DATE | status');
  }
}

/** Warns when next year's holiday schedule is neither in the data package nor entered by hand. */
async function calendarStatus(core: Core, out: Out, now: Date): Promise<number> {
  const overrides = new Map((await listCalendarOverrides(core.db.knex)).map((o) => [o.date, o]));
  const year = Number(toLocalTime(now, 'Asia/Shanghai').date.slice(0, 4));
  const data = calendarDataYears();
  let missing = 0;
  for (const y of [year, year + 1]) {
    const entered = [...overrides.keys()].filter((d) => d.startsWith(`${y}-`)).length;
    const covered = y <= data.last;
    if (!covered && entered === 0) missing++;
    const newYear = classifyDay(`${y}-01-01`, overrides);
    out(
      `${y}: ${covered ? 'holiday data package covers it' : 'NOT in the holiday data package'}; ` +
        `${entered} override(s) entered; ${y}-01-01 is a ${newYear.kind}`,
    );
  }
  if (missing) out('enter the missing statutory holidays and 调休 workdays with `numpool calendar set`');
  return missing ? 3 : 0;
}
