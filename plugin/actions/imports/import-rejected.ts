// The one refusal of every import: nothing was imported, and each bad line is listed. Used by the
// import actions; the CLI prints it, the API will answer 422 with the lines in `details`.
import { AppError } from '../../errors/index.ts';

export function importRejected(source: string, errors: readonly string[]): AppError {
  return new AppError(
    'NUMPOOL_IMPORT_REJECTED',
    `nothing imported from ${source}:\n${errors.map((e) => `  ${e}`).join('\n')}`,
    { details: { source, errors } },
  );
}
