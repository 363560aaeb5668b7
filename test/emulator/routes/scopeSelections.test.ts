/**
 * The emulator's role-assignment lists keep up with a tenant whose assignments crowd into a few
 * subscriptions (issue #15, "an emulator that keeps up"): a list's pages, asked one after another,
 * select the scope's assignments once, not once per page.
 */
import { describe, expect, it, vi } from 'vitest';

import { generateTenant } from '../../../emulator/generateTenant.js';
import { parseTenantFixture } from '../../../emulator/fixture/tenantFixture.js';
import { parseFilter, scopeSelections } from '../../../emulator/routes/armRoutes.js';
import { norm, TenantModel, type Json } from '../../../emulator/tenantModel.js';

const model = new TenantModel(
  parseTenantFixture(
    generateTenant({ resources: 200, subscriptions: 2, vaults: 2, logRows: 0, assignments: 4000, seed: 3 }),
  ),
);
const assignments = model.fixture.roleAssignments as Json[];
const subscription = `/subscriptions/${String(model.fixture.subscriptions[0]!.subscriptionId)}`;

describe('role assignments selected by scope', () => {
  it('selects once per list, scope and filter, however many pages are read', () => {
    const select = scopeSelections(model);
    const within = vi.spyOn(model, 'isWithin');
    const filter = parseFilter(null);
    const first = select(assignments, subscription, filter);
    const passes = within.mock.calls.length;
    expect(passes, "the first page looks at the assignments' scopes").toBeGreaterThan(0);
    for (let page = 0; page < 40; page++) expect(select(assignments, subscription, filter)).toBe(first);
    expect(within.mock.calls.length, 'later pages look at none').toBe(passes);
    within.mockRestore();
  });

  it('selects what a fresh selection would: at, above and below the scope, or at and above with atScope()', () => {
    const select = scopeSelections(model);
    const scopeOf = (a: Json) => norm(String((a['properties'] as Json)['scope']));
    const below = select(assignments, subscription, parseFilter(null));
    const atAndAbove = select(assignments, subscription, parseFilter('atScope()'));
    expect(below.length).toBeGreaterThan(atAndAbove.length);
    expect(
      below.every(
        (a) =>
          model.isWithin(scopeOf(a), norm(subscription)) ||
          model.ancestors(norm(subscription)).includes(scopeOf(a)),
      ),
    ).toBe(true);
    expect(atAndAbove.every((a) => model.ancestors(norm(subscription)).includes(scopeOf(a)))).toBe(true);
    // In the fixture's order, as before selections were kept.
    const order = new Map(assignments.map((a, i) => [a, i]));
    expect(below.map((a) => order.get(a)!)).toEqual(below.map((a) => order.get(a)!).sort((x, y) => x - y));
  });

  it("selects a management group's own assignments and those above it (atScope), in the fixture's order", () => {
    const hierarchy = new TenantModel(
      parseTenantFixture(
        generateTenant({
          resources: 100,
          subscriptions: 6,
          managementGroups: 30,
          assignments: 3000,
          seed: 4,
        }),
      ),
    );
    const items = hierarchy.fixture.roleAssignments as Json[];
    const select = scopeSelections(hierarchy);
    let nonEmpty = 0;
    for (const g of hierarchy.fixture.managementGroups) {
      const scope = `/providers/Microsoft.Management/managementGroups/${g.name}`;
      const above = new Set(hierarchy.ancestors(norm(scope)));
      const expected = items.filter((a) => above.has(norm(String((a['properties'] as Json)['scope']))));
      const selected = select(items, scope, parseFilter('atScope()'));
      expect(selected).toEqual(expected);
      if (selected.length > 0) nonEmpty++;
    }
    expect(nonEmpty).toBeGreaterThan(10);
  });
});
