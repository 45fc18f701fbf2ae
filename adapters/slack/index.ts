// The Slack adapter's public surface.
export { startSlack, SlackStartError } from './start-slack.ts';
export type { RunningSlack, StartSlackOptions } from './start-slack.ts';
export { SlackAdapter } from './slack-adapter.ts';
export { renderMessage, LIMITS } from './block-kit-renderer.ts';
export { selectSlackMode } from './slack-app.ts';
export type { SlackConfig, SlackMode } from './slack-app.ts';
