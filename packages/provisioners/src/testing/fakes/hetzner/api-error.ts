import { type FakeResponse, json } from '../../fake-server';

/** HTTP status of each Hetzner error code (Hetzner Cloud API reference, "Errors"). */
export const HETZNER_ERROR_STATUS: Readonly<Record<string, number>> = {
  invalid_input: 400,
  json_error: 400,
  unauthorized: 401,
  forbidden: 403,
  resource_limit_exceeded: 403,
  not_found: 404,
  conflict: 409,
  uniqueness_error: 409,
  resource_unavailable: 412,
  placement_error: 412,
  locked: 423,
  protected: 423,
  rate_limit_exceeded: 429,
  server_error: 500,
  unavailable: 503,
  service_error: 503,
  maintenance: 503,
  timeout: 504,
};

/**
 * An error answer in Hetzner's shape, thrown from deep inside a handler and turned into the
 * response by the fake's request wrapper.
 */
export class FakeHetznerError extends Error {
  readonly code: string;
  readonly details: unknown;

  constructor(code: string, message: string, details: unknown = null) {
    super(message);
    this.code = code;
    this.details = details;
  }

  /** `{ "error": { code, message, details } }` with the code's status. */
  toResponse(headers: Record<string, string> = {}): FakeResponse {
    return json(
      HETZNER_ERROR_STATUS[this.code] ?? 500,
      { error: { code: this.code, message: this.message, details: this.details } },
      headers,
    );
  }
}

/** `invalid_input` naming the refused fields, as Hetzner does. */
export function invalidInput(message: string, fields: Record<string, string>): FakeHetznerError {
  return new FakeHetznerError('invalid_input', message, {
    fields: Object.entries(fields).map(([name, why]) => ({ name, messages: [why] })),
  });
}
