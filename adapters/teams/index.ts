// The Teams adapter: the Teams SDK to the core's ports; nothing Teams leaks into src/.
export { startTeams, TeamsStartError, MESSAGING_ENDPOINT } from './start-teams.ts';
export type { StartTeamsOptions, TeamsRuntime } from './start-teams.ts';
export { TeamsAdapter, TEAMS_PLATFORM } from './teams-adapter.ts';
export { renderMessage, renderFormCard } from './card-renderer.ts';
export { teamsLimits } from './teams-limits.ts';
