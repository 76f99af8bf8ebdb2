import pino, { type Logger } from 'pino';
import type { Config } from './config';

/**
 * JSON-lines logs (pino). Fields that could carry credentials are redacted wherever they
 * appear, as a second line of defence behind handlers that never log them.
 */
export function createLogger(
  config: Pick<Config, 'DC_LOG_LEVEL'>,
  destination?: pino.DestinationStream,
): Logger {
  return pino(
    {
      level: config.DC_LOG_LEVEL,
      base: { service: 'dc-api' },
      redact: {
        paths: [
          '*.authorization',
          '*.token',
          '*.password',
          '*.secret',
          '*.code',
          '*["x-dc-signature"]',
          'err.config.headers',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
