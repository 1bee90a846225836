// `numpool appeal open | material | submit | answer | list`: a supervisor's appeals against a platform's
// marks (A1–A2). Submitting and answering apply the appeal's effects at once, in the same transaction.
import { Argument, Option } from 'commander';
import { listNumberAppeals, type AppealFilter, type ListedAppeal } from '../actions/appeals/list-appeals.ts';
import { openNumberAppeal } from '../actions/appeals/open-appeal.ts';
import {
  answerNumberAppeal,
  setAppealMaterial,
  submitNumberAppeal,
  type AppealUpdate,
} from '../actions/appeals/update-appeal.ts';
import { AppError } from '../errors/index.ts';
import type { CliContext, RegisterCommands } from './cli-context.ts';
import { examples, orRefusal } from './number-command.ts';

export const registerAppealCommands: RegisterCommands = (program, cli) => {
  const appeal = program
    .command('appeal')
    .description("appeals against a platform's spam marks: open, provide materials, submit, answer, list")
    .addHelpText('after', examples('appeal open 010-8888 0001 腾讯手机管家', 'appeal list --overdue'));

  appeal
    .command('open')
    .description('open a draft appeal for a number on one platform, with the checklist of materials')
    .argument('<number>', 'the pool number, as dialled or E.164')
    .argument('<platform>', "the platform's id or name: 360, tencent, 腾讯手机管家 …")
    .option('--urgent', 'mark the appeal urgent (e.g. after a fraud mark)')
    .addHelpText(
      'after',
      examples('appeal open 010-8888 0001 腾讯手机管家', 'appeal open +861088880001 360 --urgent'),
    )
    .action(async (number: string, platform: string, options: { urgent?: boolean }) => {
      const urgent = options.urgent === true;
      const ctx = await cli.actions();
      const opened = await orRefusal(cli, () => openNumberAppeal(ctx, { number, platform, urgent }));
      if (!opened) return;
      const { appeal: a, e164 } = opened;
      cli.print(
        `appeal #${a.id} opened for ${e164} on ${a.platform}${urgent ? ' (urgent)' : ''}: ` +
          `materials to provide: ${Object.keys(a.materials).join(', ')}`,
      );
    });

  appeal
    .command('material')
    .description('tick (yes) or untick (no) one checklist item of a draft appeal')
    .argument('<id>', 'the appeal number (see appeal list)')
    .argument('<item>', 'the checklist item, as listed when the appeal was opened')
    .addArgument(new Argument('<provided>', 'whether it is provided').choices(['yes', 'no']))
    .addHelpText('after', examples('appeal material 7 营业执照 yes'))
    .action(async (id: string, item: string, provided: string) => {
      const input = { id: appealId(id), item, provided: provided === 'yes' };
      const ctx = await cli.actions();
      printUpdate(cli, await orRefusal(cli, () => setAppealMaterial(ctx, input)));
    });

  appeal
    .command('submit')
    .description('submit a draft whose materials are all provided; the reply is due in working days')
    .argument('<id>', 'the appeal number (see appeal list)')
    .addHelpText('after', examples('appeal submit 7'))
    .action(async (id: string) => {
      const input = { id: appealId(id) };
      const ctx = await cli.actions();
      printUpdate(cli, await orRefusal(cli, () => submitNumberAppeal(ctx, input)));
    });

  appeal
    .command('answer')
    .description("record the platform's answer; its effects (marks cleared, back to service) apply at once")
    .argument('<id>', 'the appeal number (see appeal list)')
    .addArgument(new Argument('<outcome>', "the platform's answer").choices(['approved', 'rejected']))
    .argument('[note...]', 'what the platform said')
    .addHelpText(
      'after',
      examples('appeal answer 7 approved platform removed the mark', 'appeal answer 8 rejected'),
    )
    .action(async (id: string, outcome: 'approved' | 'rejected', note: string[]) => {
      const input = { id: appealId(id), outcome, note: note.join(' ') };
      const ctx = await cli.actions();
      printUpdate(cli, await orRefusal(cli, () => answerNumberAppeal(ctx, input)));
    });

  appeal
    .command('list')
    .description('list appeals: all, the open ones (draft or submitted), or the overdue ones')
    .addOption(new Option('--open', 'only drafts and submitted appeals').conflicts('overdue'))
    .option('--overdue', 'only submitted appeals past their due date')
    .addHelpText('after', examples('appeal list', 'appeal list --overdue'))
    .action(async (options: { open?: boolean; overdue?: boolean }) => {
      const filter: AppealFilter = options.overdue ? 'overdue' : options.open ? 'open' : 'all';
      const listed = await listNumberAppeals(await cli.actions(), { filter });
      if (!listed.length) cli.print(filter === 'overdue' ? 'no overdue appeals' : 'no appeals');
      for (const entry of listed) cli.print(appealLine(entry));
    });
};

function appealId(id: string): number {
  if (!/^\d{1,12}$/.test(id))
    throw new AppError('NUMPOOL_USAGE', `ID must be an appeal number (got '${id.slice(0, 20)}')`);
  return Number(id);
}

function printUpdate(cli: CliContext, update: AppealUpdate | undefined): void {
  if (!update) return;
  const { appeal: a, number, effect } = update;
  const who = number ? `${number.e164} (now ${number.state})` : `number ${a.numberId}`;
  if (a.status === 'draft') {
    const missing = Object.entries(a.materials).filter(([, given]) => !given);
    const left = missing.length
      ? `still to provide: ${missing.map(([item]) => item).join(', ')}`
      : 'all materials provided; ready to submit';
    cli.print(`appeal #${a.id}: ${left}`);
  } else if (a.status === 'submitted') {
    cli.print(`appeal #${a.id} submitted for ${who}: reply due ${a.dueOn ?? '?'}`);
  } else {
    const detail = effect?.stillMarked ? `; stays out: ${effect.stillMarked}` : '';
    cli.print(`appeal #${a.id} ${a.status} for ${who}${detail}`);
  }
}

function appealLine({ appeal: a, number, deadline, daysOverdue }: ListedAppeal): string {
  const given = Object.values(a.materials).filter(Boolean).length;
  const flag =
    deadline === 'overdue'
      ? `  OVERDUE ${daysOverdue} day(s)`
      : deadline === 'due-today'
        ? '  due today'
        : '';
  const due = a.dueOn === null ? '' : `  due ${a.dueOn}`;
  return `#${a.id}  ${number}  ${a.platform}  ${a.status}${a.urgent ? '  urgent' : ''}  materials ${given}/${Object.keys(a.materials).length}${due}${flag}`;
}
