import { describe, expect, it } from 'vitest';

import {
  KqlError,
  runQuery,
  tableFromObjects,
  type KqlTable,
  type Timespan,
} from '../../../emulator/kql/index.js';

const now = new Date('2026-11-20T06:00:00Z');

/** Small tables in the spirit of the KQL documentation's examples. */
const tables: Record<string, KqlTable> = {
  Events: tableFromObjects(
    [
      {
        Name: 'Alice',
        Dept: 'Eng',
        Msg: 'Login failed for user',
        Level: 3,
        At: '2026-11-19T10:00:00Z',
        Tags: ['a', 'b'],
        Props: { k1: 'v1', k2: 2 },
      },
      { Name: 'bob', Dept: 'Eng', Msg: 'Logout', Level: 1, At: '2026-11-19T11:30:00Z', Tags: [], Props: {} },
      {
        Name: 'Carol',
        Dept: 'Ops',
        Msg: 'login-succeeded',
        Level: null,
        At: '2026-11-18T09:00:00Z',
        Tags: ['c'],
        Props: null,
      },
      {
        Name: 'Dan',
        Dept: '',
        Msg: 'Failed: disk',
        Level: 5,
        At: '2026-11-10T00:00:00Z',
        Tags: null,
        Props: { k1: 'x' },
      },
    ],
    [
      { name: 'Name', type: 'string' },
      { name: 'Dept', type: 'string' },
      { name: 'Msg', type: 'string' },
      { name: 'Level', type: 'long' },
      { name: 'At', type: 'datetime' },
      { name: 'Tags', type: 'dynamic' },
      { name: 'Props', type: 'dynamic' },
    ],
  ),
  Depts: tableFromObjects(
    [
      { Dept: 'Eng', Floor: 1 },
      { Dept: 'Eng', Floor: 2 },
      { Dept: 'Sales', Floor: 3 },
    ],
    [
      { name: 'Dept', type: 'string' },
      { name: 'Floor', type: 'long' },
    ],
  ),
};

const run = (q: string) => runQuery(q, tables, { now });
const column = (q: string, i = 0) => run(q).rows.map((r) => r[i]);
const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : v);

