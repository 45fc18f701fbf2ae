// One zod schema for every environment variable; errors name the variable to fix.
import { z } from 'zod';
import { IANAZone } from 'luxon';
import { ConfigError } from './config-error.ts';

const optionalSecret = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'ja', 'nee'], 'true of false / true or false')
  .default('false')
  .transform((value) => ['true', '1', 'yes', 'ja'].includes(value));

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const timeZone = z.string().refine((zone) => IANAZone.isValidZone(zone), 'geen geldige IANA-tijdzone / not a valid IANA time zone');

export const envSchema = z.object({
  LISO_STORE: z
    .string()
    .regex(/^(sqlite:\/\/.+|redis:\/\/.+|rediss:\/\/.+|memory:\/\/)$/, 'gebruik sqlite://<pad>, redis://host:poort of memory://')
    .default('sqlite://./var/liso.sqlite'),
  // Several bots (or a test run) on one Redis database each keep their keys under their own prefix.
  LISO_REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9:_.-]{1,64}$/, 'letters, cijfers en : _ . - / letters, digits and : _ . -').default('liso:'),
  LISO_LANG: z.enum(['nl', 'en']).default('nl'),
  LISO_TIMEZONE: timeZone.default('Europe/Amsterdam'),
  LISO_ADAPTER: z.enum(['auto', 'console', 'slack', 'discord', 'teams']).default('auto'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SLACK_BOT_TOKEN: optionalSecret,
  SLACK_APP_TOKEN: optionalSecret,
  SLACK_SIGNING_SECRET: optionalSecret,
  SLACK_API_URL: z.url().optional(),
  LISO_SLACK_POSTS_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).optional(),
  PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
  DISCORD_TOKEN: optionalSecret,
  DISCORD_APPLICATION_ID: z.string().regex(/^\d{5,25}$/, 'een numeriek applicatie-id / a numeric application id').optional(),
  DISCORD_API_URL: z.url().optional(),
  DISCORD_GUILD_ID: z.string().regex(/^\d{5,25}$/).optional(),
  TEAMS_CLIENT_ID: z.string().trim().regex(GUID, 'een GUID (Microsoft App ID) / a GUID (Microsoft App ID)').optional(),
  TEAMS_CLIENT_SECRET: optionalSecret,
  TEAMS_TENANT_ID: z.string().trim().regex(GUID, 'een GUID (Directory/tenant ID) / a GUID (directory/tenant ID)').optional(),
  TEAMS_PORT: z.coerce.number().int().min(1).max(65_535).optional(),
  TEAMS_TOKEN_URL: z.url().optional(),
  TEAMS_OPENID_METADATA_URL: z
    .url()
    .refine((url) => url.endsWith('/openidconfiguration'), 'moet eindigen op /openidconfiguration / must end in /openidconfiguration')
    .optional(),
  TEAMS_SERVICE_URL: z.url().optional(),
  LISO_PULSE_DAYS: z.coerce.number().int().min(2).max(30).default(7),
  LISO_PULSE_REMINDER_DAY: z.coerce.number().int().min(1).max(29).default(4),
  // The anonymity floors of the pulse (3 and 5): configuration may raise them, never lower them.
  LISO_PULSE_MIN_RESPONDENTS: z.coerce.number().int().min(3, 'minimaal 3 / at least 3 (anonimiteit / anonymity)').max(50).default(3),
  LISO_PULSE_MIN_OPEN_ANSWERS: z.coerce.number().int().min(5, 'minimaal 5 / at least 5 (anonimiteit / anonymity)').max(50).default(5),
  LISO_PULSE_RETENTION_MONTHS: z.coerce.number().int().min(1).max(120).default(24),
  // A closed network's data is kept this long, so a close by mistake can be undone (`/liso netwerk heropenen`);
  // less than a week is no time to notice a mistake, more than a year is no data minimisation.
  LISO_NETWORK_RETENTION_DAYS: z.coerce.number().int().min(7, 'minimaal 7 / at least 7').max(365).default(30),
  LISO_NUDGE_TIME: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'een tijd als 09:00 / a time such as 09:00').default('09:00'),
  LISO_HOLIDAY_GOOD_FRIDAY: flag,
  LISO_HOLIDAY_LIBERATION_DAY: flag,
  LISO_SHUTDOWN_SECONDS: z.coerce.number().int().min(1).max(300).default(20),
  // Above an adapter's request timeout (10 s), so a slow send is never taken over while it runs.
  LISO_DELIVERY_LEASE_SECONDS: z.coerce.number().int().min(15).max(3_600).default(120),
  // Per person, for every command, press, form and message; 0 switches the limit off.
  LISO_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(10_000).default(20),
  LISO_RATE_LIMIT_BURST: z.coerce.number().int().min(1).max(10_000).default(10),
});

