import { valueKey, type Value } from './values.js';

/** The key null has among primitive keys (a symbol no value can equal). */
const NULL_KEY = Symbol('null');

/**
 * Keys by KQL value equality, as {@link valueKey} defines it, without building a key string per
 * value: strings, numbers and booleans are their own keys (a Map's SameValueZero equals valueKey's
 * equality for them, `'1'` and `1` staying apart), null is one key, and only dates, timespans and
 * dynamic values go through valueKey.
 */
class KeyedLevel<T> {
  private readonly primitives = new Map<unknown, T>();
  private others: Map<string, T> | undefined;

  get(v: unknown): T | undefined {
    switch (typeof v) {
      case 'string':
      case 'number':
      case 'boolean':
        return this.primitives.get(v);
      default:
        if (v === null || v === undefined) return this.primitives.get(NULL_KEY);
        return this.others?.get(valueKey(v));
    }
  }

  set(v: unknown, value: T): void {
    switch (typeof v) {
      case 'string':
      case 'number':
      case 'boolean':
        this.primitives.set(v, value);
        return;
      default:
        if (v === null || v === undefined) this.primitives.set(NULL_KEY, value);
        else (this.others ??= new Map()).set(valueKey(v), value);
    }
  }

  get size(): number {
    return this.primitives.size + (this.others?.size ?? 0);
  }
}

/** A set of KQL values by value equality (dcount, make_set). */
export class ValueSet {
  private readonly level = new KeyedLevel<true>();

  /** Adds the value; false when an equal value was there already. */
  add(v: Value): boolean {
    if (this.level.get(v)) return false;
    this.level.set(v, true);
    return true;
  }

  get size(): number {
    return this.level.size;
  }
}

type Node<T> = KeyedLevel<Node<T>> | T;

/**
 * `summarize`'s groups by their key values: one map level per `by` column, so a row finds its group
 * with one look-up per key instead of building and hashing a joined key string. Groups come back in
 * the order they were first seen.
 */
export class GroupIndex<T> {
  private readonly root = new KeyedLevel<Node<T>>();
  private readonly list: T[] = [];

  constructor(private readonly depth: number) {}

  find(keys: readonly Value[]): T | undefined {
    if (this.depth === 0) return this.list[0];
    let level = this.root;
    for (let k = 0; k < this.depth - 1; k++) {
      const next = level.get(keys[k]) as KeyedLevel<Node<T>> | undefined;
      if (!next) return undefined;
      level = next;
    }
    return level.get(keys[this.depth - 1]) as T | undefined;
  }

  /** Adds a group that {@link find} did not find; returns it. */
  insert(keys: readonly Value[], group: T): T {
    this.list.push(group);
    if (this.depth === 0) return group;
    let level = this.root;
    for (let k = 0; k < this.depth - 1; k++) {
      let next = level.get(keys[k]) as KeyedLevel<Node<T>> | undefined;
      if (!next) {
        next = new KeyedLevel<Node<T>>();
        level.set(keys[k], next);
      }
      level = next;
    }
    level.set(keys[this.depth - 1], group);
    return group;
  }

  values(): T[] {
    return this.list;
  }
}