describe('KQL conformance', () => {
  it.each([
    // == is case-sensitive; =~ is not (KQL string operators).
    ["Events | where Name == 'alice' | count", [0]],
    ["Events | where Name =~ 'alice' | count", [1]],
    ["Events | where Name !~ 'ALICE' | count", [3]],
    // has matches whole terms, case-insensitively; contains matches substrings.
    ["Events | where Msg has 'login' | project Name", ['Alice', 'Carol']],
    ["Events | where Msg has 'log' | count", [0]],
    ["Events | where Msg contains 'log' | count", [3]],
    ["Events | where Msg contains_cs 'Log' | count", [2]],
    ["Events | where Msg !has 'failed' | project Name", ['bob', 'Carol']],
    ["Events | where Msg has 'failed for' | project Name", ['Alice']],
    ["Events | where Msg has_any ('disk', 'logout') | project Name", ['bob', 'Dan']],
    ["Events | where Msg startswith 'LOG' | count", [3]],
    ["Events | where Msg endswith 'DISK' | project Name", ['Dan']],
    ["Events | where Name in ('Alice', 'bob') | count", [2]],
    ["Events | where Name in ('alice', 'BOB') | count", [0]],
    ["Events | where Name in~ ('alice', 'BOB') | count", [2]],
    ["Events | where Name !in ('Alice') | count", [3]],
    ["Events | where Name matches regex '^[A-C]' | count", [2]],
    ['Events | where Level between (2 .. 4) | project Name', ['Alice']],
    // Comparisons with null are not true: a null Level matches neither side.
    ['Events | where Level > 2 | count', [2]],
    ['Events | where not(Level > 2) | count', [1]],
    ['Events | where isnull(Level) | project Name', ['Carol']],
    ['Events | where isempty(Dept) | project Name', ['Dan']],
    ['Events | where isnotempty(Dept) | count', [3]],
    // Aggregates skip nulls; count() counts rows.
    ['Events | summarize count()', [4]],
    ['Events | summarize sum(Level)', [9]],
    ['Events | summarize avg(Level)', [3]],
    ['Events | summarize max(Level)', [5]],
    ['Events | summarize min(Level)', [1]],
    ['Events | summarize dcount(Dept)', [3]],
    ['Events | summarize countif(Level >= 3)', [2]],
    ["Events | summarize dcountif(Name, Dept == 'Eng')", [2]],
    ['Events | summarize sumif(Level, Level > 1)', [8]],
    // Dynamic paths and brackets.
    ["Events | where tostring(Props.k1) == 'v1' | project Name", ['Alice']],
    ["Events | extend v = Props['k2'] | where isnotnull(v) | project v", [2]],
    ['Events | extend n = array_length(Tags) | where n > 0 | project n', [2, 1]],
    ["Events | where set_has_element(Tags, 'b') | project Name", ['Alice']],
    // Functions.
    ["Events | take 1 | project s = strcat(tolower(Name), '-', toupper(Dept))", ['alice-ENG']],
    ['Events | take 1 | project s = substring(Msg, 0, 5)', ['Login']],
    ["Events | take 1 | project s = extract('for (\\\\w+)', 1, Msg)", ['user']],
    ["Events | take 1 | project s = replace_string(Msg, 'user', 'admin')", ['Login failed for admin']],
    ["Events | take 1 | project s = split(Msg, ' ')[1]", ['failed']],
    ["Events | take 1 | project s = iff(Level > 2, 'hi', 'lo')", ['hi']],
    [
      "Events | project s = case(Level >= 5, 'crit', Level >= 3, 'warn', 'ok') | summarize make_list(s)",
      [['warn', 'ok', 'ok', 'crit']],
    ],
    ['Events | take 1 | project s = coalesce(Props.nope, Props.k1)', ['v1']],
    ["Events | take 1 | project s = trim(' ', '  x  ')", ['x']],
    ["Events | take 1 | project s = format_datetime(At, 'yyyy-MM-dd HH:mm')", ['2026-11-19 10:00']],
    ['Events | take 1 | project s = strlen(Name)', [5]],
    ["Events | take 1 | project s = toint('42') + tolong(1.9)", [43]],
    ["Events | take 1 | project s = tobool('true')", [true]],
    ['Events | take 1 | project s = bag_keys(Props)', [['k1', 'k2']]],
    ["Events | take 1 | project s = pack('a', 1, 'b', Name)", [{ a: 1, b: 'Alice' }]],
    ['Events | take 1 | project s = pack_array(Level, Name)', [[3, 'Alice']]],
    ['Events | take 1 | project s = parse_json(\'{"x":[1,2]}\').x[1]', [2]],
    // Time.
    ['Events | where At > ago(2d) | count', [3]],
    ['Events | where At between (datetime(2026-11-18) .. datetime(2026-11-19)) | project Name', ['Carol']],
    ['Events | where At < now() - 5d | project Name', ['Dan']],
  ])('%s', (query, expected) => {
    expect(column(query).map(iso)).toEqual(expected);
  });

  it('bins datetimes into day buckets and names the column after the binned column', () => {
    const r = run('Events | summarize n = count() by bin(At, 1d) | order by At asc');
    expect(r.columns.map((c) => c.name)).toEqual(['At', 'n']);
    expect(r.rows.map((x) => [iso(x[0]), x[1]])).toEqual([
      ['2026-11-10T00:00:00.000Z', 1],
      ['2026-11-18T00:00:00.000Z', 1],
      ['2026-11-19T00:00:00.000Z', 2],
    ]);
  });

  it('names aggregate columns as Kusto does', () => {
    expect(
      run('Events | summarize count(), dcount(Name), max(Level) by Dept').columns.map((c) => c.name),
    ).toEqual(['Dept', 'count_', 'dcount_Name', 'max_Level']);
    expect(run('Events | project Props.k1').columns.map((c) => c.name)).toEqual(['Props_k1']);
  });

  it('types output columns', () => {
    expect(
      run('Events | summarize n = count(), l = make_set(Name), t = max(At), a = avg(Level) by Dept').columns,
    ).toEqual([
      { name: 'Dept', type: 'string' },
      { name: 'n', type: 'long' },
      { name: 'l', type: 'dynamic' },
      { name: 't', type: 'datetime' },
      { name: 'a', type: 'real' },
    ]);
  });

  it('gives one row of zero counts when summarize without by sees no rows, and none with by', () => {
    expect(run("Events | where Name == 'nobody' | summarize count()").rows).toEqual([[0]]);
    expect(run("Events | where Name == 'nobody' | summarize count() by Dept").rows).toEqual([]);
  });

  it('makes sets without duplicates and without nulls', () => {
    expect(column('Events | summarize make_set(Dept)')[0]).toEqual(['Eng', 'Ops', '']);
    expect(column('Events | summarize make_set(Level)')[0]).toEqual([3, 1, 5]);
  });

  it('counts distinct values exactly on small sets', () => {
    expect(column('Events | extend d = tolower(Dept) | summarize dcount(d)')[0]).toBe(3);
  });

  it('returns the row of the maximum with arg_max', () => {
    const r = run('Events | summarize arg_max(Level, Name) by Dept | order by Dept asc');
    expect(r.rows).toEqual([
      ['', 5, 'Dan'],
      ['Eng', 3, 'Alice'],
      ['Ops', null, 'Carol'],
    ]);
  });

  it('sorts desc by default with nulls last, asc with nulls first', () => {
    expect(column('Events | order by Level | project Level')).toEqual([5, 3, 1, null]);
    expect(column('Events | order by Level asc | project Level')).toEqual([null, 1, 3, 5]);
    expect(column('Events | sort by Level asc nulls last | project Level')).toEqual([1, 3, 5, null]);
    expect(column('Events | top 2 by Level desc | project Name')).toEqual(['Dan', 'Alice']);
  });

  it('expands arrays and property bags with mv-expand, dropping empty arrays and nulls', () => {
    expect(run('Events | mv-expand t = Tags | project Name, t').rows).toEqual([
      ['Alice', 'a'],
      ['Alice', 'b'],
      ['Carol', 'c'],
    ]);
    expect(run('Events | mv-expand Props | project Name, Props').rows).toEqual([
      ['Alice', { k1: 'v1' }],
      ['Alice', { k2: 2 }],
      ['Dan', { k1: 'x' }],
    ]);
    expect(run('Events | mv-expand k = bag_keys(Props) to typeof(string) | project k').columns[0]).toEqual({
      name: 'k',
      type: 'string',
    });
  });

  it('caps the rows mv-expand makes from each row at its limit clause, as Kusto and Resource Graph do', () => {
    // learn.microsoft.com/azure/data-explorer/kusto/query/mv-expand-operator: "limit Rowlimit: the
    // maximum number of rows generated from each original row".
    expect(run('Events | mv-expand t = Tags limit 1 | project Name, t').rows).toEqual([
      ['Alice', 'a'],
      ['Carol', 'c'],
    ]);
  });

  describe('join kinds', () => {
    const kinds = (kind: string) =>
      run(`Events | project Name, Dept | join kind=${kind} (Depts) on Dept | project Name, Dept, Floor`).rows;

    it('inner pairs every match', () => {
      expect(kinds('inner')).toEqual([
        ['Alice', 'Eng', 1],
        ['Alice', 'Eng', 2],
        ['bob', 'Eng', 1],
        ['bob', 'Eng', 2],
      ]);
    });

    it('innerunique (the default) keeps one left row per key', () => {
      expect(run('Events | project Name, Dept | join (Depts) on Dept | project Name, Floor').rows).toEqual([
        ['Alice', 1],
        ['Alice', 2],
      ]);
    });

    it('leftouter keeps unmatched left rows with nulls', () => {
      expect(kinds('leftouter')).toContainEqual(['Carol', 'Ops', null]);
      expect(kinds('leftouter')).toHaveLength(6);
    });

    it('rightouter keeps unmatched right rows', () => {
      expect(
        run('Events | project Name, Dept | join kind=rightouter (Depts) on Dept | project Name, Dept1, Floor')
          .rows,
      ).toContainEqual([null, 'Sales', 3]);
    });

    it('fullouter keeps both', () => {
      expect(kinds('fullouter')).toHaveLength(7);
    });

    it('leftanti, leftsemi and rightanti filter without adding columns', () => {
      expect(run('Events | join kind=leftanti (Depts) on Dept | project Name').rows).toEqual([
        ['Carol'],
        ['Dan'],
      ]);
      expect(run('Events | join kind=leftsemi (Depts) on Dept').columns).toEqual(tables['Events']!.columns);
      expect(run('Events | join kind=rightanti (Depts) on Dept | project Dept').rows).toEqual([['Sales']]);
    });

    it('joins on $left.a == $right.b and keeps both key columns', () => {
      const r = run(
        'Events | project N = Name, D = Dept | join kind=inner (Depts) on $left.D == $right.Dept',
      );
      expect(r.columns.map((c) => c.name)).toEqual(['N', 'D', 'Dept', 'Floor']);
    });

    it('renames a right column that clashes with a left one', () => {
      expect(
        run('Events | project Dept | join kind=inner (Depts) on Dept').columns.map((c) => c.name),
      ).toEqual(['Dept', 'Dept1', 'Floor']);
    });
  });

  it('reads only the tables a query names, so a caller can build tables on demand', () => {
    const onDemand: Record<string, KqlTable> = {};
    Object.defineProperty(onDemand, 'Events', { enumerable: true, get: () => tables['Events']! });
    Object.defineProperty(onDemand, 'Unread', {
      enumerable: true,
      get: () => {
        throw new Error('Unread was built');
      },
    });
    expect(runQuery('events | count', onDemand, { now, caseInsensitiveTables: true }).rows).toEqual([[4]]);
  });

  it("groups by value: the string '1' apart from the number 1, nulls together, equal dynamic values together", () => {
    const t = tableFromObjects(
      [
        { k: '1', d: { a: 1 } },
        { k: 1, d: { a: 1 } },
        { k: null, d: [1] },
        { k: null, d: [1] },
        { k: '1', d: { a: 2 } },
      ],
      [
        { name: 'k', type: 'dynamic' },
        { name: 'd', type: 'dynamic' },
      ],
    );
    const r = runQuery('T | summarize n = count(), objects = dcount(d) by k', { T: t }, { now });
    expect(r.rows).toEqual([
      ['1', 2, 2],
      [1, 1, 1],
      [null, 2, 1],
    ]);
  });

  it('gives the same answers for a function over repeated values as over distinct ones (results are memoised per value)', () => {
    const rows = Array.from({ length: 30_000 }, (_, i) => ({
      Id: `https://KV${i % 7}.vault.azure.net/Secrets/S${i % 3}/v1`,
    }));
    const T = tableFromObjects(rows, [{ name: 'Id', type: 'string' }]);
    const r = runQuery(
      "T | extend o = extract(@'/secrets/([^/?]+)', 1, tolower(Id)) | summarize n = count() by o, vault = tolower(substring(Id, 8, 3)) | order by o asc, vault asc",
      { T },
      { now },
    );
    expect(r.rows.length).toBe(21);
    expect(r.rows[0]).toEqual(['s0', 'kv0', Math.ceil(30_000 / 21)]);
    const distinct = Array.from({ length: 30_000 }, (_, i) => ({ Id: `ID${i}` }));
    const D = tableFromObjects(distinct, [{ name: 'Id', type: 'string' }]);
    const lowered = runQuery('D | project l = tolower(Id)', { D }, { now }).rows;
    expect(lowered.every((row, i) => row[0] === `id${i}`)).toBe(true);
  });

  it('stops take_anyif and make_set at what they need, with the same results', () => {
    const T = tableFromObjects(
      Array.from({ length: 100 }, (_, i) => ({ k: i % 2, v: i < 10 ? '' : `v${i}`, ip: `ip${i % 30}` })),
      [
        { name: 'k', type: 'long' },
        { name: 'v', type: 'string' },
        { name: 'ip', type: 'string' },
      ],
    );
    const r = runQuery(
      'T | summarize one = take_anyif(v, isnotempty(v)), ips = make_set(ip, 3), every = make_set(ip), n = count() by k',
      { T },
      { now },
    );
    expect(r.rows).toEqual([
      [0, 'v10', ['ip0', 'ip2', 'ip4'], Array.from({ length: 15 }, (_, i) => `ip${i * 2}`), 50],
      [1, 'v11', ['ip1', 'ip3', 'ip5'], Array.from({ length: 15 }, (_, i) => `ip${i * 2 + 1}`), 50],
    ]);
  });

  it('sorts by one string key in either direction, stably, whether or not the rows came in order', () => {
    const T = tableFromObjects(
      ['b', 'a', 'B', 'a', 'c'].map((k, i) => ({ k, i })),
      [
        { name: 'k', type: 'string' },
        { name: 'i', type: 'long' },
      ],
    );
    const order = (q: string) => runQuery(q, { T }, { now }).rows.map((r) => r[1]);
    expect(order('T | order by k asc')).toEqual([2, 1, 3, 0, 4]);
    expect(order('T | order by k desc')).toEqual([4, 0, 1, 3, 2]);
    expect(order('T | order by k asc | order by k asc')).toEqual([2, 1, 3, 0, 4]);
    expect(order('T | order by k desc | order by k desc')).toEqual([4, 0, 1, 3, 2]);
  });

  it('unions tables with withsource and skips missing tables with isfuzzy', () => {
    const r = run('union withsource=Src isfuzzy=true Depts, Missing, (Events | take 1 | project Dept)');
    expect(r.columns.map((c) => c.name)).toEqual(['Src', 'Dept', 'Floor']);
    expect(r.rows.map((x) => x[0])).toEqual(['Depts', 'Depts', 'Depts', 'union_arg2']);
    expect(() => run('union Depts, Missing')).toThrow(/Missing/);
  });

  it('binds scalars and tables with let, and names results with as', () => {
    expect(
      column(
        "let minLevel = 3; let eng = Events | where Dept == 'Eng'; eng | where Level >= minLevel | project Name",
      ),
    ).toEqual(['Alice']);
    expect(column('Events | where Level > 1 | as Hi | where Name in ((Hi | project Name)) | count')).toEqual([
      2,
    ]);
  });

  it('parses text into typed columns', () => {
    const r = run("Events | where Name == 'Dan' | parse Msg with 'Failed: ' what | project what");
    expect(r.rows).toEqual([['disk']]);
    const typed = runQuery(
      "T | parse s with 'id=' id:long ' user=' user",
      { T: tableFromObjects([{ s: 'id=42 user=ann' }]) },
      { now },
    );
    expect(typed.rows).toEqual([['id=42 user=ann', 42, 'ann']]);
  });

  it('renames and removes columns', () => {
    expect(
      run('Events | project-rename Person = Name | project-away Msg, Tags, Props, At | take 1').columns.map(
        (c) => c.name,
      ),
    ).toEqual(['Person', 'Dept', 'Level']);
  });

  it('computes distinct rows', () => {
    expect(run('Events | distinct Dept').rows).toEqual([['Eng'], ['Ops'], ['']]);
  });

  it('keeps timespans and date arithmetic typed', () => {
    const r = run('Events | take 1 | project d = datetime(2026-11-20) - At, t = 1h + 30m');
    expect(r.columns.map((c) => c.type)).toEqual(['timespan', 'timespan']);
    expect((r.rows[0]![1] as Timespan).ms).toBe(5_400_000);
  });
});

