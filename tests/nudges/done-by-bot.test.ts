// Tasks the bot can see done (the agenda shared with `/liso sessie agenda`, a pulse started about
// the previous session) are done in the plan, are not nudged or handed over, and count as done in
// the readiness overview; the invitation task says what the bot already did: found by an outside
// walk, where "Agenda delen" stayed open after the agenda was shared and the pulse was offered again.
import { describe, expect, it } from 'vitest';
import { runConsoleLines } from '../console/console-helpers.ts';
import { directTo, leadsWithSessions } from './console-digests.ts';

describe('preparation tasks the bot can see done', () => {
  it('are done in /liso tijdlijn, never nudged, and done in the overview a week before', async () => {
    const { text } = await runConsoleLines([
      ...leadsWithSessions('2027-01-12 14:00-16:00 Stadhuis', '2027-04-13 14:00-16:00 Stadhuis'),
      '/liso rol deelnemer @Cor',
      ':klok 2027-01-12T17:00',
      ':als Bram',
      '/liso pulse',
      ':klok 2027-02-15T10:00',
      ':als Anna',
      '/liso sessie agenda 13-4 Terugblik; casus; experimenten kiezen',
      '/liso tijdlijn 13-4',
      ':klok 2027-04-06T09:05',
      ':als Anna',
      '/liso tijdlijn 13-4',
    ]);
    const plans = text.split('Voorbereiding Jeugd Leiden: sessie dinsdag 13 april 2027').slice(1);
    expect(plans).toHaveLength(2);
    for (const plan of plans) {
      expect(plan).toMatch(/Agenda delen\*?\*? `agenda` · trekker · ✅ gedaan: de agenda is gedeeld/);
      expect(plan).toMatch(/Ervaring deelnemers navragen\*?\*? `ervaring-deelnemers` · procesbegeleider · ✅ gedaan: de pulse over de vorige sessie is gestart/);
    }
    // Neither lead is asked to do them, on their day or as a hand-over a week before.
    const toLeads = [...directTo(text, 'Anna'), ...directTo(text, 'Bram')].filter((m) => m.includes('sessie dinsdag 13 april'));
    expect(toLeads.length).toBeGreaterThan(0);
    for (const message of toLeads) {
      expect(message).not.toMatch(/Agenda delen:|Ervaring deelnemers navragen:|Start de pulse/);
    }
    const overview = toLeads.find((m) => m.includes('Zo staat de voorbereiding ervoor'));
    expect(overview).toMatch(/Gedaan:[^\n]*Ervaring deelnemers navragen, Agenda delen/);
    // The bot announced the session; the invitation task says so, and what is left (the .ics, people outside the channel).
    const invitation = directTo(text, 'Bram').find((m) => m.includes('Uitnodigingen volgende sessie versturen:'));
    expect(invitation).toMatch(/De bot heeft de sessie al in het kanaal aangekondigd/);
  }, 120_000);

  it('an agenda taken away again leaves the task open', async () => {
    const { text } = await runConsoleLines([
      ':als Anna',
      ':kanaal leernetwerk',
      '/liso start Jeugd Leiden',
      '/liso sessie 2027-03-09 14:00-16:00 Stadhuis',
      '/liso sessie agenda 9-3 Kennismaken',
      '/liso tijdlijn',
      '/liso sessie agenda 9-3 weg',
      '/liso tijdlijn',
    ]);
    const plans = text.split('Voorbereiding Jeugd Leiden: sessie dinsdag 9 maart 2027').slice(1);
    expect(plans[0]).toMatch(/Agenda eerste sessie delen\*?\*? `agenda-eerste` · trekker · ✅ gedaan: de agenda is gedeeld/);
    expect(plans[1]).toMatch(/Agenda eerste sessie delen\*?\*? `agenda-eerste` · trekker · (gepland|open)/);
  }, 60_000);
});
