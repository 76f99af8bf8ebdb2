// CSV export and import of offerings over real HTTP (spec §3): export then import changes
// nothing, an edited cell updates its row (naming the changed fields), a file of some columns
// changes only those fields, a bad row is reported with its line and column, and a commit is
// all-or-nothing unless the caller asks for partial.

import {
  type Client,
  createOffering,
  createPool,
  deleteOffering,
  exportOfferingsCsv,
  importOfferingsCsv,
  listMyOfferings,
  OFFERING_CSV_COLUMNS,
  type Offering,
  type OfferingInput,
  type OfferingValues,
  offeringsToCsv,
  parseOfferingsCsv,
  putProviderProfile,
  registerAccount,
} from '@dc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

let counter = 0;
function uniqueUsername(prefix: string): string {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}`;
}

/** A registered account with a client signing for it. */
async function account(prefix = 'renter'): Promise<{ client: Client; username: string }> {
  const { client } = server.clientFor();
  const username = uniqueUsername(prefix);
  await registerAccount(client, { body: { username } });
  return { client, username };
}

/** A provider with one pool running the `manual` and `docker` provisioners. */
async function provider(): Promise<{ client: Client; username: string; poolId: string }> {
  const { client, username } = await account('provider');
  await putProviderProfile(client, {
    body: {
      legal_name: 'Example Hosting GmbH',
      display_name: 'Example Hosting',
      country: 'DE',
      support_email: `${username}@example.com`,
      support_policy: { response_hours: 24, channels: ['email'], hours: 'Mon-Fri 9-17 CET' },
    },
  });
  const pool = await createPool(client, {
    body: {
      name: 'fsn1',
      region: 'europe',
      country: 'DE',
      provisioner_kinds: ['manual', 'docker'],
    },
  });
  return { client, username, poolId: pool.id };
}

/** A valid offering body on `poolId` with `overrides`. */
function offeringBody(poolId: string, overrides: Partial<OfferingInput>): OfferingInput {
  return {
    slug: 'small',
    name: 'Small',
    product_type: 'compute',
    virtualization: 'kvm',
    currency: 'EUR',
    price_per_month: 4321,
    cpu_cores: 2,
    memory_mib: 4096,
    disk_gib: 40,
    disk_kind: 'nvme',
    bandwidth_mbps: 1000,
    country: 'DE',
    provisioner: 'manual',
    pool_id: poolId,
    os_images: ['ubuntu-24.04', 'debian-12'],
    ...overrides,
  };
}

/**
 * A provider with three offerings whose text a CSV or a spreadsheet could mangle: formula-like
 * cells, quotes, commas, line breaks, non-Latin text, a shared allow-list and a GPU.
 */
async function providerWithOfferings() {
  const owner = await provider();
  const friend = await account('friend');
  const bodies = [
    offeringBody(owner.poolId, {
      slug: 'small',
      name: 'Small, "fast"',
      description: '=HYPERLINK("http://evil.test","click")\nsecond line; 中文 🦀',
      city: 'Zürich',
      post_provision_script: '-e\n@echo off\r\n',
      provisioner_config: { note: '+1, "quoted"', tiers: [1, 2] },
    }),
    offeringBody(owner.poolId, {
      slug: 'shared',
      name: 'Shared',
      visibility: 'shared',
      allowed_accounts: [friend.username],
      price_per_month: 999,
      draft: false,
      max_hours: 720,
    }),
    offeringBody(owner.poolId, {
      slug: 'gpu',
      name: 'GPU',
      product_type: 'gpu',
      gpu_count: 2,
      gpu_model: 'NVIDIA L4',
      gpu_memory_gib: 24,
      traffic_gib_per_month: 20_000,
      provisioner: 'docker',
      price_per_month: 150_000,
    }),
  ];
  for (const body of bodies) await createOffering(owner.client, { body });
  return { ...owner, friend };
}

/** The caller's offerings by slug, every field, to show nothing changed. */
async function offeringsOf(client: Client): Promise<Map<string, Offering>> {
  const { items } = await listMyOfferings(client, { limit: 100 });
  return new Map(items.map((offering) => [offering.slug, offering]));
}

/** The offerings of a CSV file; every row must parse. */
function valuesOf(csv: string): OfferingValues[] {
  return parseOfferingsCsv(csv).rows.map((row) => {
    if (row.values === undefined)
      throw new Error(`line ${row.line}: ${JSON.stringify(row.errors)}`);
    return row.values;
  });
}

/** `csv` with one offering's values changed, as an editor would save it. */
function edited(csv: string, slug: string, change: Partial<OfferingValues>): string {
  return offeringsToCsv(valuesOf(csv).map((v) => (v.slug === slug ? { ...v, ...change } : v)));
}

const outcomes = (report: { rows: { slug: string | null; outcome: string }[] }) =>
  Object.fromEntries(report.rows.map((row) => [row.slug, row.outcome]));

describe('exportOfferingsCsv', () => {
  it('writes every live offering of the caller, every field, one row each', async () => {
    const owner = await providerWithOfferings();
    const other = await provider();
    await createOffering(other.client, { body: offeringBody(other.poolId, { slug: 'theirs' }) });
    const gone = await createOffering(owner.client, {
      body: offeringBody(owner.poolId, { slug: 'gone' }),
    });
    await deleteOffering(owner.client, { id: gone.id });

    const csv = await exportOfferingsCsv(owner.client, {});
    const parsed = parseOfferingsCsv(csv);
    expect(parsed.headerErrors).toStrictEqual([]);
    expect(parsed.rows.map((row) => row.slug)).toStrictEqual(['gpu', 'shared', 'small']);
    const stored = await offeringsOf(owner.client);
    for (const values of valuesOf(csv)) {
      const offering = stored.get(values.slug) as Offering;
      const fields = Object.keys(values) as (keyof OfferingValues)[];
      expect(values).toStrictEqual(Object.fromEntries(fields.map((key) => [key, offering[key]])));
    }
  });

  it('escapes a formula-like cell so a spreadsheet shows it as text', async () => {
    const owner = await providerWithOfferings();
    const csv = await exportOfferingsCsv(owner.client, {});
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.test"",""click"")`);
    expect(csv).not.toMatch(/(^|,)"?=HYPERLINK/m);
  });
});

