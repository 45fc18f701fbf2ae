// A restarted console has no buttons of the messages the previous run showed: pressing one says
// so, and which command brings the message back, instead of claiming there never was one.
import { describe, expect, it } from 'vitest';
import { runConsoleLines } from './console-helpers.ts';

describe('console: buttons after a restart', () => {
  it('says the buttons from before the restart are gone and names a command that brings a message back', async () => {
    const first = await runConsoleLines(['/liso start Jeugd', '/liso sessie 2027-01-14 14:00', '/liso vier de casus staat op papier']);
    expect(first.text).toMatch(/\[1\] 🎉 Mooi!/);
    const again = await runConsoleLines([':knop 1', '/liso wanneer is de volgende sessie?', ':knop 1'], { clock: first.clock, store: first.store });
    expect(again.text).toContain('Anna heeft sinds de start van deze console nog geen bericht met knoppen gekregen. De knoppen van berichten van vóór een herstart zijn weg: geef het commando dat dat bericht gaf opnieuw, zoals `/liso successen` of `/liso wanneer is de volgende sessie?`.');
    // The command named does bring buttons back.
    expect(again.text).toMatch(/Anna in #leernetwerk > :knop 1\n\n── alleen zichtbaar voor Anna ──\n[\s\S]*?✅ Je komt\. Fijn!/);
  });
});
