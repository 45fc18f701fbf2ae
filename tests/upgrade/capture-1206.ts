// Captures the fixture the upgrade test starts from: the rows the 2026-12-06 release (1fc1b8c)
// left in its SQLite file after living tests/fixtures/upgrade/busy-stretch-1206.txt, copied
// byte for byte. Run once, with that release checked out and built at OLD (CI does not need it):
//   rm -f /tmp/old.sqlite*; cd $OLD && LISO_STORE=sqlite:///tmp/old.sqlite node bin/liso.js console \
//     --simulated-clock 2027-01-04T08:00:00Z --script <this repo>/tests/fixtures/upgrade/busy-stretch-1206.txt
//   npx tsx tests/upgrade/capture-1206.ts /tmp/old.sqlite > tests/fixtures/upgrade/store-1206.json
import sqlite3 from 'sqlite3';

const file = process.argv[2];
if (!file) throw new Error('usage: capture-1206.ts <old sqlite file>');
const db = new sqlite3.Database(file, sqlite3.OPEN_READONLY);
db.all('SELECT key, value FROM keyv ORDER BY key', (error, rows) => {
  if (error) throw error;
  // One row a line, so a change of the fixture reads as a diff of rows.
  process.stdout.write(`[\n${rows.map((row) => JSON.stringify(row)).join(',\n')}\n]\n`);
  db.close();
});
