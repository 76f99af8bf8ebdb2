import { getBillingSettings, putBillingSettings, validateVatNumber } from '@dc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawSigned } from '../contracts/_http';
import { problemOf, type TestAccount } from '../offerings/_support';
import { consumerIn, type InvoiceWorld, invoiceWorld } from './_world';

let world: InvoiceWorld;
let account: TestAccount;
beforeAll(async () => {
  world = await invoiceWorld();
  account = await world.account();
});
afterAll(() => world?.stop());

const put = (body: Parameters<typeof putBillingSettings>[1]['body']) =>
  putBillingSettings(account.client, { body });

describe('billing settings', () => {
  it('404 until saved; then GET returns what PUT saved, normalised', async () => {
    const fresh = await world.account();
    const missing = await problemOf(getBillingSettings(fresh.client, {}));
    expect([missing.status, missing.code]).toEqual([404, 'billing_settings_not_found']);
    const saved = await putBillingSettings(fresh.client, {
      body: consumerIn('NL', { postal_code: '1012 ab' }),
    });
    expect(saved).toMatchObject({ country: 'NL', postal_code: '1012 AB', vat_id_status: 'none' });
    expect(await getBillingSettings(fresh.client, {})).toEqual(saved);
  });

  it.each([
    [{ country: 'XX' }, 'body.country', /ISO 3166-1/],
    [{ country: 'DE', postal_code: '1234' }, 'body.postal_code', /DE postal code \(like 10115\)/],
    [{ country: 'DE', postal_code: null }, 'body.postal_code', /required for DE/],
    [{ name: '  ' }, 'body.name', /empty/],
    [{ vat_id: 'DE123456789' }, 'body.vat_id', /only for buyer_kind "business"/],
    [
      { buyer_kind: 'business', country: 'FR', postal_code: '75001', vat_id: 'DE123456789' },
      'body.vat_id',
      /must start with FR/,
    ],
    [
      { buyer_kind: 'business', country: 'DE', vat_id: 'DE12345' },
      'body.vat_id',
      /not a DE VAT number \(like DE123456789\)/,
    ],
    [
      { buyer_kind: 'business', country: 'GR', postal_code: '105 57', vat_id: 'GR123456789' },
      'body.vat_id',
      /must start with EL/,
    ],
    // An Object.prototype member once reached a function in the postal-code table: a 500.
    [{ country: 'valueOf', postal_code: '12345' }, 'body.country', /ISO 3166-1 alpha-2/],
  ] as const)('refuses %o with 422 naming %s', async (override, path, message) => {
    // The server's own answer, sent past the client's identical pre-check.
    const body = { ...consumerIn('DE'), ...override };
    const { status, json } = await rawSigned(world, account, 'PUT', '/v1/billing-settings', body);
    expect([status, json['code']]).toEqual([422, 'validation_failed']);
    const errors = json['errors'] as { path: string; message: string }[];
    expect(errors.map((issue) => issue.path)).toEqual([path]);
    expect(errors[0]?.message).toMatch(message);
  });

  it('a VAT id VIES calls invalid is refused (422 body.vat_id) and nothing is saved', async () => {
    const fresh = await world.account();
    world.vies.register('AT', 'U99999999', false);
    const problem = await problemOf(
      putBillingSettings(fresh.client, {
        body: consumerIn('AT', { buyer_kind: 'business', vat_id: 'ATU99999999' }),
      }),
    );
    expect([problem.status, problem.code]).toEqual([422, 'validation_failed']);
    expect(problem.paths).toEqual(['body.vat_id']);
    expect(problem.detail).toContain('VIES says ATU99999999 is not a valid VAT number');
    expect((await problemOf(getBillingSettings(fresh.client, {}))).status).toBe(404);
  });

  it('a VAT id VIES confirms is saved valid, with the consultation reference', async () => {
    world.vies.register('AT', 'U12345675', true, 'MUSTER GMBH');
    const saved = await put(
      consumerIn('AT', { buyer_kind: 'business', name: 'Muster GmbH', vat_id: 'atu 1234 5675' }),
    );
    expect(saved).toMatchObject({ vat_id: 'ATU12345675', vat_id_status: 'valid' });
    expect(saved.vat_id_consultation_reference).toMatch(/^WAPI/);
    // The seller is the requester, so VIES can hand out a consultation number.
    expect(world.vies.requests.at(-1)).toMatchObject({
      countryCode: 'AT',
      vatNumber: 'U12345675',
      requesterMemberStateCode: 'DE',
      requesterNumber: '811907980',
    });
  });

  it('when VIES cannot answer, the settings are saved with the VAT id unverified', async () => {
    const saved = await put(
      consumerIn('DE', { buyer_kind: 'business', name: 'Unknown GmbH', vat_id: 'DE999999999' }),
    );
    expect(saved).toMatchObject({ vat_id_status: 'unverified', vat_id_checked_at: null });
  });
});

