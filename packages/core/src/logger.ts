/** Where the system reports what it cannot throw: failures, slow stops, strategy errors. */
export interface Logger {
  debug?(message: string, ...details: unknown[]): void;
  info?(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
}

/** Writes warnings and errors to the console (stderr). The default. */
export const consoleLogger: Logger = {
  warn: (message, ...details) => console.warn(`[troupe] ${message}`, ...details),
  error: (message, ...details) => console.error(`[troupe] ${message}`, ...details),
};

/** Says nothing. Handy in tests that fail actors on purpose. */
export const silentLogger: Logger = {
  warn: () => undefined,
  error: () => undefined,
};

type Level = 'debug' | 'info' | 'warn' | 'error';

/**
 * A logger that never throws: what the given one throws is shown on the console with the report
 * it was making, so that a broken logger cannot take the runtime down or hide a failure.
 */
export function guardLogger(logger: Logger): Logger {
  const guard = (level: Level): ((message: string, ...details: unknown[]) => void) | undefined => {
    if (typeof logger[level] !== 'function') return level === 'warn' || level === 'error' ? () => undefined : undefined;
    return (message, ...details) => {
      try {
        logger[level]!(message, ...details);
      } catch (error) {
        console.error(`[troupe] the logger's ${level}() threw while reporting: ${message}`, ...details, error);
      }
    };
  };
  return { debug: guard('debug'), info: guard('info'), warn: guard('warn')!, error: guard('error')! };
}
