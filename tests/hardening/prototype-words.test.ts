// Words typed by people are looked up in Maps or null-prototype objects, never in plain objects
// whose built-in properties (`__proto__`, `constructor`, `toString`) a typed word would reach.
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../fakes/test-app.ts';
import { submittedValues } from '../../adapters/slack/form-modal.ts';
import { FORM_INPUT_PREFIX, readSubmission } from '../../adapters/teams/card-actions.ts';

const BUILT_INS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

describe('typed words that name built-in object properties', () => {
  it.each(BUILT_INS)('`rol %s @bram` is an unknown role, answered as such', async (word) => {
    const t = await createTestApp();
    await t.command('anna', 'start Jeugd');
    t.adapter.take();
    await t.command('anna', `rol ${word} <@bram>`);
    const [answer] = t.adapter.take();
    expect(answer?.text).toContain(`De rol ${word} ken ik niet`);
    expect(t.logLines.join('')).not.toContain('handler failed');
  });

  it.each(BUILT_INS)('`taal %s` and the same word in `tijdlijn` get their usage texts', async (word) => {
    const t = await createTestApp();
    await t.command('anna', 'start Jeugd');
    t.adapter.take();
    await t.command('anna', `taal ${word}`);
    expect(t.adapter.take()[0]?.text).toContain('Kies /liso taal nl of /liso taal en.');
    await t.command('anna', `tijdlijn ${word}`);
    expect(t.adapter.take()[0]?.text).toContain('/liso tijdlijn gedaan|nvt <taak>');
    await t.command('anna', `tijdlijn rol catering ${word}`);
    expect(t.adapter.take()[0]?.text).toContain(`De rol ${word} ken ik niet`);
    expect(t.logLines.join('')).not.toContain('handler failed');
  });

  it('a Slack form whose block ids are built-in names keeps them as plain fields', () => {
    // Parsed, as Bolt parses the payload: JSON.parse makes "__proto__" an own key.
    const state = JSON.parse('{"values": {"__proto__": {"value": {"value": "a"}}, "constructor": {"value": {"value": "b"}}, "toString": {"value": {"value": "c"}}}}');
    const values = submittedValues(state);
    expect(Object.entries(values)).toEqual([
      ['__proto__', 'a'],
      ['constructor', 'b'],
      ['toString', 'c'],
    ]);
  });

  it('a Teams card submission whose field names are built-in names keeps them as plain fields', () => {
    const data = JSON.parse(`{"lisoForm": "f", "lisoContext": "c", "${FORM_INPUT_PREFIX}__proto__": "a", "${FORM_INPUT_PREFIX}constructor": "b"}`);
    const read = readSubmission(data);
    expect(read.kind).toBe('form');
    expect(Object.entries((read as { values: Record<string, string> }).values)).toEqual([
      ['__proto__', 'a'],
      ['constructor', 'b'],
    ]);
  });
});
