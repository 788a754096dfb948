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
