// Text longer than the core reads (4,000 characters): a refusal or a shortening note says how long the person
// typed it, not how long the part that was read is, so they know how much to cut. An outside walk found
// "800 tekens" for a 10,000-character name, "3.978" for a place and "3.994" for a win.
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../fakes/test-app.ts';
import type { TestApp } from '../fakes/test-app.ts';
import { MAX_COMMAND_LENGTH } from '../../src/core/router.ts';
import { ballotOf, inviteOf, networkWith, openAnswer, participantIds, press } from '../pulse/pulse-helpers.ts';

const TEN_THOUSAND = 'abc def '.repeat(1_250).slice(0, 10_000);
const nl = (n: number) => new Intl.NumberFormat('nl-NL').format(n);

function replyTo(t: TestApp, user: string): string {
  return t.adapter
    .take()
    .filter((s) => s.kind === 'reply' && s.to === user)
    .map((s) => s.text)
    .join('\n');
}

describe('a command longer than the core reads', () => {
  it('names the length of the network name as typed', async () => {
    expect(TEN_THOUSAND.length).toBeGreaterThan(MAX_COMMAND_LENGTH);
    const t = await createTestApp();
    await t.command('anna', `start ${TEN_THOUSAND}`);
    // Before: "Die naam was 800 tekens lang".
    expect(replyTo(t, 'anna')).toContain(`Die naam was ${nl(TEN_THOUSAND.trim().length)} tekens lang`);
    await t.command('anna', `netwerk naam x${TEN_THOUSAND}`);
    expect(replyTo(t, 'anna')).toContain(`Die naam was ${nl(TEN_THOUSAND.trim().length + 1)} tekens lang`);
  });

  it('names the length of a place and an agenda as typed', async () => {
    const t = await createTestApp({ start: new Date('2027-01-04T08:00:00Z') });
    await t.command('anna', 'start Jeugd Leiden');
    t.adapter.take();
    await t.command('anna', `sessie 2027-02-11 14:00 ${TEN_THOUSAND}`);
    // Before: "Deze plek is 3.978 tekens lang".
    expect(replyTo(t, 'anna')).toContain(`Deze plek is ${nl(TEN_THOUSAND.trim().length)} tekens lang`);
    await t.command('anna', 'sessie 2027-02-11 14:00');
    t.adapter.take();
    await t.command('anna', `sessie agenda 2027-02-11 ${TEN_THOUSAND}`);
    expect(replyTo(t, 'anna')).toContain(`Deze agenda is ${nl(TEN_THOUSAND.trim().length)} tekens lang`);
  });

  it('names the length of a win as typed, by command and in a direct message', async () => {
    const t = await createTestApp();
    await t.command('anna', 'start Jeugd Leiden');
    t.adapter.take();
    const story = 'a'.repeat(5_000);
    await t.command('anna', `vier ${story}`);
    // Before: "Je succes was 3.997 tekens lang".
    expect(replyTo(t, 'anna')).toContain(`Je succes was ${nl(5_000)} tekens lang`);
    await t.message('anna', `vier ${'b'.repeat(9_000)}`);
    const direct = t.adapter.take().map((s) => s.text).join('\n');
    expect(direct).toContain(`Je succes was ${nl(9_000)} tekens lang`);
  });
});

describe('an open pulse answer longer than 500 characters', () => {
  const START = new Date('2027-01-04T08:00:00Z');
  const SENTENCE = 'Meer tijd voor de casus en minder voor de mededelingen aan het begin. ';

  it('is kept up to a sentence end from the form, and the person hears it was shortened', async () => {
    const t = await createTestApp({ start: START });
    const people = participantIds(3);
    await networkWith(t, people);
    await t.command('anna', 'pulse');
    const { pulseId } = inviteOf(t.adapter.take(), people[0]!);
    await press(t, people[0]!, 'pulse.open', ballotOf(pulseId, people[0]!));
    t.adapter.take();
    const long = SENTENCE.repeat(150).trim();
    await openAnswer(t, people[0]!, pulseId, long);
    const told = t.adapter.take().map((s) => s.text).join('\n');
    // Before: only "Je open antwoord is opgeslagen", though 500 of 10,000 characters were kept.
    expect(told).toContain('Je open antwoord is opgeslagen');
    const kept = Math.floor(500 / SENTENCE.length) * SENTENCE.length - 1;
    expect(told).toContain(`Je antwoord was ${nl(long.length)} tekens lang; bewaard zijn de eerste ${kept}`);
    expect(told).toMatch(/knop in je uitnodiging/);
  });

  it('typed after the code, says how long it was typed', async () => {
    const t = await createTestApp({ start: START });
    const people = participantIds(3);
    await networkWith(t, people);
    await t.command('anna', 'pulse');
    const { pulseId } = inviteOf(t.adapter.take(), people[0]!);
    const long = SENTENCE.repeat(150).trim();
    await t.command(people[0]!, `pulse antwoord ${ballotOf(pulseId, people[0]!)} ${long}`, null);
    // Before: "Je antwoord was 3.9xx tekens lang": the part the core read.
    expect(replyTo(t, people[0]!)).toContain(`Je antwoord was ${nl(long.length)} tekens lang`);
  });
});
