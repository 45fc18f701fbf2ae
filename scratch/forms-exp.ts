import { loadEvalQuestions } from '../src/advice/evaluate.ts';
const forms: Record<string, RegExp> = {
  money: /(€|\$|£|\b\d+\s?(euro|eur|k|dollar|pound)s?\b|\beuro'?s?\b|\bhoeveel (kost|geld|moet .{0,30}(betalen|kosten|vragen))|\bwat kost|\bhow much (does|do|should|would|money|is|are|to charge|.{0,20}cost)|\bcost of\b|\bprijs\b|\bprice\b|\bbudget van\b|\bbudget for\b)/,
  permission: /(\bmag (ik|je|jij|een|de|het|hij|zij|ze|men)\b|\bmogen (we|wij|jullie|ze|zij|deelnemers|leden)\b|\btoegestaan\b|\btoestemming nodig\b|\bwettelijk|\bwet\b|\bwetgeving\b|\blegaal\b|\bjuridisch|\ballowed\b|\bpermitted\b|\blegal(ly)?\b|\bthe law\b|\bby law\b|\bregulations?\b|\bcompliance\b|\brequired to\b)/,
  rules: /(\bregels van\b|\bvoorwaarden van\b|\beisen van\b|\bregels voor subsid|\brules of\b|\brequirements of\b|\bcriteria of\b|\bconditions of\b|\bwhat does .{1,30} require\b|\bwat eist\b)/,
  dates: /(\bdeadline\b|\bsluitingsdatum\b|\bwanneer sluit\b|\bclosing date\b|\bwhen does .{1,30} (close|open)\b|\buiterste datum\b|\bdue date\b)/,
  points: /(\baccreditatie|\baccreditation\b|\bnascholingspunten\b|\bpunten\b|\bpoints\b|\bcredits\b|\bcpd\b|\bpe-punten\b|\bcertificaat\b|\bcertificate\b|\bdiploma\b)/,
  product: /(\bwelke (app|tool|software|programma|platform)\b|\bwhich (app|tool|software|platform)\b|\bbest (app|tool|software|platform)\b|\bbeste (app|tool|software|platform)\b)/,
};
const sets = (process.env.SETS ?? 'tune,dev,extra').split(',');
for (const set of sets) {
  const qs = loadEvalQuestions(`tests/fixtures/eval/questions.${set}.json`);
  for (const [name, re] of Object.entries(forms)) {
    const ins = qs.filter((q) => !q.topics.includes('none') && re.test(q.q.toLowerCase()));
    const oos = qs.filter((q) => q.topics.includes('none') && re.test(q.q.toLowerCase()));
    console.log(`${set} ${name}: in-scope flagged ${ins.length}, oos flagged ${oos.length}`);
    if (set !== 'test' && process.env.SHOW) for (const q of ins) console.log('   IN  ' + q.q);
  }
  const any = (q: { q: string }) => Object.values(forms).some((re) => re.test(q.q.toLowerCase()));
  console.log(`${set} ANY: in-scope ${qs.filter((q) => !q.topics.includes('none') && any(q)).length}/${qs.filter((q) => !q.topics.includes('none')).length}, oos ${qs.filter((q) => q.topics.includes('none') && any(q)).length}/${qs.filter((q) => q.topics.includes('none')).length}`);
}
