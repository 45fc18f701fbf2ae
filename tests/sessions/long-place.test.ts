// A session's place as networks write it: a street address and the full Teams join link for those
// who join online. A Teams link alone is some 240 characters.
import { describe, expect, it } from 'vitest';
import { createSessionsHarness, remindersTo } from './sessions-harness.ts';

const TEAMS_LINK =
  'https://teams.microsoft.com/l/meetup-join/19%3ameeting_NjY3ZTk1ZjItYzQ4Ni00ZDIzLWI2YjMtMDdkNDFlNzQ0ZDE0%40thread.v2/0?context=%7b%22Tid%22%3a%2272f988bf-86f1-41af-91ab-2d7cd011db47%22%2c%22Oid%22%3a%22a5f1a7e2-3c4d-4b7e-9f0a-1c2d3e4f5a6b%22%7d';
const PLACE = `Buurthuis De Kolk, Grote Zaal eerste verdieping, Kolkstraat 123A, 2312 AB Leiden, of online: ${TEAMS_LINK}`;

describe('a place with an address and a Teams link', () => {
  it('is taken whole, and the reminder carries the whole link', async () => {
    expect(TEAMS_LINK.length).toBeGreaterThan(240);
    const h = await createSessionsHarness();
    await h.run('anna', 'start Jeugd');
    await h.run('anna', 'rol deelnemer <@sanne>');
    await h.run('anna', `sessie 2027-03-11 14:00-17:00 ${PLACE}`);
    // Before: "Deze plek is 336 tekens lang; een plek mag hoogstens 200 tekens zijn", and no session.
    expect(h.lastReply('anna')).not.toMatch(/tekens lang/);
    await h.walk(new Date('2027-03-04T09:00:00Z'));
    const reminder = remindersTo(h, 'sanne').at(-1)!;
    expect(reminder.text).toContain(TEAMS_LINK);
    expect(reminder.message.attachments?.[0]?.content.replace(/\r\n /g, '')).toContain(TEAMS_LINK);
  });
});
