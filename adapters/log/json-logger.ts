/**
 * Structured logs: one JSON object per line on stdout, which CloudWatch Logs (and `jq` locally) read
 * as fields. Never pass secrets in `fields`.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type Logger = {
  log(level: LogLevel, message: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
};

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export const createLogger = (
  base: Record<string, unknown> = {},
  options: { readonly level?: LogLevel; readonly write?: (line: string) => void } = {},
): Logger => {
  const threshold = ORDER[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  return {
    log(level, message, fields) {
      if (ORDER[level] < threshold) return;
      write(JSON.stringify({ time: new Date().toISOString(), level, message, ...base, ...fields }));
    },
    child(fields) {
      return createLogger({ ...base, ...fields }, { ...options, write });
    },
  };
};

const envLevel = (process.env.LOG_LEVEL ?? '').toLowerCase();
export const rootLogger = createLogger(
  { service: 'atrium' },
  { level: envLevel in ORDER ? (envLevel as LogLevel) : process.env.VITEST ? 'warn' : 'info' },
);

export const errorFields = (error: unknown): Record<string, unknown> =>
  error instanceof Error ? { error: error.message, errorName: error.name, stack: error.stack } : { error: String(error) };
