// Errors in what a user, an import file or a request gave numpool: correctable by the sender.
import { defineErrors } from './catalogue.ts';

export const INPUT_ERRORS = defineErrors({
  NUMPOOL_USAGE: {
    summary: 'The command line is incomplete or has an unknown command, option or value.',
    exit: 2,
    http: 400,
    level: 'warn',
  },
  NUMPOOL_INVALID_INPUT: {
    summary: 'A value is malformed or out of range (a number, a date, a reason, a setting).',
    exit: 2,
    http: 400,
    level: 'warn',
  },
  NUMPOOL_FILE_UNREADABLE: {
    summary: 'A file named on the command line cannot be read, or is not the JSON it should hold.',
    exit: 2,
    http: 400,
    level: 'warn',
  },
  NUMPOOL_INVALID_TEXT: {
    summary: 'A free-text field holds a NUL or another control character (tab is allowed).',
    exit: 2,
    http: 400,
    level: 'warn',
  },
  NUMPOOL_IMPORT_REJECTED: {
    summary: 'An import file has invalid lines; nothing was imported (each line and column is listed).',
    exit: 1,
    http: 422,
    level: 'warn',
  },
  NUMPOOL_REPORT_RANGE: {
    summary: 'A report period is invalid or too long.',
    exit: 2,
    http: 400,
    level: 'warn',
  },
});
