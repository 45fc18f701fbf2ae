// A network's name and end through the real app in the console, on the simulated clock: a lead
// renames and closes it, nothing is sent for it afterwards, it can be reopened within the window,
// and once deleted the channel can start a new one.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NETWORK_WITH_SESSIONS, runConsoleLines, sentAfter, total } from './lifecycle-console.ts';

const TWELVE_WEEKS = ':klok +12w';

describe('/liso netwerk naam', () => {
  it('renames with the cleaning of /liso start and announces it in the channel; others are refused in Dutch', async () => {
    const run = await runConsoleLines([
      '/liso start Jeugd Leidn',
      '/liso rol deelnemer @Ahmed',
      ':als Ahmed',
      '/liso netwerk naam Iets anders',
      ':als Anna',
      '/liso netwerk naam  ***  ',
      `/liso netwerk naam Jeugd   Leiden ${'x'.repeat(100)}`,
      '/liso netwerk naam Jeugd Leiden',
      '/liso netwerk',
    ]);
    expect(run.text).toContain('── alleen zichtbaar voor Ahmed ──\nAlleen de trekker of procesbegeleider van Jeugd Leidn mag dit veranderen.');
    expect(run.text).toContain('Geef de nieuwe naam, bijvoorbeeld `/liso netwerk naam Jeugdzorg Leiden-Noord`.');
    // One line, spaces folded, capped at 80 like a started network's name.
    expect(run.text).toMatch(/── kanaal #leernetwerk ──\nLeernetwerk Jeugd Leidn heet voortaan Jeugd Leiden x{66}… \(veranderd door @Anna\)\./);
    expect(run.text).toContain('── kanaal #leernetwerk ──\nLeernetwerk Jeugd Leiden x');
    expect(run.text).toMatch(/heet voortaan Jeugd Leiden \(veranderd door @Anna\)\.\n[\s\S]*# Leernetwerk Jeugd Leiden\n/);
  });
});

describe('/liso netwerk afsluiten', () => {
  it('is refused to a participant, in Dutch', async () => {
    const run = await runConsoleLines(['/liso start Jeugd Leiden', '/liso rol deelnemer @Ahmed', ':als Ahmed', '/liso netwerk afsluiten', '/liso network close', '/liso netwerk heropenen']);
    const refusals = run.text.match(/Alleen de trekker of procesbegeleider van Jeugd Leiden mag dit veranderen\./g) ?? [];
    expect(refusals).toHaveLength(3);
    expect(run.text).not.toContain('afsluiten?');
  });

  it('asks first; after the close nothing more is sent for the network in the following twelve weeks', async () => {
    const open = await runConsoleLines([...NETWORK_WITH_SESSIONS, ':wie', TWELVE_WEEKS]);
    const closed = await runConsoleLines([...NETWORK_WITH_SESSIONS, '/liso netwerk afsluiten', ':knop 1', ':klok +1m', TWELVE_WEEKS]);
    // Without a close the network goes on: reminders, digests and milestones in those weeks.
    const goingOn = sentAfter(open, TWELVE_WEEKS);
    expect(total(goingOn)).toBeGreaterThanOrEqual(15);
    console.info(`messages in the 12 weeks after 19 Feb: open ${JSON.stringify(Object.fromEntries([...goingOn].map(([k, v]) => [k, v.length])))}, closed ${total(sentAfter(closed, TWELVE_WEEKS))}`);
    expect(closed.text).toContain('# Leernetwerk Jeugd Leiden afsluiten?\nNa het afsluiten stuur ik geen herinneringen');
    expect(closed.text).toContain('[1] Ja, sluit het netwerk af   [2] Nee, niet afsluiten');
    // The press: the closing post at once, in the channel; the next minute those reminded of the next
    // session are told it is off (the leads, who closed it, are not), and nothing else.
    const atClose = sentAfter(closed, ':knop 1');
    expect(Object.fromEntries(atClose)).toEqual({
      '#leernetwerk': ['Leernetwerk Jeugd Leiden is afgesloten. Dank jullie wel voor alles wat jullie samen hebben uitgezocht, gedeeld en geleerd!'],
      Ahmed: ['# Gaat niet door: sessie van Jeugd Leiden'],
      Joris: ['# Gaat niet door: sessie van Jeugd Leiden'],
    });
    expect(closed.text).toContain('`/liso reisverslag` maakt het reisverslag');
    expect(closed.text).toContain('`/liso successen export alles` zet de successen die naar buiten kunnen in één document');
    expect(closed.text).toContain('(LISO-handboek, h7, Goed afsluiten)');
    expect(closed.text).toContain('Op 21 maart 2027 wis ik alle gegevens van dit netwerk.');
    // Twelve weeks on: not one message for the closed network.
    expect(Object.fromEntries(sentAfter(closed, TWELVE_WEEKS))).toEqual({});
  });

  it('closes an open pulse at once: no reminder, the leads get the result of the answers given', async () => {
    const run = await runConsoleLines([
      '/liso start Jeugd Leiden',
      '/liso rol procesbegeleider @Bram',
      '/liso rol deelnemer @Ahmed @Joris',
      '/liso sessie 2027-01-04 09:30',
      ':klok +1h',
      '/liso pulse',
      ':als Ahmed',
      ':privé',
      ':knop 4',
      ':als Anna',
      ':kanaal leernetwerk',
      '/liso netwerk afsluiten',
      ':knop 1',
      ':klok +1m',
      ':klok +3w',
    ]);
    const afterClose = sentAfter(run, ':klok +1m');
    expect(afterClose.get('Anna')?.[0]).toBe('# Uitslag pulse Jeugd Leiden');
    expect(afterClose.get('Bram')?.[0]).toBe('# Uitslag pulse Jeugd Leiden');
    expect(run.text).toContain('1 van de 2 genodigden deed mee');
    // The network has ended: its few answers are not promised to a next pulse.
    expect(run.text).toContain('Het netwerk is afgesloten, dus er komt geen volgende pulse om ze bij op te tellen.');
    expect(run.text).toContain('Niemand beantwoordde de open vraag.');
    expect(run.text.slice(run.text.indexOf('# Uitslag pulse'))).not.toMatch(/tellen mee bij de volgende pulse/);
    // No reminder to answer, no "everyone answered" celebration, nothing later.
    expect(run.text).not.toContain('Herinnering: pulse van Jeugd Leiden');
    expect(Object.fromEntries(sentAfter(run, ':klok +3w'))).toEqual({});
  });

  it('shows the closed network and its deletion date in /liso netwerk and /liso mijn-gegevens; nothing is planned in it', async () => {
    const run = await runConsoleLines([
      '/liso start Jeugd Leiden',
      '/liso netwerk afsluiten',
      ':knop 1',
      '/liso netwerk',
      '/liso mijn-gegevens',
      '/liso sessie 2027-03-11 14:00',
      '/liso vier We zijn klaar',
      '/liso netwerk afsluiten',
      '/liso start Nog een',
    ]);
    expect(run.text).toContain('Dit netwerk is afgesloten. Op 3 februari 2027 worden al zijn gegevens gewist');
    expect(run.text).toContain('Jeugd Leiden: trekker (afgesloten; alle gegevens van dit netwerk worden gewist op 3 februari 2027)');
    expect(run.text.match(/Jeugd Leiden is afgesloten: er wordt niets meer gepland of veranderd\./g)).toHaveLength(2);
    expect(run.text).toContain('Jeugd Leiden is al afgesloten. Op 3 februari 2027 worden de gegevens gewist');
    expect(run.text).toContain('Dit kanaal hoort bij het afgesloten leernetwerk Jeugd Leiden. Op 3 februari 2027 worden zijn gegevens gewist');
  });

  it('"Nee, niet afsluiten" keeps it open, and a used button does nothing', async () => {
    const run = await runConsoleLines(['/liso start Jeugd Leiden', '/liso netwerk afsluiten', ':knop 2', ':knop 1', '/liso netwerk']);
    expect(run.text).toContain('Goed, het netwerk blijft open.');
    expect(run.text).toContain('Deze knop is verlopen of al gebruikt.');
    expect(run.text).not.toContain('Dit netwerk is afgesloten');
  });
});

describe('/liso netwerk heropenen and deletion', () => {
  it('a reopen within the window undoes the close: nothing is deleted, sessions can be planned again', async () => {
    const run = await runConsoleLines([
      '/liso start Jeugd Leiden',
      '/liso rol deelnemer @Ahmed',
      '/liso netwerk afsluiten',
      ':knop 1',
      ':klok +20d',
      '/liso netwerk heropenen',
      ':klok +30d',
      '/liso netwerk',
      '/liso sessie 2027-04-08 14:00',
      '/liso netwerk heropenen',
    ]);
    expect(run.text).toContain('── kanaal #leernetwerk ──\nLeernetwerk Jeugd Leiden is heropend door @Anna. Er wordt niets gewist.');
    expect(run.text).toMatch(/# Leernetwerk Jeugd Leiden\n[\s\S]*Deelnemer: @Ahmed/);
    expect(run.text).toContain('Nieuwe sessie van Jeugd Leiden: donderdag 8 april 2027');
    expect(run.text).toContain('Jeugd Leiden is niet afgesloten; er valt niets te heropenen.');
  });

  it('after the window the network is gone and the channel can start a new one', async () => {
    const run = await runConsoleLines(['/liso start Jeugd Leiden', '/liso rol deelnemer @Ahmed', '/liso netwerk afsluiten', ':knop 1', ':klok +31d', '/liso netwerk', '/liso start Jeugd Leiden 2']);
    expect(run.text).toContain('Dit kanaal hoort nog niet bij een leernetwerk.');
    expect(run.text).toContain('Leernetwerk Jeugd Leiden 2 is gestart. @Anna is de trekker.');
    expect(await run.app.directory.all()).toHaveLength(1);
  });
});

describe('the words of the lifecycle commands', () => {
  it('"/liso afsluiten" alone still asks the handbook how to close a network well; the English aliases work', async () => {
    const run = await runConsoleLines(['/liso start Youth Leiden', '/liso afsluiten', '/liso network name Youth care Leiden', '/liso network close', ':knop 2']);
    expect(run.text).toContain('Een leernetwerk goed afsluiten');
    expect(run.text).toContain('Leernetwerk Youth Leiden heet voortaan Youth care Leiden');
    expect(run.text).toContain('Goed, het netwerk blijft open.');
  });

  it("the closing post is in the channel's language: that of who started the network, whoever closes it", async () => {
    const run = await runConsoleLines(['/liso taal en', '/liso start Youth Leiden', '/liso rol procesbegeleider @Bram', ':als Bram', '/liso netwerk afsluiten', ':knop 1']);
    expect(run.text).toContain('# Leernetwerk Youth Leiden afsluiten?');
    expect(run.text).toContain('── kanaal #leernetwerk ──\nLearning network Youth Leiden is closed. Thank you all');
    expect(run.text).toContain('`/liso journey` writes the journey report');
    expect(run.text).toContain('(LISO handbook, ch. 7, Closing well)');
  });

  it('the closing advice cites the handbook section as the source catalogue names it', () => {
    const root = path.resolve(import.meta.dirname, '../..');
    const sources = JSON.parse(readFileSync(path.join(root, 'data/sources.json'), 'utf8')) as { sections: Array<{ id: string; part: string; nl: string; en: string }> };
    const section = sources.sections.find((s) => s.id === 'handboek-h7-goed-afsluiten')!;
    const prompt = (lang: 'nl' | 'en') => (JSON.parse(readFileSync(path.join(root, `prompts/${lang}/core.json`), 'utf8')) as Record<string, string>)['network.closed.advice']!;
    expect(prompt('nl')).toContain(`LISO-handboek, ${section.part}, ${section.nl}`);
    expect(prompt('en')).toContain(`LISO handbook, ch. ${section.part.slice(1)}, ${section.en}`);
  });
});
