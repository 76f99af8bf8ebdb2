// Field names whose values never reach a log line, at the top level or one level down. The
// runtime and the provisioners never log secrets on purpose; this catches an accident.
const SECRET_FIELDS = [
  'token',
  'password',
  'rootPassword',
  'root_password',
  'secret',
  'secretKey',
  'tokenSecret',
  'apiKey',
  'authorization',
];

/** pino `redact` paths for {@link SECRET_FIELDS}. */
export const REDACT_PATHS: readonly string[] = SECRET_FIELDS.flatMap((field) => [
  field,
  `*.${field}`,
]);
