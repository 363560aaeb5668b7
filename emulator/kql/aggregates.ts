import { compareValues, isNull, valueKey, type KqlType, type Value } from './values.js';

/** Running state of one aggregate over one group. */
export interface Accumulator {
  add(args: Value[]): void;
  result(): Value;
}

export interface AggregateFunction {
  min: number;
  max: number;
  type: (args: KqlType[]) => KqlType;
  create: () => Accumulator;
}

const fixed = (t: KqlType) => (): KqlType => t;

function numeric(args: KqlType[]): KqlType {
  const t = args[0];
  return t === 'int' || t === 'long' ? 'long' : t === 'timespan' ? 'timespan' : 'real';
}

const sum = (withPredicate: boolean): AggregateFunction => ({
  min: withPredicate ? 2 : 1,
  max: withPredicate ? 2 : 1,
  type: numeric,
  create: () => {
    let total: number | null = null;
    return {
      add: ([v, p]) => {
        if (withPredicate && p !== true) return;
        if (typeof v === 'number') total = (total ?? 0) + v;
      },
      result: () => total,
    };
  },
});

const extreme = (sign: 1 | -1): AggregateFunction => ({
  min: 1,
  max: 1,
  type: (a) => a[0] ?? 'dynamic',
  create: () => {
    let best: Value = null;
    return {
      add: ([v]) => {
        if (isNull(v)) return;
        if (best === null || compareValues(v!, best) * sign > 0) best = v!;
      },
      result: () => best,
    };
  },
});

const distinctCount = (withPredicate: boolean): AggregateFunction => ({
  min: withPredicate ? 2 : 1,
  max: withPredicate ? 3 : 2,
  type: fixed('long'),
  create: () => {
    const seen = new Set<string>();
    return {
      // Exact, where Kusto's dcount is a HyperLogLog estimate: exact counts equal Kusto's on
      // the small sets audits produce (Kusto is exact below about a thousand values).
      add: ([v, p]) => {
        if (withPredicate && p !== true) return;
        if (!isNull(v)) seen.add(valueKey(v));
      },
      result: () => seen.size,
    };
  },
});

const collect = (unique: boolean, withPredicate: boolean): AggregateFunction => ({
  min: withPredicate ? 2 : 1,
  max: withPredicate ? 3 : 2,
  type: fixed('dynamic'),
  create: () => {
    const items: unknown[] = [];
    const seen = new Set<string>();
    let limit = Infinity;
    return {
      add: (args) => {
        const v = args[0];
        const p = withPredicate ? args[1] : true;
        const max = withPredicate ? args[2] : args[1];
        if (typeof max === 'number') limit = max;
        if (p !== true || isNull(v) || items.length >= limit) return;
        if (unique) {
          const k = valueKey(v);
          if (seen.has(k)) return;
          seen.add(k);
        }
        items.push(v instanceof Date ? v.toISOString() : v);
      },
      result: () => items,
    };
  },
});

/** The supported aggregation functions, by lower-case name. `arg_max`/`arg_min` are handled by summarize. */
export const AGGREGATES: Record<string, AggregateFunction> = {
  count: {
    min: 0,
    max: 0,
    type: fixed('long'),
    create: () => {
      let n = 0;
      return { add: () => void n++, result: () => n };
    },
  },
  countif: {
    min: 1,
    max: 1,
    type: fixed('long'),
    create: () => {
      let n = 0;
      return { add: ([p]) => void (p === true && n++), result: () => n };
    },
  },
  dcount: distinctCount(false),
  dcountif: distinctCount(true),
  sum: sum(false),
  sumif: sum(true),
  min: extreme(-1),
  max: extreme(1),
  avg: {
    min: 1,
    max: 1,
    type: fixed('real'),
    create: () => {
      let total = 0;
      let n = 0;
      return {
        add: ([v]) => {
          if (typeof v === 'number') {
            total += v;
            n++;
          }
        },
        result: () => (n === 0 ? null : total / n),
      };
    },
  },
  make_set: collect(true, false),
  make_set_if: collect(true, true),
  make_list: collect(false, false),
  make_list_if: collect(false, true),
  make_bag: {
    min: 1,
    max: 2,
    type: fixed('dynamic'),
    create: () => {
      const bag: Record<string, unknown> = {};
      return {
        add: ([v]) => {
          if (v && typeof v === 'object' && !Array.isArray(v)) Object.assign(bag, v);
        },
        result: () => bag,
      };
    },
  },
  any: {
    min: 1,
    max: 1,
    type: (a) => a[0] ?? 'dynamic',
    create: () => {
      let value: Value = null;
      let set = false;
      return {
        add: ([v]) => {
          if (!set && !isNull(v)) {
            value = v!;
            set = true;
          }
        },
        result: () => value,
      };
    },
  },
};
AGGREGATES['take_any'] = AGGREGATES['any']!;
/** take_anyif(expr, predicate): any non-null value among the rows where predicate holds (Kusto docs, take_anyif()). */
AGGREGATES['take_anyif'] = {
  min: 2,
  max: 2,
  type: (a) => a[0] ?? 'dynamic',
  create: () => {
    let value: Value = null;
    let set = false;
    return {
      add: ([v, p]) => {
        if (!set && p === true && !isNull(v)) {
          value = v!;
          set = true;
        }
      },
      result: () => value,
    };
  },
};

export const ARG_EXTREMES = new Set(['arg_max', 'arg_min']);

export function isAggregate(name: string): boolean {
  const n = name.toLowerCase();
  return n in AGGREGATES || ARG_EXTREMES.has(n);
}