export type Env = z.output<typeof envSchema>;

export interface Config {
  store: string;
  /** Key prefix on Redis (LISO_REDIS_PREFIX). */
  redisPrefix: string;
  defaultLang: 'nl' | 'en';
  defaultTimeZone: string;
  adapter: Env['LISO_ADAPTER'];
  logLevel: Env['LOG_LEVEL'];
  /** When preparation nudges fall due, and which optional holidays count as days off. */
  nudges: { time: string; goodFriday: boolean; liberationDay: boolean };
  /** `postsPerMinute`: Slack's unpublished workspace-wide chat.postMessage limit, as assumed here (adapters/slack/slack-rate-policy.ts). */
  slack?: { botToken: string; appToken?: string; signingSecret?: string; apiUrl?: string; port: number; postsPerMinute?: number };
  discord?: { token: string; applicationId: string; apiUrl?: string; guildId?: string };
  teams?: TeamsConfig;
  pulse: { days: number; reminderDay: number; minRespondents: number; minOpenAnswers: number; retentionMonths: number };
  /** Days a closed network's data is kept before it is deleted (LISO_NETWORK_RETENTION_DAYS). */
  networkRetentionDays: number;
  /** On SIGTERM/SIGINT, how long sends in flight may take to finish before the store closes. */
  shutdownMs: number;
  /** How long a send holds its key: after a crash, its message goes out again once this has run out. */
  deliveryLeaseMs: number;
  /** Inbound events per person (`liso start`; the console has one person and no limit); absent when off. */
  rateLimit?: { perMinute: number; burst: number };
}

/** Microsoft Teams: the Azure bot registration (single-tenant) and the endpoints tests or sovereign clouds replace. */
export interface TeamsConfig {
  clientId: string;
  clientSecret: string;
  tenantId: string;
  port: number;
  /** OAuth 2.0 client-credentials endpoint; default https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token. */
  tokenUrl: string;
  /** Bot Framework OpenID metadata; its signing keys are at the same path ending in /keys. */
  openIdMetadataUrl: string;
  /** Bot Connector base URL for a conversation the bot has not seen yet (replies use the activity's). */
  serviceUrl: string;
}

export { ConfigError };

/** Reads configuration from an injected environment (never process.env directly). */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new ConfigError(String(issue.path[0] ?? '?'), issue.message);
  }
  const e = result.data;
  const config: Config = {
    store: e.LISO_STORE,
    redisPrefix: e.LISO_REDIS_PREFIX,
    defaultLang: e.LISO_LANG,
    defaultTimeZone: e.LISO_TIMEZONE,
    adapter: e.LISO_ADAPTER,
    logLevel: e.LOG_LEVEL,
    pulse: {
      days: e.LISO_PULSE_DAYS,
      reminderDay: e.LISO_PULSE_REMINDER_DAY,
      minRespondents: e.LISO_PULSE_MIN_RESPONDENTS,
      minOpenAnswers: e.LISO_PULSE_MIN_OPEN_ANSWERS,
      retentionMonths: e.LISO_PULSE_RETENTION_MONTHS,
    },
    networkRetentionDays: e.LISO_NETWORK_RETENTION_DAYS,
    nudges: { time: e.LISO_NUDGE_TIME, goodFriday: e.LISO_HOLIDAY_GOOD_FRIDAY, liberationDay: e.LISO_HOLIDAY_LIBERATION_DAY },
    shutdownMs: e.LISO_SHUTDOWN_SECONDS * 1000,
    deliveryLeaseMs: e.LISO_DELIVERY_LEASE_SECONDS * 1000,
  };
  if (e.LISO_RATE_LIMIT_PER_MINUTE > 0) config.rateLimit = { perMinute: e.LISO_RATE_LIMIT_PER_MINUTE, burst: e.LISO_RATE_LIMIT_BURST };
  if (e.LISO_PULSE_REMINDER_DAY >= e.LISO_PULSE_DAYS) {
    throw new ConfigError('LISO_PULSE_REMINDER_DAY', `moet kleiner zijn dan LISO_PULSE_DAYS (${e.LISO_PULSE_DAYS}) / must be below LISO_PULSE_DAYS`);
  }
  if (e.SLACK_BOT_TOKEN) {
    config.slack = {
      botToken: e.SLACK_BOT_TOKEN,
      port: e.PORT,
      ...(e.SLACK_APP_TOKEN ? { appToken: e.SLACK_APP_TOKEN } : {}),
      ...(e.SLACK_SIGNING_SECRET ? { signingSecret: e.SLACK_SIGNING_SECRET } : {}),
      ...(e.SLACK_API_URL ? { apiUrl: e.SLACK_API_URL } : {}),
      ...(e.LISO_SLACK_POSTS_PER_MINUTE ? { postsPerMinute: e.LISO_SLACK_POSTS_PER_MINUTE } : {}),
    };
  }
  if (e.DISCORD_TOKEN) {
    if (!e.DISCORD_APPLICATION_ID) throw new ConfigError('DISCORD_APPLICATION_ID', 'nodig naast DISCORD_TOKEN / required with DISCORD_TOKEN');
    config.discord = {
      token: e.DISCORD_TOKEN,
      applicationId: e.DISCORD_APPLICATION_ID,
      ...(e.DISCORD_API_URL ? { apiUrl: e.DISCORD_API_URL } : {}),
      ...(e.DISCORD_GUILD_ID ? { guildId: e.DISCORD_GUILD_ID } : {}),
    };
  }
  if (e.TEAMS_CLIENT_ID || e.TEAMS_CLIENT_SECRET) config.teams = teamsConfig(e, config.slack);
  return config;
}