describe('KQL errors', () => {
  it('names the position of a syntax error', () => {
    const error = catchError(() => run('Events | where Name == '));
    expect(error).toMatchObject({ kind: 'syntax' });
    expect(error.message).toMatch(/position/);
  });

  it('names an unknown column', () => {
    expect(catchError(() => run("Events | where Nmae == 'x'"))).toMatchObject({
      kind: 'semantic',
      message: expect.stringContaining("'Nmae'"),
    });
  });

  it('names an unknown table', () => {
    expect(catchError(() => run('Evnts | count')).message).toContain("'Evnts'");
  });

  it.each([
    ['Events | render timechart', "'render'"],
    ['Events | evaluate bag_unpack(Props)', "'evaluate'"],
    ['Events | make-series count() on At step 1d', "'make-series'"],
    ['Events | extend x = series_stats(Tags)', "'series_stats'"],
    ['Events | summarize percentile(Level, 50)', "'percentile'"],
    ['let f = (x:long) { x + 1 }; Events | extend y = f(Level)', "'f'"],
    ['Events | mv-expand Tags, Props', 'several columns'],
  ])('refuses %s clearly instead of answering wrongly', (query, named) => {
    const error = catchError(() => run(query));
    expect(error).toBeInstanceOf(KqlError);
    expect(error.message).toContain('not supported by the emulator');
    expect(error.message).toContain(named);
  });
});

function catchError(f: () => unknown): KqlError {
  try {
    f();
  } catch (e) {
    return e as KqlError;
  }
  throw new Error('expected an error');
}
