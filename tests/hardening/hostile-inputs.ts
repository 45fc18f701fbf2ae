// Text an attacker or a clumsy member types, for every entry point that reads free text.
const words = (n: number) => Array.from({ length: n }, (_, i) => `woord${i % 97}`).join(' ');

export const HOSTILE: Readonly<Record<string, string>> = {
  empty: '',
  'white space only': '  \t  ',
  '10,000 characters of words': words(1_700).slice(0, 10_000),
  'one 5,000-letter word': 'a'.repeat(5_000),
  'emoji only': '🎉🎉🙂👨‍👩‍👧',
  'zero-width and bidi override': '\u200B\u202Eabc\u202C\u200B',
  'NUL and control characters': 'a\u0000b\u0007c\u001Bd',
  newlines: 'een\ntwee\r\ndrie',
  'Slack markup': '<!channel> <!here> <@U123> <https://evil.example|klik>',
  'Discord markup': '@everyone @here <@123456789012345678> <@&456789012345678901> [klik](https://evil.example)',
  'Teams and HTML markup': '<at>Anna</at> <script>alert(1)</script> [klik](https://evil.example) ![img](https://evil.example/x.png)',
  'x@x@x@…': 'x@'.repeat(5_000),
  'open parentheses': '('.repeat(5_000),
  'a run of dashes': '-'.repeat(10_000),
  'a run of colons': ':'.repeat(10_000),
  'a run of digits': '1'.repeat(10_000),
  'date-like runs': '11-3-'.repeat(2_000),
};

/** The most of a member's text any answer may repeat: the longest text the bot keeps (a win, an agenda). */
export const MAX_ECHO = 500;

/** Whether `answer` repeats more than MAX_ECHO characters of `input` in one piece. */
export function echoesTooMuch(answer: string, input: string): boolean {
  if (input.length <= MAX_ECHO) return false;
  for (let start = 0; start + MAX_ECHO < input.length; start += MAX_ECHO) if (answer.includes(input.slice(start, start + MAX_ECHO + 1))) return true;
  return false;
}
