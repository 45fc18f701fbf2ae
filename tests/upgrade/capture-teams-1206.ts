// Captures the Teams fixture of the upgrade test: the records the 2026-12-06 release (1fc1b8c) wrote
// through its real Teams adapter and fake Bot Connector (a team install, a channel command, a
// personal message) on a SQLite file. Run once with that release checked out and built at OLD:
//   rm -f /tmp/teams-old.sqlite*; cd $OLD && OLD=$OLD npx tsx <this repo>/tests/upgrade/capture-teams-1206.ts /tmp/teams-old.sqlite
//   npx tsx tests/upgrade/capture-1206.ts /tmp/teams-old.sqlite > tests/fixtures/upgrade/teams-store-1206.json
// OLD: a checkout of that release (`git worktree add --detach <dir> 1fc1b8c`, then npm install there).
const OLD = process.env['OLD'];
if (!OLD) throw new Error('set OLD to a checkout of the 2026-12-06 release (1fc1b8c)');
const { startTeams } = await import(`${OLD}/adapters/teams/index.ts`);
const { loadConfig } = await import(`${OLD}/src/config/schema.ts`);
const { createTestApp } = await import(`${OLD}/tests/fakes/test-app.ts`);
const { SqliteStore } = await import(`${OLD}/src/store/sqlite-store.ts`);
const { SimulatedClock } = await import(`${OLD}/src/core/clock.ts`);
const { BOT_ID, FakeBotConnector, TENANT_ID, personalConversationId } = await import(`${OLD}/tests/teams/fake-bot-connector.ts`);

const file = process.argv[2]!;
const TEAM_ID = '19:team-jeugd@thread.tacv2';
const CHANNEL = '19:kanaal-jeugd@thread.tacv2';
const anna = { id: '29:1anna-de-vries', name: 'Anna de Vries' };
const sanne = { id: '29:1sanne-bakker', name: 'Sanne Bakker' };
const start = new Date('2027-01-04T08:17:23Z');
const clock = new SimulatedClock(start);
const store = await SqliteStore.open(file, clock);
const fake = await new FakeBotConnector().start();
const t = await createTestApp({ env: fake.env, start, store });
t.clock.set(start);
const config = loadConfig({ LISO_STORE: 'memory://', ...fake.env });
const runtime = await startTeams(t.app, config.teams!, t.app.log, { host: '127.0.0.1', port: 0, invokeDeadlineMs: 5000 });
let counter = 0;
const base = (type: string, as: typeof anna, personal: boolean) => ({
  type,
  id: `1700000000${String(++counter).padStart(3, '0')}`,
  timestamp: new Date().toISOString(),
  serviceUrl: fake.serviceUrl,
  channelId: 'msteams',
  from: { id: as.id, name: as.name, aadObjectId: '00000000-0000-4000-8000-0000000000aa' },
  recipient: { id: BOT_ID, name: 'liso-bot' },
  conversation: { id: personal ? personalConversationId(as.id) : CHANNEL, conversationType: personal ? 'personal' : 'channel', tenantId: TENANT_ID, ...(personal ? {} : { isGroup: true }) },
  channelData: { tenant: { id: TENANT_ID }, ...(personal ? {} : { team: { id: TEAM_ID }, channel: { id: CHANNEL } }) },
  locale: 'nl-NL',
});
const deliver = async (activity: Record<string, unknown>) => {
  await fake.deliver(runtime.endpoint, activity);
  await runtime.handler.drain();
};
const botMention = { type: 'mention', text: '<at>liso-bot</at>', mentioned: { id: BOT_ID, name: 'liso-bot' } };
await deliver({ ...base('conversationUpdate', anna, false), membersAdded: [{ id: BOT_ID }], channelData: { tenant: { id: TENANT_ID }, team: { id: TEAM_ID }, channel: { id: TEAM_ID }, eventType: 'teamMemberAdded' } });
t.clock.set(new Date(start.getTime() + 7 * 60_000 + 11_000));
await deliver({ ...base('message', anna, false), text: '<at>liso-bot</at> start Jeugd Leiden', textFormat: 'plain', entities: [botMention] });
t.clock.set(new Date(start.getTime() + 31 * 60_000 + 47_000));
fake.installedFor.add(sanne.id);
await deliver({ ...base('message', sanne, true), text: 'hallo', textFormat: 'plain', entities: [] });
await runtime.stop();
await t.app.close();
await fake.stop();
