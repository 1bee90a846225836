// Dialplan functions the simulated dialplans read and write: CALLERID, CONNECTEDLINE, IF, DB,
// TIMEOUT, CHANNEL, STRREPLACE, FILTER, LEN, GLOBAL, TOLOWER/TOUPPER. Unknown functions read as empty and
// ignore writes, as Asterisk does (it only logs an error).

import type { SimChannel } from './channel.ts';
import type { SimPbx } from './pbx.ts';
import { splitArgs } from './variable-substitution.ts';

export interface FunctionHost {
  pbx: SimPbx;
  /** Arms (seconds > 0) or clears (0) the channel's absolute timeout. */
  setAbsoluteTimeout(ch: SimChannel, seconds: number): void;
  pushHangupHandler(ch: SimChannel, handler: string): void;
  readVariable(ch: SimChannel, name: string): string | undefined;
}

function splitIf(args: string): { cond: string; yes: string; no: string } {
  const q = args.indexOf('?');
  const rest = args.slice(q + 1);
  const colon = rest.indexOf(':');
  return {
    cond: args.slice(0, q),
    yes: colon < 0 ? rest : rest.slice(0, colon),
    no: colon < 0 ? '' : rest.slice(colon + 1),
  };
}

const dbKey = (path: string): string => path.trim();

export function readFunction(host: FunctionHost, ch: SimChannel, name: string, args: string): string {
  const { pbx } = host;
  const fn = name.toUpperCase();
  const first = (splitArgs(args)[0] ?? '').trim();
  switch (fn) {
    case 'CALLERID':
      if (first === 'num') return ch.caller.num;
      if (first === 'name') return ch.caller.name;
      if (first === 'all') return `"${ch.caller.name}" <${ch.caller.num}>`;
      return '';
    case 'CONNECTEDLINE':
      return first === 'name' ? ch.connected.name : ch.connected.num;
    case 'IF': {
      const { cond, yes, no } = splitIf(args);
      return cond.trim() !== '' && cond.trim() !== '0' ? yes : no;
    }
    case 'DB': {
      const value = pbx.astdb.get(dbKey(args)) ?? '';
      pbx.setVar(ch, 'DB_RESULT', value);
      return value;
    }
    case 'DB_EXISTS':
      return pbx.astdb.has(dbKey(args)) ? '1' : '0';
    case 'GLOBAL':
      return pbx.globals.get(first) ?? '';
    case 'LEN':
      return String(args.length);
    case 'TOLOWER':
      return args.toLowerCase();
    case 'TOUPPER':
      return args.toUpperCase();
    case 'STRREPLACE': {
      const [varName = '', find = '', replace = ''] = splitArgs(args);
      const value = host.readVariable(ch, varName.trim()) ?? '';
      return find === '' ? value : value.split(find).join(replace);
    }
    case 'FILTER': {
      // FILTER(allowed,string): keeps only the allowed characters (no ranges: numpool lists them).
      const comma = args.indexOf(',');
      const allowed = new Set(args.slice(0, comma < 0 ? 0 : comma));
      return [...args.slice(comma + 1)].filter((c) => allowed.has(c)).join('');
    }
    case 'CHANNEL':
      if (first === 'name') return ch.name;
      if (first === 'uniqueid') return ch.id;
      if (first === 'linkedid') return ch.linkedid;
      if (first === 'state') return ch.state;
      return '';
    default:
      return '';
  }
}

/** Returns false for functions the simulator does not know (Asterisk logs and carries on). */
export function writeFunction(
  host: FunctionHost,
  ch: SimChannel,
  name: string,
  args: string,
  value: string,
): boolean {
  const { pbx } = host;
  const fn = name.toUpperCase();
  const first = (splitArgs(args)[0] ?? '').trim();
  switch (fn) {
    case 'CALLERID':
      if (first === 'all') {
        const m = /^"?([^"<]*)"?\s*<([^>]*)>$/.exec(value.trim());
        pbx.setCallerId(ch, 'num', m?.[2] ?? value);
        pbx.setCallerId(ch, 'name', m?.[1]?.trim() ?? '');
      } else if (first === 'num' || first === 'name') pbx.setCallerId(ch, first, value);
      return true;
    case 'CONNECTEDLINE':
      pbx.setConnectedLine(ch, first === 'name' ? { name: value } : { num: value });
      return true;
    case 'DB':
      // As Asterisk 22 (pbx_functions.c "Dangerous function DB write blocked"): logged, not written.
      if (ch.escalationsInhibited)
        pbx.faults.push(new Error(`Dangerous function DB write blocked on ${ch.name}`));
      else pbx.astdb.set(dbKey(args), value);
      return true;
    case 'GLOBAL':
      pbx.setGlobal(first, value);
      return true;
    case 'TIMEOUT':
      if (first === 'absolute') host.setAbsoluteTimeout(ch, Number(value) || 0);
      return true;
    case 'CHANNEL':
      if (first === 'hangup_handler_push') host.pushHangupHandler(ch, value);
      return true;
    default:
      return false;
  }
}
