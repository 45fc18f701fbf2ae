// A network named the way a municipality names things, longer than the 80 characters a name may have.
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../fakes/test-app.ts';

const LONG = 'Leernetwerk Jeugdhulp, Onderwijs en Wijkteams van de gemeenten Leiden, Leiderdorp en Oegstgeest samen';

describe('a network name longer than 80 characters', () => {
  it('is shortened between words, and the person who gave it hears so, at the start and at a rename', async () => {
    const t = await createTestApp();
    await t.command('anna', `start ${LONG}`);
    const started = t.adapter.take();
    const post = started.find((s) => s.kind === 'channel')!.text;
    // Before: "… van de gemeenten Leiden, Leiderdo…", and nobody was told.
    expect(post).toContain('Leernetwerk Jeugdhulp, Onderwijs en Wijkteams van de gemeenten Leiden… is gestart');
    expect(started.find((s) => s.kind === 'reply' && s.to === 'anna')?.text).toMatch(new RegExp(`${LONG.length} tekens.*hoogstens 80.*/liso netwerk naam`, "s"));
    await t.command('anna', `netwerk naam ${LONG.replace('Jeugdhulp', 'Jeugdzorg')}`);
    const renamed = t.adapter.take();
    expect(renamed.find((s) => s.kind === 'reply' && s.to === 'anna')?.text ?? '').toMatch(/tekens.*hoogstens 80/s);
  });
});
