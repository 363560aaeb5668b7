import type { ResourceGraphClient } from '@azure/arm-resourcegraph';
import { RestError } from '@azure/core-rest-pipeline';

import type { AzureClients } from '../../src/collect/azureClients.js';
import { QuotaPacer } from '../../src/collect/quotaPacer.js';

/**
 * Clients whose Resource Graph answers each batch of subscriptions in one page: the rows `rowsOf`
 * gives for the batch's first subscription, after `delayOf` of it milliseconds (5 unless given), or
 * 403 for the batch that starts with `failBatchStartingWith`. It counts the most requests it had in
 * flight at once; the pacer allows plenty.
 */
export function fakeBatchedResourceGraph(options: {
  rowsOf: (first: string) => unknown[];
  delayOf?: (first: string) => number;
  failBatchStartingWith?: string;
}) {
  let inFlight = 0;
  let mostInFlight = 0;
  const client = {
    resources: async (request: { subscriptions?: string[] }) => {
      const first = request.subscriptions?.[0] ?? '';
      mostInFlight = Math.max(mostInFlight, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, options.delayOf?.(first) ?? 5));
      inFlight--;
      if (first === options.failBatchStartingWith) throw new RestError('Forbidden', { statusCode: 403 });
      const data = options.rowsOf(first);
      return { totalRecords: data.length, count: data.length, resultTruncated: 'false', data };
    },
  };
  const clients = {
    resourceGraph: client as unknown as ResourceGraphClient,
    pacer: new QuotaPacer({ requests: 100 }),
  } as unknown as AzureClients;
  return { clients, mostInFlight: () => mostInFlight };
}
