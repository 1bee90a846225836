// Errors of the scheduled jobs and their leases.
import { defineErrors } from './catalogue.ts';

export const JOB_ERRORS = defineErrors({
  NUMPOOL_JOB_UNKNOWN: { summary: 'No job with this name is registered.', exit: 2, http: 404, level: 'warn' },
  NUMPOOL_JOB_INVALID: {
    summary: 'A job definition is invalid (name, schedule or time zone): a programming error.',
    exit: 1,
    http: 500,
    level: 'fatal',
  },
  NUMPOOL_JOB_SCHEDULER_STOPPED: {
    summary: 'A stopped scheduler was asked to start again.',
    exit: 1,
    http: 500,
    level: 'error',
  },
  NUMPOOL_JOB_LEASE_LOST: {
    summary: "A job run lost its lease (another process took over); the run's work stops.",
    exit: 1,
    http: 409,
    level: 'warn',
  },
  NUMPOOL_JOB_LEASE_EXPIRED: {
    summary: 'A job run found crashed: its lease expired before it finished.',
    exit: 1,
    http: 500,
    level: 'warn',
  },
  NUMPOOL_JOB_SUMMARY_INVALID: {
    summary: 'A job returned a summary that cannot be stored as JSON.',
    exit: 1,
    http: 500,
    level: 'error',
  },
  NUMPOOL_JOB_FAILED: {
    summary: 'A job run failed; its message says why.',
    exit: 1,
    http: 500,
    level: 'error',
  },
});