describe('importOfferingsCsv', () => {
  it('reports every row of an exported file unchanged, and committing it writes nothing', async () => {
    const owner = await providerWithOfferings();
    const before = await offeringsOf(owner.client);
    const csv = await exportOfferingsCsv(owner.client, {});

    const preview = await importOfferingsCsv(owner.client, { body: { csv } });
    expect(preview).toStrictEqual({
      dry_run: true,
      committed: false,
      rows: [
        { line: 2, slug: 'gpu', outcome: 'unchanged', errors: [], changed_fields: [] },
        { line: 3, slug: 'shared', outcome: 'unchanged', errors: [], changed_fields: [] },
        // The small offering's description spans two lines.
        { line: 4, slug: 'small', outcome: 'unchanged', errors: [], changed_fields: [] },
      ],
      counts: { created: 0, updated: 0, unchanged: 3, error: 0 },
    });
    const commit = await importOfferingsCsv(owner.client, { body: { csv, dry_run: false } });
    expect(commit.committed).toBe(true);
    expect(commit.counts).toStrictEqual({ created: 0, updated: 0, unchanged: 3, error: 0 });
    // Not even updated_at moved.
    expect(await offeringsOf(owner.client)).toStrictEqual(before);
  });

  it('ignores the order of allow-list names and JSON keys when comparing', async () => {
    const owner = await providerWithOfferings();
    const second = await account('second');
    const shared = edited(await exportOfferingsCsv(owner.client, {}), 'shared', {
      allowed_accounts: [second.username, owner.friend.username],
    });
    expect(
      (await importOfferingsCsv(owner.client, { body: { csv: shared, dry_run: false } })).counts,
    ).toStrictEqual({ created: 0, updated: 1, unchanged: 2, error: 0 });
    const reordered = edited(
      edited(shared, 'shared', {
        allowed_accounts: [owner.friend.username, second.username, owner.friend.username],
      }),
      'small',
      { provisioner_config: { tiers: [1, 2], note: '+1, "quoted"' } },
    );
    expect(reordered).toContain('{""tiers"":[1,2],');
    const report = await importOfferingsCsv(owner.client, { body: { csv: reordered } });
    expect(report.counts).toStrictEqual({ created: 0, updated: 0, unchanged: 3, error: 0 });
  });

  it('reports an edited row updated, and the commit stores the edit', async () => {
    const owner = await providerWithOfferings();
    const before = await offeringsOf(owner.client);
    const csv = edited(await exportOfferingsCsv(owner.client, {}), 'shared', {
      price_per_month: 1099,
    });

    const preview = await importOfferingsCsv(owner.client, { body: { csv } });
    expect(outcomes(preview)).toStrictEqual({
      gpu: 'unchanged',
      shared: 'updated',
      small: 'unchanged',
    });
    expect(preview.rows.map((row) => row.changed_fields)).toStrictEqual([
      [],
      ['price_per_month'],
      [],
    ]);
    expect(await offeringsOf(owner.client)).toStrictEqual(before);

    const commit = await importOfferingsCsv(owner.client, { body: { csv, dry_run: false } });
    expect(commit.committed).toBe(true);
    const after = await offeringsOf(owner.client);
    expect(after.get('shared')?.price_per_month).toBe(1099);
    expect(after.get('shared')?.id).toBe(before.get('shared')?.id);
    expect(after.get('small')).toStrictEqual(before.get('small'));
    // The stored state now exports as the imported file.
    expect(await exportOfferingsCsv(owner.client, {})).toBe(csv);
  });

  it('creates a row whose slug is new for this provider, even if another provider uses it', async () => {
    const owner = await providerWithOfferings();
    const other = await provider();
    const csv = offeringsToCsv(
      valuesOf(await exportOfferingsCsv(owner.client, {})).map((values) => ({
        ...values,
        pool_id: other.poolId,
        allowed_accounts: [],
        visibility: 'public' as const,
      })),
    );
    const report = await importOfferingsCsv(other.client, { body: { csv, dry_run: false } });
    expect(report.counts).toStrictEqual({ created: 3, updated: 0, unchanged: 0, error: 0 });
    expect([...(await offeringsOf(other.client)).keys()].sort()).toStrictEqual([
      'gpu',
      'shared',
      'small',
    ]);
    expect((await offeringsOf(owner.client)).get('shared')?.visibility).toBe('shared');
  });

  describe('a file with one bad row', () => {
    /** The export with `gpu` repriced, a new row, and `small`'s price cell made '12.5x'. */
    async function fileWithBadRow() {
      const owner = await providerWithOfferings();
      const current = valuesOf(await exportOfferingsCsv(owner.client, {}));
      const shared = current.find((values) => values.slug === 'shared') as OfferingValues;
      const file = offeringsToCsv([
        ...current.map((v) => (v.slug === 'gpu' ? { ...v, price_per_month: 160_000 } : v)),
        { ...shared, slug: 'new-one', visibility: 'public', allowed_accounts: [] },
      ]);
      // `small` costs 4321: the only cell holding it becomes a bad number.
      expect(file.match(/,4321,/g)).toHaveLength(1);
      const csv = file.replace(',4321,', ',12.5x,');
      return { owner, csv, before: await offeringsOf(owner.client) };
    }

    it('a dry run reports the error with its column and line, and the other outcomes', async () => {
      const { owner, csv, before } = await fileWithBadRow();
      const report = await importOfferingsCsv(owner.client, { body: { csv } });
      expect(report).toStrictEqual({
        dry_run: true,
        committed: false,
        rows: [
          {
            line: 2,
            slug: 'gpu',
            outcome: 'updated',
            errors: [],
            changed_fields: ['price_per_month'],
          },
          { line: 3, slug: 'shared', outcome: 'unchanged', errors: [], changed_fields: [] },
          {
            line: 4,
            slug: 'small',
            outcome: 'error',
            errors: [
              {
                field: 'price_per_month',
                message: "'12.5x' is not an integer number of minor units",
              },
            ],
            changed_fields: [],
          },
          // `small` spans lines 4-7: its description and script hold three line breaks.
          { line: 8, slug: 'new-one', outcome: 'created', errors: [], changed_fields: [] },
        ],
        counts: { created: 1, updated: 1, unchanged: 1, error: 1 },
      });
      expect(await offeringsOf(owner.client)).toStrictEqual(before);
    });

    it('a commit without partial writes nothing', async () => {
      const { owner, csv, before } = await fileWithBadRow();
      const report = await importOfferingsCsv(owner.client, { body: { csv, dry_run: false } });
      expect(report).toMatchObject({ dry_run: false, committed: false });
      expect(report.counts).toStrictEqual({ created: 1, updated: 1, unchanged: 1, error: 1 });
      expect(await offeringsOf(owner.client)).toStrictEqual(before);
    });

    it('a partial commit writes the good rows and leaves the bad one as it was', async () => {
      const { owner, csv, before } = await fileWithBadRow();
      const report = await importOfferingsCsv(owner.client, {
        body: { csv, dry_run: false, partial: true },
      });
      expect(report).toMatchObject({ dry_run: false, committed: true });
      const after = await offeringsOf(owner.client);
      expect(after.get('gpu')?.price_per_month).toBe(160_000);
      expect(after.get('new-one')?.name).toBe('Shared');
      expect(after.get('small')).toStrictEqual(before.get('small'));
      expect(after.get('shared')).toStrictEqual(before.get('shared'));
    });
  });

  it('reports the server checks per row: pool, provisioner, config and allow-list', async () => {
    const owner = await providerWithOfferings();
    const other = await provider();
    const exported = await exportOfferingsCsv(owner.client, {});
    const csv = edited(
      edited(edited(exported, 'small', { pool_id: other.poolId }), 'gpu', {
        provisioner_config: { image: 'nginx' },
      }),
      'shared',
      { allowed_accounts: ['nobody-here'] },
    );
    const report = await importOfferingsCsv(owner.client, { body: { csv, dry_run: false } });
    expect(report.committed).toBe(false);
    expect(
      report.rows.map((row) => [row.slug, row.outcome, row.errors.map((e) => e.field)]),
    ).toStrictEqual([
      ['gpu', 'error', ['provisioner_config']],
      ['shared', 'error', ['allowed_accounts']],
      ['small', 'error', ['pool_id']],
    ]);
    expect(report.rows[1]?.errors[0]?.message).toBe('no account named "nobody-here"');
  });

  it('refuses a slug used twice in one file on both rows', async () => {
    const owner = await providerWithOfferings();
    const exported = await exportOfferingsCsv(owner.client, {});
    const csv = edited(exported, 'gpu', { slug: 'shared' });
    const report = await importOfferingsCsv(owner.client, { body: { csv } });
    expect(
      report.rows.filter((row) => row.outcome === 'error').map((row) => row.line),
    ).toStrictEqual([2, 3]);
    expect(report.rows[0]?.errors).toStrictEqual([
      { field: 'slug', message: "'shared' is also used on line 3; each slug once" },
    ]);
  });

  it('reports a bad header on line 1 and reads no rows', async () => {
    const owner = await providerWithOfferings();
    const csv = (await exportOfferingsCsv(owner.client, {})).replace('memory_mib', 'ram');
    const report = await importOfferingsCsv(owner.client, { body: { csv, dry_run: false } });
    expect(report.committed).toBe(false);
    expect(report.counts).toStrictEqual({ created: 0, updated: 0, unchanged: 0, error: 1 });
    expect(report.rows).toStrictEqual([
      {
        line: 1,
        slug: null,
        outcome: 'error',
        errors: [{ field: 'ram', message: expect.stringContaining('unknown column') }],
        changed_fields: [],
      },
    ]);
  });
});

