// The SQL the translator writes, checked without a database: values are parameters, column
// names come from the catalogue, LIKE wildcards are escaped, NULLs are handled as documented.

import { parseSearchQuery, type SearchQuery, type SearchSort } from '@dc/client';
import { describe, expect, it } from 'vitest';
import { HttpProblem } from '../../src/http/problem';
import {
  applySearch,
  containsPattern,
  InvalidSearchCursorError,
  offeringSearchColumns,
  parseSearchParameters,
  searchAfter,
  searchOrderBy,
  searchSortKeys,
  searchWhere,
} from '../../src/search/index';
import { COLUMNS } from './columns';
import { fromOfferings } from './compile';

function where(text: string) {
  return fromOfferings()
    .select('o.id')
    .where(searchWhere(parseSearchQuery(text), COLUMNS))
    .compile();
}

function whereSql(text: string): string {
  return where(text).sql.replace(/^.* where /, '');
}

describe('searchWhere', () => {
  it('writes one parameterised condition per clause', () => {
    const compiled = where('type:gpu price:<=20EUR -trust:>=70');
    expect(compiled.sql.replace(/^.* where /, '')).toBe(
      '(("o"."product_type" IN ($1)) AND ' +
        '(("o"."price_major" <= CAST($2 AS numeric) AND "o"."currency" = $3)) AND ' +
        'NOT COALESCE("o"."trust_score" >= CAST($4 AS numeric), FALSE))',
    );
    expect(compiled.parameters).toStrictEqual(['gpu', '20', 'EUR', '70']);
  });

  it('is TRUE for the empty query', () => {
    expect(whereSql('')).toBe('TRUE');
  });

  it('never puts query text into the SQL, only into parameters', () => {
    const hostile = `name:"'; DROP TABLE offerings; --" city:"\\" OR 1=1 --" cpu:$1`;
    const compiled = where(hostile);
    expect(compiled.sql).not.toMatch(/DROP|1=1|--|\$1'/);
    expect(compiled.parameters).toStrictEqual([
      "%'; DROP TABLE offerings; --%",
      '%" OR 1=1 --%',
      '%$1%',
    ]);
  });

  it('matches text as an escaped case-insensitive substring, any of a list', () => {
    const compiled = where('cpu:(epyc OR "50%_off\\\\")');
    expect(compiled.sql).toContain('("o"."cpu_model" ILIKE $1 OR "o"."cpu_model" ILIKE $2)');
    expect(compiled.parameters).toStrictEqual(['%epyc%', '%50\\%\\_off\\\\%']);
  });

  it('binds enum lists and numbers, casting numbers to numeric', () => {
    const compiled = where('country:(US OR de) memory:[1GB TO 2GB] cores:(8 OR 16)');
    expect(compiled.sql).toContain('"o"."country" IN ($1, $2)');
    expect(compiled.sql).toContain(
      '"o"."memory_mib" BETWEEN CAST($3 AS numeric) AND CAST($4 AS numeric)',
    );
    expect(compiled.sql).toContain('"o"."cpu_cores" IN (CAST($5 AS numeric), CAST($6 AS numeric))');
    expect(compiled.parameters).toStrictEqual(['US', 'DE', '1024', '2048', '8', '16']);
  });

  it('lets NULL traffic and max_hours pass lower bounds only ("no limit")', () => {
    expect(whereSql('traffic:>=1TB')).toBe(
      '((("o"."traffic_gib_per_month" IS NULL OR "o"."traffic_gib_per_month" >= CAST($1 AS numeric))))',
    );
    expect(whereSql('max_hours:>720')).toContain('"o"."max_hours" IS NULL OR');
    expect(whereSql('traffic:<=1TB')).not.toContain('IS NULL');
    expect(whereSql('traffic:1TB')).not.toContain('IS NULL');
    expect(whereSql('max_hours:[1 TO 2]')).not.toContain('IS NULL');
  });

  it('reads unmetered as traffic IS NULL, and booleans as bound values', () => {
    expect(whereSql('unmetered:true')).toBe('(("o"."traffic_gib_per_month" IS NULL))');
    expect(whereSql('unmetered:false')).toBe('(("o"."traffic_gib_per_month" IS NOT NULL))');
    const compiled = where('ipv6:false');
    expect(compiled.sql).toContain('"o"."ipv6" = $1');
    expect(compiled.parameters).toStrictEqual([false]);
  });

  it("takes online from the caller's expression", () => {
    const compiled = where('online:true');
    expect(compiled.sql).toContain(
      '(CASE WHEN o.pool_id IS NULL THEN TRUE ELSE p.last_heartbeat_at >= $1 END = $2)',
    );
  });

  it('makes a negated clause NULL-safe', () => {
    expect(whereSql('-city:york')).toBe('(NOT COALESCE(("o"."city" ILIKE $1), FALSE))');
  });

  it('only ever names catalogue columns', () => {
    const every =
      'name:a description:a cpu:a gpu:a city:a type:gpu stock:in_stock country:US ' +
      'region:cis currency:EUR virt:kvm arch:arm64 disk_kind:ssd price:1 cores:1 memory:1GB ' +
      'disk:1 gpu_count:1 gpu_memory:1 bandwidth:1 traffic:>=1 min_hours:1 max_hours:>=1 ' +
      'trust:1 uptime:1 market:1 ipv4:true ipv6:true unmetered:true price:1EUR';
    const names = [...whereSql(every).matchAll(/"o"\."([a-z0-9_]+)"/g)].map((m) => m[1]);
    expect(new Set(names)).toStrictEqual(
      new Set([
        'name',
        'description',
        'cpu_model',
        'gpu_model',
        'city',
        'product_type',
        'stock',
        'country',
        'region',
        'currency',
        'virtualization',
        'cpu_arch',
        'disk_kind',
        'price_major',
        'cpu_cores',
        'memory_mib',
        'disk_gib',
        'gpu_count',
        'gpu_memory_gib',
        'bandwidth_mbps',
        'traffic_gib_per_month',
        'min_hours',
        'max_hours',
        'trust_score',
        'uptime_30d',
        'market_delta_pct',
        'ipv4',
        'ipv6',
      ]),
    );
  });

  it('refuses a hand-built tree the parser would never return, before any SQL', () => {
    const badNumber = {
      clauses: [
        { kind: 'number', field: 'cores', negated: false, test: { op: 'eq', values: ['1e5'] } },
      ],
    } as SearchQuery;
    expect(() => searchWhere(badNumber, COLUMNS)).toThrow(TypeError);
    const badField = {
      clauses: [{ kind: 'text', field: 'password', negated: false, values: ['x'] }],
    } as unknown as SearchQuery;
    expect(() => searchWhere(badField, COLUMNS)).toThrow('unknown search field "password"');
    const badOp = {
      clauses: [{ kind: 'number', field: 'cores', negated: false, test: { op: '<>', value: '1' } }],
    } as unknown as SearchQuery;
    expect(() => searchWhere(badOp, COLUMNS)).toThrow(TypeError);
  });
});

describe('containsPattern', () => {
  it.each([
    ['epyc', '%epyc%'],
    ['100%', '%100\\%%'],
    ['a_b', '%a\\_b%'],
    ['c:\\x', '%c:\\\\x%'],
  ])('%s -> %s', (text, pattern) => {
    expect(containsPattern(text)).toBe(pattern);
  });
});

describe('searchOrderBy', () => {
  const orderSql = (sort: SearchSort | undefined) =>
    searchOrderBy(fromOfferings().select('o.id'), sort, COLUMNS)
      .compile()
      .sql.replace(/^.* order by /, '');

  it.each([
    [
      undefined,
      '"o"."trust_score" desc nulls last, "o"."uptime_30d" desc nulls last, "o"."price_major" asc, "o"."id" asc',
    ],
    [
      'trust',
      '"o"."trust_score" desc nulls last, "o"."uptime_30d" desc nulls last, "o"."price_major" asc, "o"."id" asc',
    ],
    ['price', '"o"."price_major" asc, "o"."id" asc'],
    ['-price', '"o"."price_major" desc, "o"."id" desc'],
    ['-uptime', '"o"."uptime_30d" desc nulls last, "o"."id" asc'],
    ['newest', '"o"."created_at" desc, "o"."id" desc'],
  ] as const)('sort=%s: %s', (sort, expected) => {
    expect(orderSql(sort)).toBe(expected);
  });
});

describe('searchAfter', () => {
  const afterSql = (sort: SearchSort | undefined, values: (string | null)[]) =>
    fromOfferings()
      .select('o.id')
      .where(searchAfter(searchSortKeys(sort), values, COLUMNS))
      .compile();

  it('expands the row comparison with NULLs last and binds every value', () => {
    const id = '00000000-0000-4000-a000-000000000001';
    const compiled = afterSql(undefined, ['70', null, '9.99', id]);
    expect(compiled.sql.replace(/^.* where /, '')).toBe(
      '(' +
        '(("o"."trust_score" < CAST($1 AS numeric) OR "o"."trust_score" IS NULL))' +
        ' OR ("o"."trust_score" = CAST($2 AS numeric) AND "o"."uptime_30d" IS NULL AND "o"."price_major" > CAST($3 AS numeric))' +
        ' OR ("o"."trust_score" = CAST($4 AS numeric) AND "o"."uptime_30d" IS NULL AND "o"."price_major" = CAST($5 AS numeric) AND "o"."id" > CAST($6 AS uuid))' +
        ')',
    );
    expect(compiled.parameters).toStrictEqual(['70', '70', '9.99', '70', '9.99', id]);
  });

  it('compares descending keys with <', () => {
    const id = '00000000-0000-4000-a000-000000000001';
    const compiled = afterSql('newest', ['2025-01-01T10:00:00.000001Z', id]);
    expect(compiled.sql).toContain('"o"."created_at" < CAST($1 AS timestamptz)');
    expect(compiled.sql).toContain('"o"."id" < CAST($3 AS uuid)');
  });
});

describe('applySearch and parseSearchParameters', () => {
  const query = parseSearchQuery('type:gpu');

  it('adds the page limit plus one and the cursor key column', () => {
    const compiled = applySearch(
      fromOfferings().select('o.id'),
      { query, limit: 20 },
      COLUMNS,
    ).compile();
    expect(compiled.sql).toContain('limit $2');
    expect(compiled.parameters.at(-1)).toBe(21);
    expect(compiled.sql).toContain(
      'ARRAY[CAST("o"."trust_score" AS text), CAST("o"."uptime_30d" AS text), CAST("o"."price_major" AS text), CAST("o"."id" AS text)] as "search_cursor_key"',
    );
  });

  it('refuses a bad cursor before any SQL runs', () => {
    expect(() =>
      applySearch(fromOfferings().select('o.id'), { query, limit: 20, cursor: 'nope' }, COLUMNS),
    ).toThrow(InvalidSearchCursorError);
  });

  it.each([0, 101, 1.5, Number.NaN])('refuses limit %s', (limit) => {
    expect(() => applySearch(fromOfferings().select('o.id'), { query, limit }, COLUMNS)).toThrow(
      RangeError,
    );
  });

  it('turns a refused query into a 400 naming the field and position', () => {
    let thrown: unknown;
    try {
      parseSearchParameters({ q: 'type:gpu colour:red', limit: 20 });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(HttpProblem);
    const problem = thrown as HttpProblem;
    expect(problem.status).toBe(400);
    expect(problem.code).toBe('invalid_search_query');
    expect(problem.message).toContain('unknown field "colour" at position 9');
    expect(problem.errors).toStrictEqual([{ path: 'query.q', message: problem.message }]);
  });

  it('passes a valid query through', () => {
    expect(parseSearchParameters({ q: 'type:gpu', sort: 'price', limit: 5 })).toStrictEqual({
      query,
      sort: 'price',
      cursor: undefined,
      limit: 5,
    });
  });
});

describe('offeringSearchColumns', () => {
  it('refuses a table name that is not a plain identifier', () => {
    expect(() =>
      offeringSearchColumns({ table: 'o; drop', online: COLUMNS.online as never }),
    ).toThrow(TypeError);
  });
});
