// The value flags of `liso teams:package`, apart from the command so the CLI parses them without loading it.
export const TEAMS_PACKAGE_FLAGS = ['out', 'website', 'privacy', 'terms', 'developer'];