function teamsConfig(e: Env, slack: Config['slack']): TeamsConfig {
  if (!e.TEAMS_CLIENT_ID) throw new ConfigError('TEAMS_CLIENT_ID', 'nodig naast TEAMS_CLIENT_SECRET / required with TEAMS_CLIENT_SECRET');
  if (!e.TEAMS_CLIENT_SECRET) throw new ConfigError('TEAMS_CLIENT_SECRET', 'nodig naast TEAMS_CLIENT_ID / required with TEAMS_CLIENT_ID');
  if (!e.TEAMS_TENANT_ID) throw new ConfigError('TEAMS_TENANT_ID', 'nodig: de bot is single-tenant / required: the bot is single-tenant');
  const port = e.TEAMS_PORT ?? e.PORT;
  // Slack's HTTP mode listens on PORT too; two servers cannot share one port.
  if (slack && !slack.appToken && slack.port === port) {
    throw new ConfigError('TEAMS_PORT', `Slack (HTTP-modus) gebruikt poort ${port} al; kies een andere / Slack (HTTP mode) already uses port ${port}; pick another`);
  }
  return {
    clientId: e.TEAMS_CLIENT_ID,
    clientSecret: e.TEAMS_CLIENT_SECRET,
    tenantId: e.TEAMS_TENANT_ID,
    port,
    tokenUrl: e.TEAMS_TOKEN_URL ?? `https://login.microsoftonline.com/${e.TEAMS_TENANT_ID}/oauth2/v2.0/token`,
    openIdMetadataUrl: e.TEAMS_OPENID_METADATA_URL ?? 'https://login.botframework.com/v1/.well-known/openidconfiguration',
    serviceUrl: e.TEAMS_SERVICE_URL ?? 'https://smba.trafficmanager.net/teams/',
  };
}

