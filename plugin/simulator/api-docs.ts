// Serves GET /ari/api-docs/<file>.json byte for byte as the recorded Asterisk did, with only the
// `basePath` rewritten from the request's Host header (res_ari's ast_ari_get_docs does the same).

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SERVED_API_DOCS_DIR } from './shared-asterisk-reference.ts';

const RECORDED_BASE_PATH = '"basePath": "http://127.0.0.1:8088/ari"';
/** What res_ari leaves when the request has no Host header: the source's value. */
const SOURCE_BASE_PATH = 'http://localhost:8088/ari';

export class ApiDocs {
  private readonly files = new Map<string, string>();

  constructor(dir = SERVED_API_DOCS_DIR) {
    for (const name of readdirSync(dir)) {
      if (name.endsWith('.json')) this.files.set(name, readFileSync(join(dir, name), 'utf8'));
    }
    if (!this.files.has('resources.json')) throw new Error(`no resources.json in ${dir}`);
  }

  /** The document text, or null for an unknown file. */
  document(file: string, host: string | undefined): string | null {
    const text = this.files.get(file);
    if (text === undefined) return null;
    const basePath = host === undefined ? SOURCE_BASE_PATH : `http://${host}/ari`;
    return text.replace(RECORDED_BASE_PATH, `"basePath": ${JSON.stringify(basePath)}`);
  }
}
