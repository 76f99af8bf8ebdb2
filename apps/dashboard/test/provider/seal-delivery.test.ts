import { createClient, keyAuth } from '@dc/client';
import { generateSeedPhrase, identityFromSeedPhrase, open } from '@dc/crypto';
import { describe, expect, it } from 'vitest';
import {
  deliverByHand,
  instanceOf,
  type ManualDeliveryInput,
} from '../../src/pages/provider/seal-delivery';

const CONTRACT = '0193b6f0-7c1e-7a3c-9a1e-2f1f4f3e2a10';
const SECRET = 'hunter2-but-longer';
const provider = identityFromSeedPhrase(generateSeedPhrase());
const laptop = identityFromSeedPhrase(generateSeedPhrase());
const phone = identityFromSeedPhrase(generateSeedPhrase());

const INPUT: ManualDeliveryInput = {
  externalId: 'rack-3-slot-7',
  ipv4: '203.0.113.30',
  ipv6: '',
  hostname: '',
  sshPort: '22',
  sshUser: 'admin',
  purpose: 'root_password',
  secret: SECRET,
};

/** A client whose requests go to a fake API that lists `keys` and records every body. */
function fakeApi(keys: readonly string[]) {
  const sent: { method: string; path: string; body: string }[] = [];
  const client = createClient({
    baseUrl: 'http://api.test',
    auth: keyAuth(provider.secretKey),
    fetch: async (input, init) => {
      const request = new Request(input, init);
      const body = await request.text();
      const path = new URL(request.url).pathname;
      sent.push({ method: request.method, path, body });
      const json = path.endsWith('/renter-keys')
        ? { contract_id: CONTRACT, public_keys: keys }
        : { contract_id: CONTRACT, status: 'provisioned' };
      return new Response(JSON.stringify(json), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    },
  });
  return { client, sent };
}

describe('a manual delivery sealed in the browser', () => {
  it('sends the secret only sealed, and every renter key opens it', async () => {
    const { client, sent } = fakeApi([laptop.publicKeyHex, phone.publicKeyHex]);
    const result = await deliverByHand(client, CONTRACT, INPUT);
    expect(result).toMatchObject({ status: 'provisioned', sealedTo: 2 });
    expect(sent.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /v1/provider/contracts/${CONTRACT}/renter-keys`,
      `POST /v1/provider/contracts/${CONTRACT}/manual-completion`,
    ]);
    const body = sent[1]?.body ?? '';
    expect(body).not.toContain(SECRET);
    const parsed = JSON.parse(body);
    expect(parsed.instance).toMatchObject({
      provisioner: 'manual',
      external_id: 'rack-3-slot-7',
      ipv4: '203.0.113.30',
      ipv6: null,
      ssh_user: 'admin',
      ssh_port: 22,
    });
    const [credential] = parsed.credentials;
    expect(credential.purpose).toBe('root_password');
    expect(credential.envelope.recipients).toHaveLength(2);
    for (const renter of [laptop, phone]) {
      const opened = open(credential.envelope, renter.secretKey, {
        contractId: CONTRACT,
        purpose: 'root_password',
      });
      expect(new TextDecoder().decode(opened)).toBe(SECRET);
    }
    // Bound to this contract: it does not open as another contract's secret.
    expect(() =>
      open(credential.envelope, laptop.secretKey, {
        contractId: '0193b6f0-7c1e-7a3c-9a1e-2f1f4f3e2a11',
        purpose: 'root_password',
      }),
    ).toThrow();
  });

  it('sends nothing when the renter has no key to seal to', async () => {
    const { client, sent } = fakeApi([]);
    await expect(deliverByHand(client, CONTRACT, INPUT)).rejects.toThrow(/no active key/);
    expect(sent.map((r) => r.method)).toEqual(['GET']);
  });

  it('delivers without credentials when the renter logs in by SSH key only', async () => {
    const { client, sent } = fakeApi([laptop.publicKeyHex]);
    await deliverByHand(client, CONTRACT, { ...INPUT, secret: '' });
    expect(sent.map((r) => r.method)).toEqual(['POST']);
    expect(JSON.parse(sent[0]?.body ?? '{}').credentials).toEqual([]);
  });

  it('names the fields the schema refuses before anything is sent', () => {
    const { errors } = instanceOf({
      ...INPUT,
      ipv4: '203.0.113.300',
      sshPort: '0',
      purpose: 'Root Password',
    });
    expect(Object.keys(errors).sort()).toEqual(['instance.ipv4', 'instance.ssh_port', 'purpose']);
    expect(instanceOf(INPUT).errors).toEqual({});
  });
});
