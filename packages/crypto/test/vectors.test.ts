import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MemoryReplayGuard, open, openLegacy, verifyDelegation, verifyRequest } from '../src/index';
import { buildVectors } from './support/build-vectors';

const published = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`./vectors/${name}.json`, import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;

describe('published vectors (test/vectors/*.json)', () => {
  const built = buildVectors();

  for (const name of Object.keys(built)) {
    it(`${name}.json is what the code produces today (run \`pnpm vectors\` only for an intended format change)`, () => {
      expect(JSON.parse(JSON.stringify(built[name]))).toEqual(published(name));
    });
  }

  it('the v3 envelope opens with each recipient key and the published context', () => {
    const v = published('envelope-v3') as {
      recipients: { secretKey: string }[];
      envelope: never;
      secret: string;
      context: { contractId: string; purpose: string };
    };
    for (const r of v.recipients)
      expect(new TextDecoder().decode(open(v.envelope, r.secretKey, v.context))).toBe(v.secret);
  });

  it('the v2 envelope opens with the recipient key and contract id', () => {
    const v = published('envelope-v2') as {
      recipient: { secretKey: string };
      envelope: never;
      secret: string;
      contractId: string;
    };
    expect(
      new TextDecoder().decode(
        openLegacy(v.envelope, v.recipient.secretKey, { contractId: v.contractId }),
      ),
    ).toBe(v.secret);
  });

  it('the request headers verify against the published canonical request', async () => {
    const v = published('request') as {
      input: { method: string; body: string; timestamp: number };
      headers: Record<string, string>;
      canonical: string;
    };
    const [, method = '', path = '', host = ''] = v.canonical.split('\n');
    const result = await verifyRequest({
      method,
      path,
      host,
      headers: v.headers,
      body: v.input.body,
      now: v.input.timestamp,
      replayGuard: new MemoryReplayGuard(),
    });
    expect(result.ok).toBe(true);
  });

  it('the delegation certificate verifies', () => {
    const v = published('delegation') as { certificate: { notBefore: number } };
    expect(
      verifyDelegation(v.certificate, {
        now: v.certificate.notBefore,
        requiredPermission: 'lease_jobs',
      }),
    ).toMatchObject({ poolId: 'pool_eu-central-1' });
  });
});
