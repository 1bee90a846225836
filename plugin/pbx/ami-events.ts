// The AMI events numpool consumes, parsed with zod from asterisk-manager's lower-cased key objects.
import { z } from 'zod';

const seconds = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? null : Number(v)))
  .pipe(z.number().int().min(0).nullable());

/** The numpool-result hangup handler's UserEvent: the outcome of one dialed call. */
export const numpoolResultSchema = z.object({
  event: z.literal('UserEvent'),
  userevent: z.literal('NumpoolResult'),
  uniqueid: z.string().optional(),
  numpoolcallid: z.string().optional().default(''),
  dialstatus: z.string().optional().default(''),
  answeredtime: seconds,
  dialedtime: seconds,
  hangupcause: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v === '' ? null : Number(v)))
    .pipe(z.number().int().min(0).max(1000).nullable()),
  /** "1" when the call went on without numpool's decision (fail policy, watchdog). */
  unchecked: z.string().optional().default(''),
  reason: z.string().optional().default(''),
  callee: z.string().optional().default(''),
  agent: z.string().optional().default(''),
  purpose: z.string().optional().default(''),
  /** The user field CallerIdNum shares its lower-cased key with the channel's CallerIDNum header:
   *  asterisk-manager then gives both, the event's own field last. */
  calleridnum: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (Array.isArray(v) ? (v[v.length - 1] ?? '') : (v ?? ''))),
  /** Epoch seconds when the call entered numpool-outbound. */
  started: seconds,
});
export type NumpoolResultEvent = z.infer<typeof numpoolResultSchema>;

/** The *77 feature code's UserEvent: put the agent's last callee on the DNC list. */
export const numpoolDncSchema = z.object({
  event: z.literal('UserEvent'),
  userevent: z.literal('NumpoolDnc'),
  agent: z.string().min(1).max(64),
  lastcallee: z.string().optional().default(''),
});
export type NumpoolDncEvent = z.infer<typeof numpoolDncSchema>;

export type AmiEvent = Record<string, string | string[] | Record<string, string> | undefined> & {
  event?: string;
};
