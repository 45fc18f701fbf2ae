// Recognises a member's question about their own network's next session ("wanneer is de volgende
// sessie?", "waar is de bijeenkomst?", "ik kan er niet bij zijn", "what time does the meeting
// start?", "ik kan niet", "ja ik kom"), which the network's stored sessions answer and the handbook does not. Narrow on purpose:
// a question about sessions in general ("wanneer is een sessie geslaagd?", "hoe bereid ik de sessie
// voor?") is the handbook's. Linear: fixed patterns without nested repetition, on capped text.

export type SessionQuestion = 'when' | 'where' | 'who' | 'absent' | 'present' | 'status' | 'change';

/** Longer messages are questions for the handbook, even when they mention the next session. */
const MAX_CHARS = 120;
/**
 * A chatty message ("goeiemorgen hoor! ik ben mies … wanneer is die eerste bijeenkomst eigenlijk?") may run longer:
 * it counts only when a sentence asks when, where or whether and the rest only tells (see `askedInSentences`).
 */
const MAX_CHATTY_CHARS = 400;

const SESSION = '(?:sessie|kwartaalsessie|netwerksessie|bijeenkomst|netwerkbijeenkomst|vergadering|meeting|session|gathering)';
const WHICH = '(?:(?:de|het|die|deze|onze|ons|the|our|a|that) )?(?:(?:volgende|eerstvolgende|komende|nieuwe|eerste|next|upcoming|first) )?';
// What may follow the session in such a question ("… plaats", "… van Jeugd Leiden", "… start"). Not any word:
// "wanneer is de sessie geslaagd?" and "waar is de sessie voor bedoeld?" are the handbook's.
const TAIL =
  "(?: (?:plaats|precies|eigenlijk|ook|alweer|weer|nou|nu|dan|again|exactly|start|starts|begin|begins|beginnen|starten|gepland|ingepland|planned|scheduled|afgelopen|voorbij|over|end|ends|vandaag|morgen|today|tomorrow|deze week|volgende week|this week|next week|(?:op|on) (?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|monday|tuesday|wednesday|thursday|friday|saturday|sunday|\\d\\S*)))*(?: (?:van|of)(?: \\S+){1,4})?$";

// "gaat het morgen nog door", "is het nog steeds op donderdag": the words between the subject and the verb's end.
const DAY = '(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|vandaag|morgen|overmorgen)';
const STILL = `(?: (?:nog|nou|nu|wel|steeds|gewoon|echt|toch|dan|${DAY}|deze week|volgende week)){0,3}`;
// "het", "ie", "dat" or the session itself: "gaat de sessie door", not "gaat het netwerk door".
const SUBJECT = `(?:het|ie|dat|${WHICH}${SESSION})`;
const SUBJECT_EN = `(?:it|${WHICH}${SESSION})`;

