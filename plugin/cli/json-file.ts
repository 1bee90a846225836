// Reads the JSON file a command names (`rules set FILE.json`, `settings set … FILE.json`): what the
// file holds is the action's to validate; a file that cannot be read or parsed is the user's to fix.
import { readFile } from 'node:fs/promises';
import { AppError } from '../errors/index.ts';

export async function readJsonFile(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as unknown;
  } catch (err) {
    throw new AppError('NUMPOOL_FILE_UNREADABLE', `${file} is not readable JSON: ${(err as Error).message}`, {
      cause: err,
    });
  }
}
