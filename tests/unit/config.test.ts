// Configuration from the environment, and secrets kept out of logs.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/schema.ts';
import { createLogger } from '../../src/core/logger.ts';

describe('loadConfig', () => {
  it('has working defaults for an empty environment', () => {
    expect(loadConfig({})).toEqual({
      store: 'sqlite://./var/liso.sqlite',
      redisPrefix: 'liso:',
      defaultLang: 'nl',
      defaultTimeZone: 'Europe/Amsterdam',
      adapter: 'auto',
      logLevel: 'info',
      pulse: { days: 7, reminderDay: 4, minRespondents: 3, minOpenAnswers: 5, retentionMonths: 24 },
      networkRetentionDays: 30,
      nudges: { time: '09:00', goodFriday: false, liberationDay: false },
      shutdownMs: 20_000,
      deliveryLeaseMs: 120_000,
      rateLimit: { perMinute: 20, burst: 10 },
    });
  });

  it('reads the per-person rate limit, and 0 switches it off', () => {
    expect(loadConfig({ LISO_RATE_LIMIT_PER_MINUTE: '60', LISO_RATE_LIMIT_BURST: '5' }).rateLimit).toEqual({ perMinute: 60, burst: 5 });
    expect(loadConfig({ LISO_RATE_LIMIT_PER_MINUTE: '0' }).rateLimit).toBeUndefined();
    expect(() => loadConfig({ LISO_RATE_LIMIT_BURST: '0' })).toThrow(/LISO_RATE_LIMIT_BURST/);
  });

  it('reads how long a closed network is kept: a week to a year', () => {
    expect(loadConfig({ LISO_NETWORK_RETENTION_DAYS: '90' }).networkRetentionDays).toBe(90);
    expect(() => loadConfig({ LISO_NETWORK_RETENTION_DAYS: '6' })).toThrow(/LISO_NETWORK_RETENTION_DAYS/);
    expect(() => loadConfig({ LISO_NETWORK_RETENTION_DAYS: '366' })).toThrow(/LISO_NETWORK_RETENTION_DAYS/);
  });

  it('reads the nudge time and optional holidays', () => {
    expect(loadConfig({ LISO_NUDGE_TIME: '08:30', LISO_HOLIDAY_GOOD_FRIDAY: 'true', LISO_HOLIDAY_LIBERATION_DAY: 'ja' }).nudges).toEqual({
      time: '08:30',
      goodFriday: true,
      liberationDay: true,
    });
  });

  it.each([
    [{ LISO_STORE: 'mysql://x' }, 'LISO_STORE'],
    [{ LISO_LANG: 'de' }, 'LISO_LANG'],
    [{ LISO_DELIVERY_LEASE_SECONDS: '5' }, 'LISO_DELIVERY_LEASE_SECONDS'],
    [{ LISO_REDIS_PREFIX: 'met spatie' }, 'LISO_REDIS_PREFIX'],
    [{ LISO_TIMEZONE: 'Europe/Amsterdamm' }, 'LISO_TIMEZONE'],
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ DISCORD_TOKEN: 'abc' }, 'DISCORD_APPLICATION_ID'],
    [{ SLACK_API_URL: 'not a url' }, 'SLACK_API_URL'],
    [{ LISO_NUDGE_TIME: '9 uur' }, 'LISO_NUDGE_TIME'],
    [{ LISO_NUDGE_TIME: '24:00' }, 'LISO_NUDGE_TIME'],
    [{ LISO_HOLIDAY_GOOD_FRIDAY: 'misschien' }, 'LISO_HOLIDAY_GOOD_FRIDAY'],
  ])('names the variable to fix: %j', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    try {
      loadConfig(env);
    } catch (error) {
      expect((error as ConfigError).variable).toBe(variable);
      expect((error as Error).message).toContain(variable);
    }
  });

  it('treats empty token variables as unset', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: '', DISCORD_TOKEN: ' ' }).slack).toBeUndefined();
  });

  it('collects platform settings when tokens are set', () => {
    const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: '123456789' });
    expect(config.slack).toMatchObject({ botToken: 'xoxb-1', appToken: 'xapp-1', port: 3000 });
    expect(config.discord).toMatchObject({ token: 't', applicationId: '123456789' });
  });
});

describe('logger', () => {
  it('redacts secrets wherever they appear in a log line', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const log = createLogger('info', sink);
    const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-secret-1', SLACK_SIGNING_SECRET: 'sig-secret-2', DISCORD_TOKEN: 'disc-secret-3', DISCORD_APPLICATION_ID: '123456', LISO_STORE: 'redis://:pw-secret-4@127.0.0.1:6379' });
    log.info({ config }, 'config');
    log.child({ adapter: 'slack' }).info({ token: 'xoxb-secret-5', headers: { authorization: 'Bearer secret-6' } }, 'call');
    const output = lines.join('');
    for (const secret of ['secret-1', 'secret-2', 'secret-3', 'secret-4', 'secret-5', 'secret-6']) expect(output).not.toContain(secret);
    expect(output).toContain('[redacted]');
  });
});
