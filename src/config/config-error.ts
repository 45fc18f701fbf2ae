// A configuration the bot cannot start with; its own file, so the CLI can recognise it without loading the schema (zod, luxon).
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    detail: string,
  ) {
    super(`Ongeldige configuratie / invalid configuration: ${variable}: ${detail}`);
    this.name = 'ConfigError';
  }
}
