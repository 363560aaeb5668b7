import { ValueSet } from './groupIndex.js';
import { compareValues, isNull, type KqlType, type Value } from './values.js';

/**
 * Running state of one aggregate over one group. Classes, one per aggregate, with the arguments
 * read by index: summarize calls `add` once per row and aggregate, the hottest call in a log query.
 */
export interface Accumulator {
  add(args: readonly Value[]): void;
  result(): Value;
  /** True once no further row can change the result: summarize stops evaluating its arguments. */
  readonly done: boolean;
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

class Count implements Accumulator {
  done = false;
  private n = 0;
  add(): void {
    this.n++;
  }
  result(): Value {
    return this.n;
  }
}

class CountIf implements Accumulator {
  done = false;
  private n = 0;
  add(args: readonly Value[]): void {
    if (args[0] === true) this.n++;
  }
  result(): Value {
    return this.n;
  }
}

class Sum implements Accumulator {
  done = false;
  private total: number | null = null;
  constructor(private readonly withPredicate: boolean) {}
  add(args: readonly Value[]): void {
    if (this.withPredicate && args[1] !== true) return;
    const v = args[0];
    if (typeof v === 'number') this.total = (this.total ?? 0) + v;
  }
  result(): Value {
    return this.total;
  }
}

const sum = (withPredicate: boolean): AggregateFunction => ({
  min: withPredicate ? 2 : 1,
  max: withPredicate ? 2 : 1,
  type: numeric,
  create: () => new Sum(withPredicate),
});

class Extreme implements Accumulator {
  done = false;
  private best: Value = null;
  constructor(private readonly sign: 1 | -1) {}
  add(args: readonly Value[]): void {
    const v = args[0];
    if (isNull(v)) return;
    const best = this.best;
    // Datetimes first: min/max(TimeGenerated) over every log row is the common case.
    if (v instanceof Date && best instanceof Date) {
      if ((v.getTime() - best.getTime()) * this.sign > 0) this.best = v;
    } else if (best === null || compareValues(v!, best) * this.sign > 0) this.best = v!;
  }
  result(): Value {
    return this.best;
  }
}

const extreme = (sign: 1 | -1): AggregateFunction => ({
  min: 1,
  max: 1,
  type: (a) => a[0] ?? 'dynamic',
  create: () => new Extreme(sign),
});

/**
 * dcount / dcountif. Exact, where Kusto's dcount is a HyperLogLog estimate: exact counts equal
 * Kusto's on the small sets audits produce (Kusto is exact below about a thousand values).
 */
class DistinctCount implements Accumulator {
  done = false;
  private readonly seen = new ValueSet();
  constructor(private readonly withPredicate: boolean) {}
  add(args: readonly Value[]): void {
    if (this.withPredicate && args[1] !== true) return;
    const v = args[0];
    if (!isNull(v)) this.seen.add(v!);
  }
  result(): Value {
    return this.seen.size;
  }
}

const distinctCount = (withPredicate: boolean): AggregateFunction => ({
  min: withPredicate ? 2 : 1,
  max: withPredicate ? 3 : 2,
  type: fixed('long'),
  create: () => new DistinctCount(withPredicate),
});

/** make_set / make_list (and their `_if` forms), up to the size limit argument when given. */
class Collect implements Accumulator {
  done = false;
  private readonly items: unknown[] = [];
  private readonly seen: ValueSet | undefined;
  private limit = Infinity;
  constructor(
    unique: boolean,
    private readonly withPredicate: boolean,
  ) {
    this.seen = unique ? new ValueSet() : undefined;
  }
  add(args: readonly Value[]): void {
    const v = args[0];
    const p = this.withPredicate ? args[1] : true;
    const max = this.withPredicate ? args[2] : args[1];
    if (typeof max === 'number') this.limit = max;
    if (p !== true || isNull(v) || this.items.length >= this.limit) return;
    if (this.seen && !this.seen.add(v!)) return;
    this.items.push(v instanceof Date ? v.toISOString() : v);
    // Kusto takes the limit as a constant: once reached, no row can add to the set.
    if (this.items.length >= this.limit) this.done = true;
  }
  result(): Value {
    return this.items;
  }
}

const collect = (unique: boolean, withPredicate: boolean): AggregateFunction => ({
  min: withPredicate ? 2 : 1,
  max: withPredicate ? 3 : 2,
  type: fixed('dynamic'),
  create: () => new Collect(unique, withPredicate),
});

class Avg implements Accumulator {
  done = false;
  private total = 0;
  private n = 0;
  add(args: readonly Value[]): void {
    const v = args[0];
    if (typeof v === 'number') {
      this.total += v;
      this.n++;
    }
  }
  result(): Value {
    return this.n === 0 ? null : this.total / this.n;
  }
}

class MakeBag implements Accumulator {
  done = false;
  private readonly bag: Record<string, unknown> = {};
  add(args: readonly Value[]): void {
    const v = args[0];
    if (v && typeof v === 'object' && !Array.isArray(v)) Object.assign(this.bag, v);
  }
  result(): Value {
    return this.bag;
  }
}

/**
 * take_any(expr) and take_anyif(expr, predicate): any non-null value (among the rows where the
 * predicate holds; Kusto docs, take_anyif()). The first such value is kept, so later rows need not
 * be evaluated.
 */
class TakeAny implements Accumulator {
  done = false;
  private value: Value = null;
  constructor(private readonly withPredicate: boolean) {}
  add(args: readonly Value[]): void {
    if (this.withPredicate && args[1] !== true) return;
    const v = args[0];
    if (!isNull(v)) {
      this.value = v!;
      this.done = true;
    }
  }
  result(): Value {
    return this.value;
  }
}

/** The supported aggregation functions, by lower-case name. `arg_max`/`arg_min` are handled by summarize. */
export const AGGREGATES: Record<string, AggregateFunction> = {
  count: { min: 0, max: 0, type: fixed('long'), create: () => new Count() },
  countif: { min: 1, max: 1, type: fixed('long'), create: () => new CountIf() },
  dcount: distinctCount(false),
  dcountif: distinctCount(true),
  sum: sum(false),
  sumif: sum(true),
  min: extreme(-1),
  max: extreme(1),
  avg: { min: 1, max: 1, type: fixed('real'), create: () => new Avg() },
  make_set: collect(true, false),
  make_set_if: collect(true, true),
  make_list: collect(false, false),
  make_list_if: collect(false, true),
  make_bag: { min: 1, max: 2, type: fixed('dynamic'), create: () => new MakeBag() },
  any: { min: 1, max: 1, type: (a) => a[0] ?? 'dynamic', create: () => new TakeAny(false) },
};
AGGREGATES['take_any'] = AGGREGATES['any']!;
AGGREGATES['take_anyif'] = {
  min: 2,
  max: 2,
  type: (a) => a[0] ?? 'dynamic',
  create: () => new TakeAny(true),
};

export const ARG_EXTREMES = new Set(['arg_max', 'arg_min']);

export function isAggregate(name: string): boolean {
  const n = name.toLowerCase();
  return n in AGGREGATES || ARG_EXTREMES.has(n);
}