describe('importOfferingsCsv with some columns only', () => {
  /** The columns a new offering needs: those whose field has no default. */
  const requiredColumns = [
    'name',
    'product_type',
    'virtualization',
    'currency',
    'cpu_cores',
    'memory_mib',
    'disk_gib',
    'disk_kind',
    'bandwidth_mbps',
    'country',
    'provisioner',
    'os_images',
  ];

  it('a price-only file changes the prices and keeps every other field as stored', async () => {
    const owner = await providerWithOfferings();
    const before = await offeringsOf(owner.client);
    const exported = await exportOfferingsCsv(owner.client, {});
    // `gpu` keeps its price: that row changes nothing.
    const csv = 'slug,price_per_month\r\nshared,1234\r\ngpu,150000\r\nsmall,4400\r\n';

    const preview = await importOfferingsCsv(owner.client, { body: { csv } });
    expect(preview).toStrictEqual({
      dry_run: true,
      committed: false,
      rows: [
        {
          line: 2,
          slug: 'shared',
          outcome: 'updated',
          errors: [],
          changed_fields: ['price_per_month'],
        },
        { line: 3, slug: 'gpu', outcome: 'unchanged', errors: [], changed_fields: [] },
        {
          line: 4,
          slug: 'small',
          outcome: 'updated',
          errors: [],
          changed_fields: ['price_per_month'],
        },
      ],
      counts: { created: 0, updated: 2, unchanged: 1, error: 0 },
    });
    expect(await offeringsOf(owner.client)).toStrictEqual(before);

    const commit = await importOfferingsCsv(owner.client, { body: { csv, dry_run: false } });
    expect(commit.committed).toBe(true);
    // Every field of every offering, but the two prices, exports as before.
    expect(await exportOfferingsCsv(owner.client, {})).toBe(
      edited(edited(exported, 'shared', { price_per_month: 1234 }), 'small', {
        price_per_month: 4400,
      }),
    );
    const after = await offeringsOf(owner.client);
    expect(after.get('shared')?.draft).toBe(false);
    expect(after.get('gpu')).toStrictEqual(before.get('gpu'));
  });

  it('a new slug in a price-only file is an error naming every column it lacks', async () => {
    const owner = await providerWithOfferings();
    const before = await offeringsOf(owner.client);
    const csv = 'slug,price_per_month\nshared,1234\nbrand-new,500\n';

    const report = await importOfferingsCsv(owner.client, { body: { csv, dry_run: false } });
    expect(report.committed).toBe(false);
    expect(report.counts).toStrictEqual({ created: 0, updated: 1, unchanged: 0, error: 1 });
    expect(report.rows[1]).toStrictEqual({
      line: 3,
      slug: 'brand-new',
      outcome: 'error',
      errors: requiredColumns.map((column) => ({
        field: column,
        message: `a new offering needs this field, but the file has no ${column} column`,
      })),
      changed_fields: [],
    });
    expect(await offeringsOf(owner.client)).toStrictEqual(before);

    const partial = await importOfferingsCsv(owner.client, {
      body: { csv, dry_run: false, partial: true },
    });
    expect(partial.committed).toBe(true);
    const after = await offeringsOf(owner.client);
    expect(after.get('shared')?.price_per_month).toBe(1234);
    expect(after.has('brand-new')).toBe(false);
  });

  it('a file without the draft and description columns keeps both as stored', async () => {
    const owner = await providerWithOfferings();
    const before = await offeringsOf(owner.client);
    const columns = OFFERING_CSV_COLUMNS.filter(
      (column) => column !== 'draft' && column !== 'description',
    );
    const current = valuesOf(await exportOfferingsCsv(owner.client, {}));
    const unchanged = offeringsToCsv(current, columns);
    const preview = await importOfferingsCsv(owner.client, { body: { csv: unchanged } });
    expect(preview.counts).toStrictEqual({ created: 0, updated: 0, unchanged: 3, error: 0 });

    const renamed = offeringsToCsv(
      current.map((values) => (values.slug === 'shared' ? { ...values, name: 'Renamed' } : values)),
      columns,
    );
    const commit = await importOfferingsCsv(owner.client, {
      body: { csv: renamed, dry_run: false },
    });
    expect(commit.rows.map((row) => [row.slug, row.outcome, row.changed_fields])).toStrictEqual([
      ['gpu', 'unchanged', []],
      ['shared', 'updated', ['name']],
      ['small', 'unchanged', []],
    ]);
    const after = await offeringsOf(owner.client);
    // Published before, still published: a left-out column never resets a field to its default.
    expect(after.get('shared')).toMatchObject({ name: 'Renamed', draft: false });
    expect(after.get('small')?.description).toBe(before.get('small')?.description);
  });

  it('validates the merged offering, reporting a rule across fields on its line', async () => {
    const owner = await providerWithOfferings();
    // `shared` stores max_hours 720: a min_hours above it breaks the rule on the merged whole.
    const csv = 'slug,min_hours\ngpu,2\nshared,1000\n';
    const report = await importOfferingsCsv(owner.client, { body: { csv } });
    expect(report.rows).toStrictEqual([
      { line: 2, slug: 'gpu', outcome: 'updated', errors: [], changed_fields: ['min_hours'] },
      {
        line: 3,
        slug: 'shared',
        outcome: 'error',
        errors: [{ field: 'max_hours', message: 'must be >= min_hours' }],
        changed_fields: [],
      },
    ]);
  });

  it('refuses a header without slug, as no row could be matched to an offering', async () => {
    const owner = await providerWithOfferings();
    const report = await importOfferingsCsv(owner.client, {
      body: { csv: 'name,price_per_month\nSmall,500\n', dry_run: false },
    });
    expect(report).toStrictEqual({
      dry_run: false,
      committed: false,
      rows: [
        {
          line: 1,
          slug: null,
          outcome: 'error',
          errors: [
            {
              field: 'slug',
              message:
                'required column is missing from the header: each row names its offering by slug',
            },
          ],
          changed_fields: [],
        },
      ],
      counts: { created: 0, updated: 0, unchanged: 0, error: 1 },
    });
  });
});
