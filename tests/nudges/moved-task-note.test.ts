// A task nudged for a session that then moved comes again on its new day, and says why: an outside
// walk got "Nieuwe deelnemers bellen of mailen" on 1 and 8 February, the same words, after the
// session moved a week.
import { expect, it } from 'vitest';
import { runConsoleLines } from '../console/console-helpers.ts';
import { directTo, leadsWithSessions } from './console-digests.ts';

it('an open task that moved with its session says it came before, for the old date', async () => {
  const { text } = await runConsoleLines([
    ...leadsWithSessions('2027-01-12 14:00-16:00 Stadhuis', '2027-03-01 14:00-16:00 Stadhuis'),
    ':klok 2027-02-01T09:05',
    ':klok 2027-02-02T10:00',
    '/liso sessie verplaats 2027-03-01 2027-03-08',
    ':klok 2027-02-08T09:05',
  ]);
  const toAnna = directTo(text, 'Anna').filter((part) => part.includes('Nieuwe deelnemers bellen of mailen:'));
  expect(toAnna).toHaveLength(2);
  expect(toAnna[0]).not.toMatch(/Verplaatst met de sessie/);
  expect(toAnna[1]).toMatch(/Nieuwe deelnemers bellen of mailen: [^\n]+\n {2}Verplaatst met de sessie: je kreeg deze taak al op maandag 1 februari 2027, voor de oude datum\. Hij staat nog open\./);
}, 120_000);
