// Errors about the pool's records: numbers, marks, appeals, rules and settings.
import { defineErrors } from './catalogue.ts';

export const POOL_ERRORS = defineErrors({
  NUMPOOL_NUMBER_UNKNOWN: {
    summary: 'No number with this id or E.164 number is in the pool.',
    exit: 1,
    http: 404,
    level: 'warn',
  },
  NUMPOOL_NUMBER_CHANGED: {
    summary: 'The number changed state or tier since it was read; the change was not applied.',
    exit: 1,
    http: 409,
    level: 'warn',
  },
  NUMPOOL_ILLEGAL_TRANSITION: {
    summary: 'The lifecycle does not allow this state or tier change (or it needs a reason).',
    exit: 1,
    http: 409,
    level: 'warn',
  },
  NUMPOOL_APPEAL_UNKNOWN: {
    summary: 'No appeal with this id exists.',
    exit: 1,
    http: 404,
    level: 'warn',
  },
  NUMPOOL_APPEAL_REFUSED: {
    summary: 'The appeal cannot take this step now (missing materials, already answered, …).',
    exit: 1,
    http: 409,
    level: 'warn',
  },
  NUMPOOL_MARK_REJECTED: {
    summary: 'A mark entry or a mark import line was refused by the mark merge rules.',
    exit: 1,
    http: 422,
    level: 'warn',
  },
  NUMPOOL_RULES_INVALID: {
    summary: 'The rules (calling windows, frequency limits, purposes) are invalid.',
    exit: 1,
    http: 400,
    level: 'error',
  },
  NUMPOOL_HEALTH_SETTINGS_INVALID: {
    summary: 'The pool-health settings are invalid.',
    exit: 1,
    http: 400,
    level: 'error',
  },
  NUMPOOL_MARK_PROVIDER_INVALID: {
    summary: 'The mark provider settings are invalid.',
    exit: 1,
    http: 400,
    level: 'error',
  },
});
