// The architecture rules (.dependency-cruiser.json, run by `npm run lint` in CI) hold on the tree, and
// each rule catches a deliberate violation in a small fixture tree built in tmp/.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
  cruise,
  type IConfiguration,
  type ICruiseOptions,
  type ICruiseResult,
  type IViolation,
} from 'dependency-cruiser';
import { afterAll, describe, expect, it } from 'vitest';
import config from '../../.dependency-cruiser.json' with { type: 'json' };

const REPOSITORY = resolve(import.meta.dirname, '../..');

async function violations(baseDir: string): Promise<IViolation[]> {
  const { forbidden, options } = config as unknown as IConfiguration & { options: ICruiseOptions };
  const result = await cruise(['plugin'], {
    ...options,
    baseDir,
    tsConfig: { fileName: join(REPOSITORY, 'tsconfig.json') },
    validate: true,
    ruleSet: { forbidden },
  });
  return (result.output as ICruiseResult).summary.violations;
}

const FIXTURE = join(REPOSITORY, 'tmp', `architecture-fixture-${process.pid}`);
const FILES: Record<string, string> = {
  'plugin/domain/pure.ts':
    "import { readFileSync } from 'node:fs';\nimport { save } from '../store/repo.ts';\nexport const x = [readFileSync, save];\n",
  'plugin/cli/command.ts':
    "import { runJob } from '../jobs/step.ts';\nimport { save } from '../store/repo.ts';\nexport const c = [runJob, save];\n",
  'plugin/jobs/step.ts':
    "import { c } from '../cli/command.ts';\nimport knex from 'knex';\nexport const runJob = [c, knex];\n",
  'plugin/store/repo.ts': "import { act } from '../actions/act.ts';\nexport const save = act;\n",
  'plugin/actions/act.ts': "import { c } from '../cli/command.ts';\nexport const act = c;\n",
  'plugin/call-flow/flow.ts': "import Ari from 'ari-client';\nexport const flow = Ari;\n",
};

afterAll(() => rmSync(FIXTURE, { recursive: true, force: true }));

describe('architecture rules', () => {
  it('when the rules run on the tree, then nothing breaks them', async () => {
    const found = await violations(REPOSITORY);
    expect(found.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)).toEqual([]);
  });

  it('when a fixture tree breaks each rule once, then each break is reported under its rule', async () => {
    for (const [path, text] of Object.entries(FILES)) {
      mkdirSync(dirname(join(FIXTURE, path)), { recursive: true });
      writeFileSync(join(FIXTURE, path), text);
    }
    const found = (await violations(FIXTURE)).map(
      (v) => `${v.rule.name}: ${v.from} → ${v.to.replace(/^.*node_modules\//, 'node_modules/')}`,
    );
    expect(found).toEqual(
      expect.arrayContaining([
        'domain-is-pure: plugin/domain/pure.ts → fs',
        'domain-is-pure: plugin/domain/pure.ts → plugin/store/repo.ts',
        'cli-does-not-run-jobs-code: plugin/cli/command.ts → plugin/jobs/step.ts',
        'cli-does-not-use-the-store: plugin/cli/command.ts → plugin/store/repo.ts',
        'jobs-do-not-use-cli: plugin/jobs/step.ts → plugin/cli/command.ts',
        'store-only-stores: plugin/store/repo.ts → plugin/actions/act.ts',
        'actions-are-called-not-callers: plugin/actions/act.ts → plugin/cli/command.ts',
        expect.stringMatching(/^knex-stays-in-the-store: plugin\/jobs\/step\.ts → node_modules\/knex\//),
        expect.stringMatching(
          /^asterisk-wire-stays-in-pbx: plugin\/call-flow\/flow\.ts → node_modules\/ari-client\//,
        ),
      ]),
    );
  });
});
