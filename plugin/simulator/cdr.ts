// cdr_manager `Cdr` events for a channel that hangs up (README §4.3): one per channel, two for a
// caller whose Dial() failed and who then ran another application; `UniqueID` spelled as recorded.

import type { AmiFields } from './ami-message.ts';
import type { SimChannel } from './channel.ts';
import type { SimPbx } from './pbx.ts';
import { cdrTime } from './wire-format.ts';

function disposition(ch: SimChannel): string {
  if (ch.answeredAt !== null) return 'ANSWERED';
  if (ch.hangupCause === 17) return 'BUSY';
  if (ch.hangupCause === 34) return 'CONGESTION';
  if (ch.hangupCause === 0) return 'FAILED';
  return 'NO ANSWER';
}

const DIAL_DISPOSITION: Record<string, string> = {
  BUSY: 'BUSY',
  CONGESTION: 'CONGESTION',
  ANSWER: 'ANSWERED',
};

interface CdrRecord {
  destChannel: string;
  lastApp: string;
  lastData: string;
  disposition: string;
}

function cdrFields(pbx: SimPbx, ch: SimChannel, rec: CdrRecord): AmiFields {
  const end = pbx.clock.now();
  const duration = Math.floor((end - ch.createdAt) / 1000);
  const billable = ch.answeredAt === null ? 0 : Math.floor((end - ch.answeredAt) / 1000);
  return [
    ['AccountCode', ''],
    ['Source', ch.caller.num],
    ['Destination', ch.location.exten],
    ['DestinationContext', ch.location.context],
    ['CallerID', `"${ch.caller.name}" <${ch.caller.num}>`],
    ['Channel', ch.name],
    ['DestinationChannel', rec.destChannel],
    ['LastApplication', rec.lastApp],
    ['LastData', rec.lastData],
    ['StartTime', cdrTime(ch.createdAt)],
    ['AnswerTime', ch.answeredAt === null ? '' : cdrTime(ch.answeredAt)],
    ['EndTime', cdrTime(end)],
    ['Duration', String(duration)],
    ['BillableSeconds', String(billable)],
    ['Disposition', rec.disposition],
    ['AMAFlags', 'DOCUMENTATION'],
    ['UniqueID', ch.id],
    ['UserField', ''],
  ];
}

export function emitCdrs(pbx: SimPbx, ch: SimChannel): void {
  const dial = ch.dialRecord;
  const records: CdrRecord[] = [];
  if (dial) {
    records.push({
      destChannel: dial.destChannel,
      lastApp: 'Dial',
      lastData: dial.data,
      disposition: DIAL_DISPOSITION[dial.status] ?? 'NO ANSWER',
    });
    if (!dial.answered && ch.location.appName !== 'Dial') {
      records.push({
        destChannel: '',
        lastApp: ch.location.appName,
        lastData: ch.location.appData,
        disposition: 'FAILED',
      });
    }
  } else {
    records.push({
      destChannel: '',
      lastApp: ch.location.appName,
      lastData: ch.location.appData,
      disposition: disposition(ch),
    });
  }
  for (const rec of records) pbx.emitAmi('Cdr', 'cdr', cdrFields(pbx, ch, rec));
}
