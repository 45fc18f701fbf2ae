// "/liso pulse starten": the usage text itself shows "(starten)", so people type it.
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../fakes/test-app.ts';
import { runConsoleLines } from '../console/console-helpers.ts';

describe('starting a pulse as people type it', () => {
  it.each(['pulse starten', 'pulse start', 'Pulse versturen'])('%j does what "/liso pulse" does, not show the usage', async (command) => {
    const t = await createTestApp();
    await t.command('anna', 'start Jeugd Leiden');
    t.adapter.take();
    await t.command('anna', 'pulse');
    const [plain] = t.adapter.take();
    await t.command('anna', command);
    const [typed] = t.adapter.take();
    expect(plain!.text).toMatch(/nog geen sessie gehouden/);
    expect(typed!.text).toBe(plain!.text);
  });
});

describe('a participant who types a score instead of pressing a button', () => {
  const pulseOpen = ['/liso start Jeugd Leiden', '/liso rol deelnemer @Sanne @Joe', '/liso sessie 7 januari 14:00', ':klok +4d', '/liso pulse', ':als Sanne', ':privé'];

  /** What the bot said to Sanne after her last line. */
  const lastAnswers = (text: string, line: string) => text.slice(text.lastIndexOf(`Sanne in gesprek met liso-bot > ${line}`));

  it('"4" as her first message gets the introduction and a pointer to the pulse buttons, no handbook entry picked from a menu she had not seen', async () => {
    const run = await runConsoleLines([...pulseOpen, '4']);
    const answers = lastAnswers(run.text, '4');
    expect(answers).toMatch(/Hoi Sanne!/);
    expect(answers).toMatch(/knoppen onder de uitnodiging/);
    expect(answers).not.toMatch(/^# Veel verloop/m);
  });

  it('"4 4 3 5 4 4" points at the pulse buttons instead of offering to keep a handbook question', async () => {
    const run = await runConsoleLines([...pulseOpen, 'hoi', '4 4 3 5 4 4']);
    const answers = lastAnswers(run.text, '4 4 3 5 4 4');
    expect(answers).toMatch(/knoppen onder de uitnodiging/);
    expect(answers).not.toMatch(/Daar geeft het handboek geen antwoord op/);
  });

  it.each(['eens', 'Helemaal eens!', 'neutraal'])('the scale word %j points at the pulse buttons too', async (typed) => {
    const run = await runConsoleLines([...pulseOpen, 'hoi', typed]);
    expect(lastAnswers(run.text, typed)).toMatch(/knoppen onder de uitnodiging/);
  });

  it('a number right after a menu still picks from that menu', async () => {
    const run = await runConsoleLines([...pulseOpen, 'hoi', '4']);
    expect(lastAnswers(run.text, '4')).toMatch(/^# Veel verloop/m);
  });
});
