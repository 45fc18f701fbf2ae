// Whether a question has words of its own once chat markup is set aside: "<!channel> <@U123> *bold* `code`
// <http://…|klik hier>" asks nothing, and is answered as an empty question, never with the handbook entry its
// stray words ("code": a code of conduct) happen to match.
import { hasWords } from './conversation-words.ts';

// What the platforms and their users write as markup, each matched whole with what it holds: Slack and Discord
// mentions and channel links (`<@U123>`, `<!here>`, `<#C1|naam>`, `<@&1>`), links with their label (Slack's
// `<https://…|label>`, Markdown's `[label](…)`), bare web addresses, code, HTML tags, group pings and typed
// @names or #channels, and styled spans (`*vet*`, `_schuin_`, `~weg~`, `||spoiler||`). One pass, no nesting: each
// alternative is bounded by its own closing character, so the scan is linear.
const MARKUP = new RegExp(
  [
    /<[@!#][^<>\s]*>/u.source,
    /<(?:https?|mailto):[^<>]*>/u.source,
    /\[[^\][]*\]\([^()\s]*\)/u.source,
    /(?:https?:\/\/|www\.)\S+/u.source,
    /`[^`]*`/u.source,
    /<\/?[A-Za-z][^<>]*>/u.source,
    /(?<![\p{L}\p{N}_.])[@#][\p{L}\p{N}_.^-]+/u.source,
    /\|\|[^|]*\|\|/u.source,
    /(?<![\p{L}\p{N}])([*_~])[^*_~\n]+\1(?![\p{L}\p{N}])/u.source,
  ].join('|'),
  'giu',
);

/** True when the text has letters or digits outside markup: what a question needs to be asked of the handbook. */
export function hasWordsBeyondMarkup(text: string): boolean {
  return hasWords(text) && hasWords(text.replace(MARKUP, ' '));
}
