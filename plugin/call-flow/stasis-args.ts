// Parses the Stasis() arguments the numpool dialplan passes: dialed number, agent, purpose and an
// optional route. Bad arguments are a dialplan mistake: reported, never guessed.
import { isCallPurpose, type CallRequest } from '../domain/call-request.ts';

export type StasisArgsResult = { ok: true; request: CallRequest } | { ok: false; problem: string };

const ROUTE = /^[A-Za-z0-9_.-]{1,64}$/;
const AGENT = /^[A-Za-z0-9_.@-]{1,64}$/;

export function parseStasisArgs(args: readonly string[]): StasisArgsResult {
  // More than four means a comma inside a value split the arguments (e.g. a caller ID "8001,x"):
  // nothing after the split can be trusted, so the call is refused, never guessed.
  if (args.length > 4) return { ok: false, problem: `expected at most 4 Stasis args, got ${args.length}` };
  const [dialed = '', agent = '', purposeArg = '', routeArg = ''] = args;
  const purpose = purposeArg === '' ? 'service' : purposeArg.toLowerCase();
  if (!agent)
    return { ok: false, problem: 'Stasis args carry no agent (expected: number, agent, purpose[, route])' };
  if (!AGENT.test(agent)) return { ok: false, problem: `invalid agent id '${agent.slice(0, 32)}'` };
  if (!isCallPurpose(purpose)) {
    return {
      ok: false,
      problem: `unknown purpose '${purposeArg.slice(0, 32)}' (expected service, marketing or urgent)`,
    };
  }
  if (routeArg !== '' && !ROUTE.test(routeArg))
    return { ok: false, problem: `invalid route name '${routeArg.slice(0, 32)}'` };
  return {
    ok: true,
    request: { callee: dialed, agent, purpose, route: routeArg === '' ? null : routeArg },
  };
}
