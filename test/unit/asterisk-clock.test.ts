// Asterisk's clock read from ARI pings: the offset from the sample with the smallest round trip,
// ARI timestamp parsing, and an event timestamp translated to numpool's clock.
import { describe, expect, it } from 'vitest';
import { AsteriskClock, estimateOffset, parseAriTimestamp } from '../../plugin/pbx/asterisk-clock.ts';

const T = Date.parse('2026-12-05T14:10:46.000Z');

describe('clock offset estimation', () => {
  it('when there are no samples, then the offset is unknown', () => {
    expect(estimateOffset([])).toBeNull();
  });

  it('when Asterisk stamped the middle of the round trip, then the offset is its clock minus the midpoint', () => {
    // Asterisk runs 250 ms ahead; the ping took 10 ms.
    expect(estimateOffset([{ sentMs: T, receivedMs: T + 10, asteriskMs: T + 5 + 250 }])).toBe(250);
  });

  it('when samples disagree, then the one with the smallest round trip wins', () => {
    const samples = [
      { sentMs: T, receivedMs: T + 400, asteriskMs: T + 390 + 100 }, // a slow answer, stamped late
      { sentMs: T + 5000, receivedMs: T + 5002, asteriskMs: T + 5001 + 100 },
      { sentMs: T + 10_000, receivedMs: T + 10_080, asteriskMs: T + 10_010 + 100 },
    ];
    expect(estimateOffset(samples)).toBe(100);
  });
});

describe('ARI timestamps', () => {
  it.each([
    ['2026-12-05T14:10:46.123+0000', T + 123],
    ['2026-12-05T14:10:46.123Z', T + 123],
    ['2026-12-05T22:10:46.123+08:00', T + 123],
    ['2026-12-05T12:40:46.5-0130', T + 500],
    ['2026-12-05T14:10:46+0000', T],
    ['2026-12-05T14:10:46.123456+0000', T + 123.456],
  ])('when Asterisk writes %s, then it is read to the millisecond', (text, expected) => {
    expect(parseAriTimestamp(text)).toBeCloseTo(expected, 6);
  });

  it.each([
    ['2026-12-05 14:10:46'],
    [''],
    ['2026-13-05T14:10:46.123+0000'],
    ['yesterday'],
    [null],
    [1796480269],
  ])('when the timestamp is %s, then it is unreadable', (text) => {
    expect(parseAriTimestamp(text)).toBeNull();
  });
});

describe('Asterisk clock', () => {
  it('when no ping has been answered yet, then an event time cannot be translated', () => {
    expect(new AsteriskClock().toLocal('2026-12-05T14:10:46.123+0000')).toBeNull();
  });

  it("when Asterisk runs 2 s ahead, then its event times are read 2 s earlier on numpool's clock", () => {
    const clock = new AsteriskClock();
    clock.record({ sentMs: T, receivedMs: T + 2, asteriskMs: T + 1 + 2000 });
    expect(clock.toLocal('2026-12-05T14:10:48.500+0000')).toEqual(new Date(T + 500));
  });

  it('when a better sample is older than the window, then it no longer counts', () => {
    const clock = new AsteriskClock(3);
    clock.record({ sentMs: T, receivedMs: T, asteriskMs: T + 999 });
    for (let i = 1; i <= 3; i++)
      clock.record({ sentMs: T + i, receivedMs: T + i + 4, asteriskMs: T + i + 2 + 50 });
    expect(clock.offsetMs()).toBe(50);
  });

  it("when numpool's clock stepped back during a ping, then that sample is ignored", () => {
    const clock = new AsteriskClock();
    clock.record({ sentMs: T + 1000, receivedMs: T, asteriskMs: T });
    expect(clock.offsetMs()).toBeNull();
  });
});
