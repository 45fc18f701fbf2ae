// The wins feature's public surface.
export { createWinsFeature } from './wins-feature.ts';
export type { WinsFeatureDeps } from './wins-feature.ts';
export type { JourneySources, UnansweredQuestion } from './journey-report.ts';
export { SINCE_ACTION, CHEER_ACTION } from './celebration-message.ts';
