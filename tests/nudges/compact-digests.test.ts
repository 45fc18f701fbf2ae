// The digest a week before holds the other lead's open tasks as one list with one button (an
// outside walk found 29-33 buttons in it); that button asks privately what to do with which task,
// with the buttons each task had, so nothing is lost. A day with four or more tasks of one's own
// (the day after a session, when the next is close) has two buttons a task.
import { describe, expect, it } from 'vitest';
import { runConsoleLines } from '../console/console-helpers.ts';
import { buttonsIn, directTo, leadsWithSessions } from './console-digests.ts';

describe('the hand-over a week before', () => {
  it('is one list with one button, which offers each task with its own buttons privately', async () => {
    const { text } = await runConsoleLines([
      ...leadsWithSessions('2027-01-12 14:00-16:00 Stadhuis', '2027-04-13 14:00-16:00 Stadhuis'),
      ':klok 2027-04-06T09:05',
      ':als Bram',
      ':knop 1',
      ':knop 1',
      '/liso tijdlijn',
    ]);
    const weekBefore = directTo(text, 'Bram').find((m) => m.includes('deze taken van de trekker staan nog open') && m.includes('13 april'))!;
    expect(weekBefore).toMatch(/• Geleerde lessen delen\n {2}• Voortgang nalopen en delen/);
    expect(buttonsIn(weekBefore)).toBe(1);
    const trekkers = directTo(text, 'Anna').find((m) => m.includes('Zo staat de voorbereiding ervoor') && m.includes('13 april'))!;
    expect(trekkers).toMatch(/Deze taken van de procesbegeleider staan nog open/);
    expect(buttonsIn(trekkers)).toBe(1);
    // The button lists the trekker's open tasks with Gedaan, Later, N.v.t. and the advice each.
    const choices = text.slice(text.indexOf('Open taken van de trekker voor de sessie van Jeugd Leiden'));
    expect(choices).toMatch(/Geleerde lessen delen: [^\n]+\n {2}\[1\] Gedaan {3}\[2\] Later… {3}\[3\] Niet van toepassing {3}\[4\] Advies uit het handboek/);
    expect(choices).toMatch(/Geleerde lessen delen \(Jeugd Leiden\): ✅ Gedaan door Bram/);
    expect(choices).toMatch(/Geleerde lessen delen\*?\*? `geleerde-lessen` · trekker · ✅ gedaan/);
  }, 120_000);
});

describe('a day with many tasks of one\'s own', () => {
  it('has Gedaan and "Later of n.v.t.…" a task, the latter asking privately with the advice', async () => {
    const { text } = await runConsoleLines([
      ...leadsWithSessions('2027-01-12 14:00-16:00 Stadhuis', '2027-02-23 14:00-16:00 Stadhuis'),
      ':klok 2027-01-13T09:05',
      ':als Anna',
      ':knop 2',
      ':knop 4',
    ]);
    const dayAfter = directTo(text, 'Anna').find((m) => m.includes('sessie dinsdag 23 februari'))!;
    expect(dayAfter).toMatch(/# Je voorbereiding voor vandaag: 5 taken/);
    // Five tasks, two buttons each, and the agenda's offer of the wins.
    expect(buttonsIn(dayAfter)).toBe(11);
    expect(dayAfter).toMatch(/Geleerde lessen delen: [^\n]+\n {2}\[1\] Gedaan {3}\[2\] Later of n\.v\.t\.…\n/);
    expect(text).toMatch(/Wat wil je met \*?\*?Geleerde lessen delen \(Jeugd Leiden\)\*?\*?\?[^\n]*\n {2}\[1\] Morgen [^\n]*\[4\] Niet van toepassing {3}\[5\] Advies uit het handboek/);
    expect(text).toMatch(/Geleerde lessen delen \(Jeugd Leiden\): ➖ Niet van toepassing, volgens Anna/);
  }, 120_000);
});
