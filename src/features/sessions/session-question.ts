// Recognises a member's question about their own network's next session ("wanneer is de volgende
// sessie?", "waar is de bijeenkomst?", "ik kan er niet bij zijn", "what time does the meeting
// start?", "ik kan niet", "ja ik kom"), which the network's stored sessions answer and the handbook does not. Narrow on purpose:
// a question about sessions in general ("wanneer is een sessie geslaagd?", "hoe bereid ik de sessie
// voor?") is the handbook's. Linear: fixed patterns without nested repetition, on capped text.

export type SessionQuestion = 'when' | 'where' | 'who' | 'absent' | 'present';

/** Longer messages are questions for the handbook, even when they mention the next session. */
const MAX_CHARS = 120;

const SESSION = '(?:sessie|kwartaalsessie|netwerksessie|bijeenkomst|netwerkbijeenkomst|vergadering|meeting|session|gathering)';
const WHICH = '(?:(?:de|het|onze|ons|the|our|a) )?(?:(?:volgende|eerstvolgende|komende|nieuwe|next|upcoming) )?';
// What may follow the session in such a question ("… plaats", "… van Jeugd Leiden", "… start"). Not any word:
// "wanneer is de sessie geslaagd?" and "waar is de sessie voor bedoeld?" are the handbook's.
const TAIL =
  "(?: (?:plaats|precies|eigenlijk|ook|alweer|weer|nou|nu|dan|again|exactly|start|starts|begin|begins|beginnen|starten|gepland|ingepland|planned|scheduled|afgelopen|voorbij|over|end|ends|vandaag|morgen|today|tomorrow|deze week|volgende week|this week|next week|(?:op|on) (?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|monday|tuesday|wednesday|thursday|friday|saturday|sunday|\\d\\S*)))*(?: (?:van|of)(?: \\S+){1,4})?$";

