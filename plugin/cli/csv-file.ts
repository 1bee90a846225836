// Reads and writes the CSV files `numpool import` and `numpool export` name: a file that cannot be
// read or written is the user's to fix (NUMPOOL_FILE_UNREADABLE), never a stack trace.
import { readFile, writeFile } from 'node:fs/promises';
import { AppError } from '../errors/index.ts';

export async function readCsvFile(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (err) {
    throw new AppError('NUMPOOL_FILE_UNREADABLE', `cannot read ${file}: ${(err as Error).message}`, {
      cause: err,
    });
  }
}

export async function writeCsvFile(file: string, text: string): Promise<void> {
  try {
    await writeFile(file, text, 'utf8');
  } catch (err) {
    throw new AppError('NUMPOOL_FILE_UNREADABLE', `cannot write ${file}: ${(err as Error).message}`, {
      cause: err,
    });
  }
}
