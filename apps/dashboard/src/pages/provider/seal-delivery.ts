import {
  type Client,
  CredentialPurpose,
  completeManually,
  getRenterKeys,
  InstanceReport,
} from '@dc/client';
import { seal } from '@dc/crypto';
import { type FieldErrors, schemaFieldErrors } from './field-errors';

/** What the provider typed for a server built by hand. */
export interface ManualDeliveryInput {
  readonly externalId: string;
  readonly ipv4: string;
  readonly ipv6: string;
  readonly hostname: string;
  readonly sshPort: string;
  readonly sshUser: string;
  /** What the secret is, e.g. `root_password`. */
  readonly purpose: string;
  /** Typed in this browser; only its sealed envelope is sent. Empty: no secret (SSH key only). */
  readonly secret: string;
}

const orNull = (text: string) => (text.trim() === '' ? null : text.trim());

/** The instance report for the API (no secret in it), and its problems by field path. */
export function instanceOf(input: ManualDeliveryInput) {
  const instance = {
    provisioner: 'manual',
    external_id: input.externalId.trim(),
    status: 'running' as const,
    ipv4: orNull(input.ipv4),
    ipv6: orNull(input.ipv6),
    hostname: orNull(input.hostname),
    ssh_port: Number(input.sshPort),
    ssh_user: input.sshUser.trim(),
  };
  const errors: Record<string, string> = {};
  for (const [path, message] of Object.entries(schemaFieldErrors(InstanceReport, instance))) {
    errors[`instance.${path}`] = message;
  }
  if (input.secret !== '') {
    const purpose = schemaFieldErrors(CredentialPurpose, input.purpose)[''];
    if (purpose) errors['purpose'] = purpose;
  }
  return { instance, errors: errors as FieldErrors };
}

/**
 * Delivers a `manual` contract: the secret is sealed here, in the browser, with `seal` of
 * `@dc/crypto` (what dc-agent uses) to every active key of the renter as the API lists them
 * now, bound to the contract and the purpose, so any of the renter's devices opens it and the
 * platform never sees it. Only the envelope goes to the API.
 */
export async function deliverByHand(
  client: Client,
  contractId: string,
  input: ManualDeliveryInput,
) {
  const { instance } = instanceOf(input);
  const credentials = [];
  let sealedTo = 0;
  if (input.secret !== '') {
    const { public_keys } = await getRenterKeys(client, { id: contractId });
    if (public_keys.length === 0) {
      throw new Error('The renter has no active key to seal the secret to; ask them to add one.');
    }
    const envelope = seal(input.secret, public_keys, { contractId, purpose: input.purpose });
    sealedTo = public_keys.length;
    credentials.push({
      purpose: input.purpose,
      envelope: { ...envelope, recipients: [...envelope.recipients] },
    });
  }
  const completion = await completeManually(client, {
    id: contractId,
    body: { instance, credentials },
  });
  /** How many renter keys can open the secret (0 without one). */
  return { ...completion, sealedTo };
}