const PATTERNS: Array<[SessionQuestion, RegExp]> = [
  // "wanneer is de volgende sessie", "hoe laat begint de bijeenkomst", "op welke dag is onze sessie"
  ['when', new RegExp(`^(?:en |maar )?(?:wanneer|hoe laat|op welke dag|welke dag|op welke datum|welke datum)(?: is| zijn| hebben we| houden we| begint| start| komt| is er)? ${WHICH}${SESSION}${TAIL}`)],
  // "hoe laat begint het", not "hoe laat begint het webinar?"
  ['when', new RegExp(`^(?:en |maar )?hoe laat (?:begint|start|beginnen|starten) (?:het|we|jullie)${TAIL}`)],
  ['when', /^(?:en |maar )?wanneer zien we elkaar(?: weer| de volgende keer)?$/],
  // "wanneer is het?", "when is it again": nothing else named, so the next session.
  ['when', /^(?:en |maar )?(?:wanneer|hoe laat) is (?:het|ie|dat)(?: (?:ook|nou|nu|dan|eigenlijk|precies|alweer|weer)){0,3}$/],
  // "hoe laat moet ik er zijn", "wanneer moeten we er zijn morgen"; not "hoe laat moet ik de uitnodiging versturen".
  ['when', new RegExp(`^(?:en |maar )?(?:hoe laat|om hoe laat|wanneer) (?:moet|moeten) (?:ik|we|wij|je) (?:er |daar )?(?:(?:nu|nou|dan|precies|eigenlijk|ook alweer) )?(?:zijn|komen|aanwezig zijn)(?: ${DAY})?$`)],
  ['when', /^(?:so )?(?:what time|when) (?:should|do|must) (?:i|we) (?:need to |have to )?(?:be there|arrive|come)(?: tomorrow)?$/],
  ['when', /^(?:so )?(?:when|what time) is it(?: again)?$/],
  // "de volgende sessie is wanneer?", "volgende bijeenkomst?"
  ['when', new RegExp(`^${WHICH}${SESSION}(?: is)?(?: wanneer| op welke dag| when)?$`)],
  ['when', new RegExp(`^(?:so )?(?:when|what time|what day|which day|what date)(?: is| are| do we have| does| will)? ${WHICH}${SESSION}${TAIL}`)],
  ['when', /^(?:so )?when do we meet(?: again| next)?$/],
  // "waar is de sessie", "waar vindt de volgende bijeenkomst plaats", "wat is de link van de sessie"
  ['where', new RegExp(`^(?:en |maar )?(?:waar|op welke locatie|welke locatie)(?: is| zijn| vindt| houden we| hebben we| komt)? ${WHICH}${SESSION}${TAIL}`)],
  ['where', new RegExp(`^(?:en |maar )?wat is (?:de|het) (?:locatie|adres|link|plek)(?: van| voor)? ${WHICH}${SESSION}${TAIL}`)],
  // "wat was het adres ook alweer?": nothing else named, so the next session's.
  ['where', /^(?:en |maar )?wat (?:is|was) (?:het|de) (?:adres|locatie|plek|link)(?: (?:ook|nou|nu|dan|eigenlijk|precies|alweer|weer)){0,3}$/],
  ['where', /^(?:en |maar )?waar (?:moet ik|moeten we|is het|is ie)(?: (?:zijn|heen|naartoe|ook|alweer|nou|dan|eigenlijk)){0,2}$/],
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
  ['present', new RegExp(`^(?:ja,? |jazeker,? |jawel,? |yes,? )?ik (?:kom|ben erbij|ben er bij)(?: (?:wel|zeker|gewoon|graag|toch|toch wel|alsnog))?(?: (?:naar|op|bij) ${WHICH}${SESSION})?$`)],
  // "ik kan toch komen", "ik kan er alsnog bij zijn"; not "ik kan toch niet alles alleen doen".
  ['present', /^(?:oh,? |ok,? |oke,? |nou,? |goed nieuws,? )?ik kan (?:er )?(?:toch|toch wel|alsnog|wel) (?:komen|bij zijn|erbij zijn)$/],
  ['present', new RegExp(`^(?:kan|mag) ik (?:me|mij) (?:nog|alsnog|toch) aanmelden(?: (?:voor|bij) ${WHICH}${SESSION})?$`)],
  ['present', new RegExp(`^(?:yes,? |sure,? )?(?:i'll|i will) (?:be there|come)(?: (?:to|at) ${WHICH}${SESSION})?$`)],
  ['present', /^(?:actually,? |oh,? |ok,? |okay,? |good news,? )?i can (?:come|make it|attend|be there)(?: after all)?$/],
  // "gaat het niet door??", "gaat de sessie morgen nog door", "is het afgelast", "is het nog steeds op donderdag".
  ['status', new RegExp(`^(?:en |maar |dus )?(?:gaat|gaan) ${SUBJECT}${STILL} (?:niet |wel )?(?:door|doorgaan)(?: (?:op|om) \\S+(?: \\S+)?)?(?: of (?:niet|is dat een grap(?:je)?))?$`)],
  ['status', new RegExp(`^(?:en |maar |dus )?is ${SUBJECT}(?: (?:nou|nu|echt|dan))? (?:afgelast|geannuleerd|afgezegd|uitgesteld|verplaatst|gecanceld|gecanceled)$`)],
  ['status', new RegExp(`^(?:en |maar |dus )?is ${SUBJECT} nog (?:steeds|altijd)(?: (?:op|om) \\S+(?: \\S+)?| gewoon| gepland)?$`)],
  ['status', new RegExp(`^(?:so )?is ${SUBJECT_EN} still (?:on|happening|going ahead|planned)(?: (?:tomorrow|today|(?:for|on|at) \\S+(?: \\S+)?))?$`)],
  ['status', new RegExp(`^(?:so )?(?:is|was) ${SUBJECT_EN} (?:cancelled|canceled|postponed|called off|off|moved)$`)],
  // "kan ik mijn aanmelding nog wijzigen": the words name the answer to a session; "mijn antwoord" alone may be the pulse's.
  ['change', /^(?:kan|mag) ik (?:mijn|m'n|mn) (?:aanmelding|afmelding)(?: nog)?(?: (?:wel|steeds|even))? (?:veranderen|wijzigen|aanpassen|intrekken|terugdraaien)$/],
  ['change', /^(?:so )?(?:can|could|may) i (?:still )?(?:change|update|undo) my (?:rsvp|attendance)$/],
];

/**
 * A sentence that asks to change an answer ("kan ik mijn antwoord nog veranderen?") may be about the pulse as well:
 * it counts only after a sentence that says whether the person comes ("Actually I can come after all. Can I still
 * change my answer?").
 */
const FOLLOW_UPS: readonly RegExp[] = [
  /^(?:kan|mag) ik (?:mijn|m'n|mn) (?:antwoord|keuze)(?: nog)?(?: (?:wel|steeds|even))? (?:veranderen|wijzigen|aanpassen|omzetten)$/,
  /^(?:so |and )?(?:can|could|may) i (?:still )?(?:change|update|undo|switch) my (?:answer|reply|response|rsvp)$/,
];

/** Words that open a message and say nothing themselves ("Sorry. Ik kan niet."). */
const OPENERS = new Set(['sorry', 'hoi', 'hi', 'hey', 'hallo', 'hello', 'ok', 'oke', 'okay', 'oh', 'actually', 'nou', 'helaas']);

/** Words of chat that change nothing a sentence asks ("ja hoor ik kom", "koekjes ofzo haha"): left out before reading it. */
const FILLERS = /\b(?:ha(?:ha)+|hihi|lol|hoor|ofzo|joh|sorry|goeiemorgen|goedemorgen|goedemiddag|hoi|hallo)\b/g;

/**
 * A sentence beside a session question that asks nothing the handbook answers: practical things of the day itself
 * (bring, coffee, parking, the way there), confusion, thanks. The card answers the session part; the leads the rest.
 */
const LOGISTICS = /\b(?:meenemen|meebrengen|koffie|thee|koekjes|taart|lunch|eten|drinken|parkeren|parkeergelegenheid|parkeerplaats|route|bereikbaar|rolstoel|lift|bring|coffee|tea|parking)\b/;
const SMALL_TALK: readonly RegExp[] = [
  LOGISTICS,
  /^(?:ik|i) (?:snap|begrijp|understand|get) (?:het|er|it)? ?(?:niet|niets|niks|not)(?: meer| van| anymore)*$/,
  /^(?:of )?(?:is|was) (?:dat|het) een grap(?:je)?$/,
  /^(?:dank ?je|dank u|bedankt|thanks|thank you|top|fijn|super|prima|mooi|groetjes)(?: \S+){0,3}$/,
  /\bkalender\b|\bagenda staan\b/,
  // Introducing oneself ("hallo, ik ben Mies.") asks nothing; a name of up to three words.
  /^(?:ik ben|ik heet|mijn naam is|hier is|i'm|i am|my name is|this is) \S+(?: \S+){0,2}$/,
];

/** A sentence that asks something (rather than tells): a question word or verb first, or a question mark after it. */
const QUESTION_START = /^(?:en |maar |of |dus |so |and )?(?:hoe|wat|waarom|wie|welke|welk|wanneer|waar|kan|kun|kunnen|moet|moeten|mag|is|zijn|heb|hebben|gaat|zal|zou|how|what|why|who|which|when|where|can|could|should|do|does|is|are)\b/;

/** The questions that ask about the session's facts: beside them, a chatty message may tell about the person. */
const FACT_QUESTIONS: ReadonlySet<SessionQuestion> = new Set(['when', 'where', 'status']);

/** An answer (or asking to change one): never lost in a longer message, so it is the one the card answers. */
const ANSWERS: ReadonlySet<SessionQuestion> = new Set(['absent', 'present', 'change']);

/** The text as the patterns read it: lower case, accents off, punctuation at the ends and doubled spaces gone. */
function normalised(text: string, max = MAX_CHARS): string {
  return text
    .slice(0, max + 1)
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[’‘]/g, "'")
    .replace(/[?!.…]+/g, ' ')
    // Chat shorthand: "wnr is de bijeenkomst".
    .replace(/\bwnr\b/g, 'wanneer')
    .replace(/\s+/g, ' ')
    .trim();
}

/** What a message asks about the person's next session; `aside` when it also asks something practical the card does not answer. */
export interface SessionMessage {
  asked: SessionQuestion;
  /** "moet ik nog wat meenemen?", "is er koffie", "is er parkeergelegenheid": the leads know, the bot does not. */
  aside: boolean;
}

/** What the message asks about the person's next session, or undefined when it is not such a question. */
export function sessionQuestionOf(text: string): SessionQuestion | undefined {
  return sessionMessageOf(text)?.asked;
}

export function sessionMessageOf(text: string): SessionMessage | undefined {
  if (text.length > MAX_CHATTY_CHARS) return undefined;
  const whole = text.length <= MAX_CHARS ? askedIn(normalised(text)) : undefined;
  return whole !== undefined ? { asked: whole, aside: false } : askedInSentences(text);
}

function askedIn(plain: string): SessionQuestion | undefined {
  return PATTERNS.find(([, pattern]) => pattern.test(plain))?.[0];
}

interface Clause {
  plain: string;
  /** Ended by a question mark, or opened by a question word. */
  asks: boolean;
}

/**
 * The message's sentences and clauses: split at sentence ends and commas, and at "en" before a new question
 * ("wanneer is die eerste bijeenkomst eigenlijk en waar moet ik zijn"). Chat fillers are left out.
 */
function clausesOf(text: string): Clause[] {
  const parts = text.match(/[^?!.…,;]+[?!.…,;]*/g) ?? [];
  const clauses: Clause[] = [];
  for (const part of parts) {
    const mark = part.includes('?');
    const pieces = normalised(part, MAX_CHATTY_CHARS).replace(/,/g, ' ').split(/ en (?=(?:waar|wanneer|hoe laat|is er|moet ik|wat)\b)/);
    for (const piece of pieces) {
      const plain = piece.replace(FILLERS, ' ').replace(/\s+/g, ' ').trim();
      if (plain === '' || OPENERS.has(plain)) continue;
      clauses.push({ plain, asks: mark || QUESTION_START.test(plain) });
    }
  }
  return clauses;
}

/**
 * A message of several sentences asks about the session when its session part is clear and the rest adds nothing
 * the handbook answers: every other sentence asks about the session too, follows up on it ("kan ik mijn antwoord nog
 * veranderen?"), or is small talk or the day's logistics ("moet ik nog wat meenemen? koekjes ofzo"). Beside a
 * question about when, where or whether, a sentence may also just tell ("ik ben mies en ik doe mee namens de
 * zonnebloem"). "Ik kan niet. Hoe krijg ik de gemeente mee?" stays the handbook's. An answer (ik kom, ik kan niet)
 * goes first, so the card offers its buttons; else the first question.
 */
function askedInSentences(text: string): SessionMessage | undefined {
  const clauses = clausesOf(text);
  const asked = clauses.map((clause) => askedIn(clause.plain));
  const found = asked.filter((question) => question !== undefined);
  if (found.length === 0) return undefined;
  const tells = found.some((question) => FACT_QUESTIONS.has(question));
  const rest = clauses.every(
    (clause, i) =>
      asked[i] !== undefined ||
      FOLLOW_UPS.some((pattern) => pattern.test(clause.plain)) ||
      SMALL_TALK.some((pattern) => pattern.test(clause.plain)) ||
      (tells && !clause.asks),
  );
  if (!rest) return undefined;
  const aside = clauses.some((clause, i) => asked[i] === undefined && LOGISTICS.test(clause.plain));
  return { asked: found.find((question) => ANSWERS.has(question)) ?? found[0]!, aside };
}
