import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

// Secrets never belong in logs; these paths are blanked wherever they appear.
const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'client_secret',
  '*.client_secret',
  'access_token',
  '*.access_token',
  'password',
];

export function createLogger(options: {
  level: string;
  name?: string;
  /** Defaults to stdout. */
  destination?: DestinationStream;
}): Logger {
  const settings = {
    level: options.level,
    name: options.name ?? 'agent-analytics',
    redact: { paths: redactPaths, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}
