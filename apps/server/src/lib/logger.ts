import pino, { type Logger } from 'pino';

/** Structured JSON logs; secrets are redacted wherever they could appear. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'kameng' },
      redact: {
        paths: [
          'req.headers.cookie',
          'req.headers.authorization',
          'req.headers["x-csrf-token"]',
          'res.headers["set-cookie"]',
          '*.password',
          '*.newPassword',
          '*.currentPassword',
          '*.secret',
          '*.token',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