/** Every variable with its default and meaning, for `liso help` and the README. */
export const envDocs: Array<{ name: keyof Env; default: string; about: string }> = [
  { name: 'LISO_STORE', default: 'sqlite://./var/liso.sqlite', about: 'storage: sqlite://<path>, redis://host:port or memory://' },
  { name: 'LISO_REDIS_PREFIX', default: 'liso:', about: 'prefix of every key on Redis (several bots on one database)' },
  { name: 'LISO_LANG', default: 'nl', about: 'default language for people who did not choose one' },
  { name: 'LISO_TIMEZONE', default: 'Europe/Amsterdam', about: 'default IANA time zone for new networks and sessions' },
  { name: 'LISO_ADAPTER', default: 'auto', about: 'auto (tokens decide), console, slack, discord or teams' },
  { name: 'LOG_LEVEL', default: 'info', about: 'pino log level' },
  { name: 'SLACK_BOT_TOKEN', default: '(unset)', about: 'xoxb- token; set it to run the Slack adapter' },
  { name: 'SLACK_APP_TOKEN', default: '(unset)', about: 'xapp- token; Socket Mode when set' },
  { name: 'SLACK_SIGNING_SECRET', default: '(unset)', about: 'HTTP mode request signing secret' },
  { name: 'SLACK_API_URL', default: 'https://slack.com/api/', about: 'Slack Web API base URL' },
  { name: 'LISO_SLACK_POSTS_PER_MINUTE', default: '600', about: "messages the bot posts per minute in a Slack workspace (Slack's workspace-wide limit is unpublished)" },
  { name: 'PORT', default: '3000', about: 'HTTP port (Slack HTTP mode, Teams, health check)' },
  { name: 'DISCORD_TOKEN', default: '(unset)', about: 'bot token; set it to run the Discord adapter' },
  { name: 'DISCORD_APPLICATION_ID', default: '(unset)', about: 'application id, required with DISCORD_TOKEN' },
  { name: 'DISCORD_API_URL', default: 'https://discord.com/api', about: 'Discord REST base URL' },
  { name: 'DISCORD_GUILD_ID', default: '(unset)', about: 'register /liso for this guild only' },
  { name: 'TEAMS_CLIENT_ID', default: '(unset)', about: 'Microsoft App ID of the Azure bot; set it to run the Teams adapter' },
  { name: 'TEAMS_CLIENT_SECRET', default: '(unset)', about: 'client secret of that app registration (never logged)' },
  { name: 'TEAMS_TENANT_ID', default: '(unset)', about: 'your Microsoft 365 tenant (single-tenant bot); activities of other tenants are refused' },
  { name: 'TEAMS_PORT', default: 'PORT', about: 'HTTP port of the Teams endpoint /api/messages' },
  { name: 'TEAMS_TOKEN_URL', default: 'https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token', about: 'client-credentials token endpoint (sovereign clouds, tests)' },
  { name: 'TEAMS_OPENID_METADATA_URL', default: 'https://login.botframework.com/v1/.well-known/openidconfiguration', about: 'Bot Framework OpenID metadata for validating incoming requests' },
  { name: 'TEAMS_SERVICE_URL', default: 'https://smba.trafficmanager.net/teams/', about: 'Bot Connector URL for a first message to someone the bot has not heard from' },
  { name: 'LISO_PULSE_DAYS', default: '7', about: 'days a pulse check stays open (2-30)' },
  { name: 'LISO_PULSE_REMINDER_DAY', default: '4', about: 'day of the one reminder, to every invitee, at LISO_NUDGE_TIME on a working day (below LISO_PULSE_DAYS)' },
  { name: 'LISO_PULSE_MIN_RESPONDENTS', default: '3', about: 'answers needed before a statement\'s scores are shown (3 or more)' },
  { name: 'LISO_PULSE_MIN_OPEN_ANSWERS', default: '5', about: 'open answers needed before they are shown (5 or more)' },
  { name: 'LISO_PULSE_RETENTION_MONTHS', default: '24', about: 'months closed pulse results are kept before deletion' },
  { name: 'LISO_NETWORK_RETENTION_DAYS', default: '30', about: 'days a closed network is kept (and can be reopened) before all its data is deleted (7-365)' },
  { name: 'LISO_NUDGE_TIME', default: '09:00', about: "wall-clock time (network's zone) at which preparation tasks fall due" },
  { name: 'LISO_HOLIDAY_GOOD_FRIDAY', default: 'false', about: 'treat Goede Vrijdag as a holiday (nudges move to the day before)' },
  { name: 'LISO_HOLIDAY_LIBERATION_DAY', default: 'false', about: 'treat Bevrijdingsdag (5 May) as a holiday' },
  { name: 'LISO_DELIVERY_LEASE_SECONDS', default: '120', about: 'how long a send holds its message (15-3600): after a crash it is sent again once this has run out' },
  { name: 'LISO_SHUTDOWN_SECONDS', default: '20', about: 'on SIGTERM/SIGINT, seconds sends in flight may take to finish (1-300); keep Docker\'s stop timeout above it' },
  { name: 'LISO_RATE_LIMIT_PER_MINUTE', default: '20', about: 'commands, presses and messages per person per minute (liso start); 0 switches the limit off' },
  { name: 'LISO_RATE_LIMIT_BURST', default: '10', about: 'how many of them a person may send at once' },
];
