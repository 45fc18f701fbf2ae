// Captures the fixture of a person the 2026-12-06 release forgot after it had told the trekker that
// they could not be reached: that release blanked the trekker's record of the report but kept its
// key, which holds the forgotten person's key. Run once with that release checked out at OLD:
//   rm -f /tmp/forgotten-old.sqlite*; cd $OLD && OLD=$OLD npx tsx <this repo>/tests/upgrade/capture-forgotten-1206.ts /tmp/forgotten-old.sqlite
//   npx tsx tests/upgrade/capture-1206.ts /tmp/forgotten-old.sqlite > tests/fixtures/upgrade/forgotten-store-1206.json
// OLD: a checkout of that release (`git worktree add --detach <dir> 1fc1b8c`, then npm install there).
const OLD = process.env['OLD'];
if (!OLD) throw new Error('set OLD to a checkout of the 2026-12-06 release (1fc1b8c)');
const { createTestApp } = await import(`${OLD}/tests/fakes/test-app.ts`);
const { buttonsOf, press } = await import(`${OLD}/tests/pulse/pulse-helpers.ts`);
const { DeliveryError } = await import(`${OLD}/src/core/chat-adapter.ts`);
const { SqliteStore } = await import(`${OLD}/src/store/sqlite-store.ts`);
const { SimulatedClock } = await import(`${OLD}/src/core/clock.ts`);

const start = new Date('2027-01-04T08:00:00Z');
const store = await SqliteStore.open(process.argv[2]!, new SimulatedClock(start));
const t = await createTestApp({ start, store });
await t.command('anna', 'start Jeugdzorg Leiden');
await t.command('anna', 'rol deelnemer <@dewi>');
const original = t.adapter.sendDirect.bind(t.adapter);
t.adapter.sendDirect = async (userId: string, message: unknown) => {
  if (userId === 'dewi') throw new DeliveryError('permanent', 'dm-closed');
  return original(userId, message);
};
const note = { summary: 'Herinnering', blocks: [{ type: 'section', text: [{ type: 'text', text: 'Agenda delen' }] }] };
await t.app.delivery.send('test:one', { kind: 'direct', platform: 'test', userId: 'dewi', fallback: { channelId: 'kanaal-1', message: note } }, note);
await t.app.bot.tick();
t.adapter.take();
await t.command('dewi', 'vergeet-mij', null);
const confirm = buttonsOf(t.adapter.take().find((s: { kind: string; to: string }) => s.kind === 'reply' && s.to === 'dewi')).find((b: { actionId: string }) => b.actionId === 'privacy.forget');
await press(t, 'dewi', confirm.actionId, confirm.value);
await t.app.close();
