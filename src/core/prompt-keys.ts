// The prompt keys the code may use: the union of every Dutch prompt file, checked by tsc.
// A feature with its own prompts/<lang>/<area>.json adds its Dutch file here.
import type core from '../../prompts/nl/core.json';
import type nudges from '../../prompts/nl/nudges.json';
import type advice from '../../prompts/nl/advice.json';
import type pulse from '../../prompts/nl/pulse.json';
import type privacy from '../../prompts/nl/privacy.json';
import type wins from '../../prompts/nl/wins.json';
import type discord from '../../prompts/nl/discord.json';
import type teams from '../../prompts/nl/teams.json';
import type conversation from '../../prompts/nl/conversation.json';
import type sessions from '../../prompts/nl/sessions.json';

export type PromptKey = keyof (typeof core & typeof advice & typeof pulse & typeof privacy & typeof wins & typeof discord & typeof teams & typeof nudges & typeof conversation & typeof sessions) & string;