const PATTERNS: Array<[SessionQuestion, RegExp]> = [
  // "wanneer is de volgende sessie", "hoe laat begint de bijeenkomst", "op welke dag is onze sessie"
  ['when', new RegExp(`^(?:en |maar )?(?:wanneer|hoe laat|op welke dag|welke dag|op welke datum|welke datum)(?: is| zijn| hebben we| houden we| begint| start| komt| is er)? ${WHICH}${SESSION}${TAIL}`)],
  // "hoe laat begint het", not "hoe laat begint het webinar?"
  ['when', new RegExp(`^(?:en |maar )?hoe laat (?:begint|start|beginnen|starten) (?:het|we|jullie)${TAIL}`)],
  ['when', /^(?:en |maar )?wanneer zien we elkaar(?: weer| de volgende keer)?$/],
  // "wanneer is het?", "when is it again": nothing else named, so the next session.
  ['when', /^(?:en |maar )?(?:wanneer|hoe laat) is (?:het|ie)(?: ook)?(?: alweer| weer)?$/],
  ['when', /^(?:so )?(?:when|what time) is it(?: again)?$/],
  // "de volgende sessie is wanneer?", "volgende bijeenkomst?"
  ['when', new RegExp(`^${WHICH}${SESSION}(?: is)?(?: wanneer| op welke dag| when)?$`)],
  ['when', new RegExp(`^(?:so )?(?:when|what time|what day|which day|what date)(?: is| are| do we have| does| will)? ${WHICH}${SESSION}${TAIL}`)],
  ['when', /^(?:so )?when do we meet(?: again| next)?$/],
  // "waar is de sessie", "waar vindt de volgende bijeenkomst plaats", "wat is de link van de sessie"
  ['where', new RegExp(`^(?:en |maar )?(?:waar|op welke locatie|welke locatie)(?: is| zijn| vindt| houden we| hebben we| komt)? ${WHICH}${SESSION}${TAIL}`)],
  ['where', new RegExp(`^(?:en |maar )?wat is (?:de|het) (?:locatie|adres|link|plek)(?: van| voor)? ${WHICH}${SESSION}${TAIL}`)],
  ['where', /^(?:en |maar )?waar (?:moet ik|moeten we|is het)(?: zijn| heen)?$/],
  ['where', new RegExp(`^(?:so )?where(?: is| are| will)? ${WHICH}${SESSION}${TAIL}`)],
  ['where', /^(?:so )?where is it(?: again)?$/],
  ['where', new RegExp(`^(?:so )?what(?: is|'s) the (?:location|address|link|venue)(?: of| for)? ${WHICH}${SESSION}${TAIL}`)],
  // "wie komen er allemaal?", "hoeveel mensen komen er naar de sessie?": the leads see the count, members the card.
  ['who', new RegExp(`^(?:en |maar )?(?:wie|hoeveel mensen|hoeveel deelnemers|hoeveel) (?:komen|komt|zijn er)(?: er)?(?: allemaal)?(?: (?:naar|op|bij) ${WHICH}${SESSION})?$`)],
  ['who', new RegExp(`^(?:so )?(?:who|how many people|how many)(?: is| are)? (?:coming|attending)(?: (?:to|at) ${WHICH}${SESSION})?$`)],
  // "ik kan niet komen", "ik kan er donderdag niet bij zijn", "ik moet me afmelden"
  // Not "ik kan de partners niet aanwezig krijgen" nor "ik kan hem niet komen ophalen": another verb makes it a different sentence.
  ['absent', /^(?:sorry,? )?ik kan (?:er )?(?:\S+ ){0,3}(?:niet|toch niet) (?:komen|bij zijn|erbij zijn|aanwezig zijn|aanwezig)\b(?! (?:krijgen|houden|laten|maken|halen|ophalen|brengen|helpen|vertellen|uitleggen))/],
  // "ik ben er donderdag niet bij", not "ik kan er niet bij dat …" (I cannot believe that …).
  ['absent', /^(?:sorry,? )?ik ben (?:er )?(?:\S+ ){0,3}(?:niet|toch niet) (?:bij|aanwezig)(?: \S+){0,4}$/],
  ['absent', /^(?:sorry,? )?ik (?:moet|wil) (?:me|mij) (?:\S+ ){0,2}afmelden\b/],
  ['absent', /^(?:sorry,? )?ik meld (?:me|mij) af\b/],
  ['absent', /^(?:sorry,? )?i (?:can't|cannot|can not|won't|will not|am not able to) (?:come|make it|attend|be there)\b/],
  // "ik kan niet", "ik kan er helaas niet op 11 maart": nothing else it could be about. Not "ik kan het niet".
  ['absent', /^(?:sorry,? |helaas,? )?ik kan (?:(?:er|helaas|dan|echt|die dag) )*(?:toch )?niet(?: (?:op|om|deze|volgende|komende) \S+(?: \S+)?)?$/],
  // "ik ben ziek die dag", "ik ben verhinderd"; not "ik ben ziek van de vergaderingen".
  ['absent', /^(?:sorry,? |helaas,? )?ik ben (?:(?:helaas|dan|die dag|er) )*(?:ziek|verhinderd|afwezig)(?: (?:die dag|dan|op \S+(?: \S+)?|\S+dag))?$/],
  ['absent', /^(?:sorry,? )?(?:i'm|i am) (?:sick|ill|unavailable|away)(?: (?:that day|then|on \S+))?$/],
  ['present', new RegExp(`^(?:ja,? |jazeker,? |jawel,? |yes,? )?ik (?:kom|ben erbij|ben er bij)(?: (?:wel|zeker|gewoon|graag))?(?: (?:naar|op|bij) ${WHICH}${SESSION})?$`)],
  ['present', new RegExp(`^(?:yes,? |sure,? )?(?:i'll|i will) (?:be there|come)(?: (?:to|at) ${WHICH}${SESSION})?$`)],
];

/** The text as the patterns read it: lower case, accents off, punctuation at the ends and doubled spaces gone. */
function normalised(text: string): string {
  return text
    .slice(0, MAX_CHARS + 1)
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[’‘]/g, "'")
    .replace(/[?!.…]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** What the message asks about the person's next session, or undefined when it is not such a question. */
export function sessionQuestionOf(text: string): SessionQuestion | undefined {
  if (text.length > MAX_CHARS) return undefined;
  const plain = normalised(text);
  return PATTERNS.find(([, pattern]) => pattern.test(plain))?.[0];
}