describe('POST /v1/vat/validate (VIES test-service numbers)', () => {
  it('100 is valid, 200 invalid; the answer is stored with its consultation reference', async () => {
    const valid = await validateVatNumber(account.client, {
      body: { country: 'BE', number: '100' },
    });
    expect(valid).toMatchObject({ country: 'BE', number: '100', valid: true, cached: false });
    expect(valid.name).toBe('TEST COMPANY');
    expect(valid.consultation_reference).toMatch(/^WAPI/);
    const invalid = await validateVatNumber(account.client, {
      body: { country: 'BE', number: 'BE 200' },
    });
    expect(invalid).toMatchObject({ number: '200', valid: false, name: null, address: null });
    const stored = await world.server.database.db
      .selectFrom('vat_validations')
      .selectAll()
      .where('country', '=', 'BE')
      .execute();
    expect(stored.map((row) => [row.number, row.valid])).toEqual([
      ['100', true],
      ['200', false],
    ]);
  });

  it('answers from the cache for 24 h, then asks VIES again', async () => {
    const ask = () => validateVatNumber(account.client, { body: { country: 'EL', number: '100' } });
    const before = world.vies.requests.length;
    expect((await ask()).cached).toBe(false);
    expect((await ask()).cached).toBe(true);
    world.clock.advance(23);
    expect((await ask()).cached).toBe(true);
    expect(world.vies.requests.length).toBe(before + 1);
    world.clock.advance(1 + 1 / 60);
    const renewed = await ask();
    expect(renewed.cached).toBe(false);
    expect(world.vies.requests.length).toBe(before + 2);
    expect(new Date(renewed.checked_at).getTime()).toBe(world.clock.now().getTime());
  });

  it('GR is accepted for Greece and sent to VIES as EL', async () => {
    const answer = await validateVatNumber(account.client, {
      body: { country: 'GR', number: '100' },
    });
    expect(answer.country).toBe('EL');
  });

  it('201 (INVALID_INPUT) is 422 on body.number', async () => {
    const problem = await problemOf(
      validateVatNumber(account.client, { body: { country: 'DE', number: '201' } }),
    );
    expect([problem.status, problem.paths]).toEqual([422, ['body.number']]);
    expect(problem.detail).toContain('INVALID_INPUT');
  });

  it.each(['202', '300', '301', '302', '400', '401', '500', '501', '600', '601'])(
    '%s is 503 vies_unavailable naming the VIES error, and is not cached',
    async (number) => {
      const codes: Record<string, string> = {
        '202': 'INVALID_REQUESTER_INFO',
        '300': 'SERVICE_UNAVAILABLE',
        '301': 'MS_UNAVAILABLE',
        '302': 'TIMEOUT',
        '400': 'VAT_BLOCKED',
        '401': 'IP_BLOCKED',
        '500': 'GLOBAL_MAX_CONCURRENT_REQ',
        '501': 'GLOBAL_MAX_CONCURRENT_REQ_TIME',
        '600': 'MS_MAX_CONCURRENT_REQ',
        '601': 'MS_MAX_CONCURRENT_REQ_TIME',
      };
      const problem = await problemOf(
        validateVatNumber(account.client, { body: { country: 'FR', number } }),
      );
      expect([problem.status, problem.code]).toEqual([503, 'vies_unavailable']);
      expect(problem.detail).toContain(`(${codes[number]})`);
      const stored = await world.server.database.db
        .selectFrom('vat_validations')
        .select('id')
        .where('country', '=', 'FR')
        .where('number', '=', number)
        .execute();
      expect(stored).toEqual([]);
    },
  );

  it('refuses a country VIES does not know (422 body.country), checked by the server too', async () => {
    const body = { country: 'CH', number: '100' };
    const { status, json } = await rawSigned(world, account, 'POST', '/v1/vat/validate', body);
    expect(status).toBe(422);
    expect((json['errors'] as { path: string }[]).map((issue) => issue.path)).toEqual([
      'body.country',
    ]);
  });
});
