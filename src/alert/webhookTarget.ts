import { lookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP } from 'node:net';

import { RestError } from '@azure/core-rest-pipeline';

/** Where an address points: the public internet, the app's own network, or somewhere never to POST. */
export type AddressKind = 'public' | 'private' | 'loopback' | 'forbidden';

function blockList(v4: readonly string[], v6: readonly string[]): BlockList {
  const list = new BlockList();
  for (const cidr of v4) {
    const [net, bits] = cidr.split('/');
    list.addSubnet(net!, Number(bits), 'ipv4');
  }
  for (const cidr of v6) {
    const [net, bits] = cidr.split('/');
    list.addSubnet(net!, Number(bits), 'ipv6');
  }
  return list;
}

const LOOPBACK = blockList(['127.0.0.0/8'], ['::1/128']);
/** RFC 1918, carrier-grade NAT (RFC 6598), IPv6 unique local (RFC 4193). */
const PRIVATE = blockList(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'], ['fc00::/7']);
/**
 * Never a webhook, whatever the settings: link-local (169.254.169.254 is the instance metadata
 * service that hands out the app's tokens), Azure's platform address 168.63.129.16 (wire server,
 * https://learn.microsoft.com/azure/virtual-network/what-is-ip-address-168-63-129-16), "this
 * network", IETF protocol assignments, benchmarking, multicast and reserved ranges.
 */
const FORBIDDEN = blockList(
  [
    '0.0.0.0/8',
    '169.254.0.0/16',
    '168.63.129.16/32',
    '192.0.0.0/24',
    '198.18.0.0/15',
    '224.0.0.0/4',
    '240.0.0.0/4',
  ],
  ['::/128', 'fe80::/10', 'ff00::/8'],
);

/** Classifies one IP address; IPv4-mapped IPv6 (`::ffff:10.0.0.1`) is judged as the IPv4 inside. */
export function classifyAddress(address: string): AddressKind {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  const ip = mapped ? mapped[1]! : address;
  const family = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
  if (FORBIDDEN.check(ip, family)) return 'forbidden';
  if (LOOPBACK.check(ip, family)) return 'loopback';
  if (PRIVATE.check(ip, family)) return 'private';
  return 'public';
}

/** Whether non-public webhook targets are allowed (`ALERT_WEBHOOK_ALLOW_PRIVATE`). */
export interface WebhookPolicy {
  allowPrivate: boolean;
  /** The resolver (default: the system's, `dns.lookup`); tests give one that answers any name. */
  resolve?: typeof lookup;
}

function refusal(kind: AddressKind, address: string, policy: WebhookPolicy): string | undefined {
  if (kind === 'public') return undefined;
  if (kind === 'forbidden') return `resolves to ${address}, an address a webhook may never use`;
  if (policy.allowPrivate) return undefined;
  return `resolves to ${kind} address ${address}; set ALERT_WEBHOOK_ALLOW_PRIVATE=true to allow it`;
}

/**
 * Checks what can be known before any request: https (plain http only to a loopback address when
 * private targets are allowed, for local runs), and an IP-literal or `localhost` host's range.
 * Returns the reason the URL is refused, or undefined.
 */
export function webhookUrlProblem(text: string, policy: WebhookPolicy): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `"${text}" is not a URL`;
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const kind = isIP(host) ? classifyAddress(host) : host === 'localhost' ? 'loopback' : undefined;
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && kind === 'loopback' && policy.allowPrivate))
    return `"${text}" must use https`;
  if (url.username || url.password) return `"${url.origin}" must not carry credentials in the URL`;
  const problem = kind ? refusal(kind, host, policy) : undefined;
  return problem ? `"${url.origin}" ${problem}` : undefined;
}

/**
 * A DNS lookup that refuses hosts resolving to addresses the policy does not allow. It runs inside
 * the connection itself (`lookup` of http.request), so a name cannot resolve to a public address
 * when checked and to a private one when connected (DNS rebinding).
 */
function guardedLookup(policy: WebhookPolicy): RequestOptions['lookup'] {
  return (
    hostname: string,
    options: LookupOptions,
    callback: (e: Error | null, address: string | LookupAddress[], family?: number) => void,
  ) => {
    (policy.resolve ?? lookup)(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      for (const a of addresses) {
        const problem = refusal(classifyAddress(a.address), a.address, policy);
        if (problem) return callback(new Error(`webhook host ${hostname} ${problem}`), []);
      }
      if (options.all) return callback(null, addresses);
      const first = addresses[0];
      if (!first) return callback(new Error(`webhook host ${hostname} has no address`), []);
      return callback(null, first.address, first.family);
    });
  };
}

/**
 * POSTs JSON to a webhook under the policy. Redirects are not followed (a 3xx is a failure: the
 * target could otherwise send the alert to a host the policy refuses), and the whole request is
 * bounded by `timeoutMs`. Throws a RestError with `statusCode` on a non-2xx answer.
 */
export async function postWebhookJson(
  target: string,
  body: unknown,
  policy: WebhookPolicy,
  timeoutMs = 15_000,
): Promise<void> {
  const problem = webhookUrlProblem(target, policy);
  if (problem) throw new Error(`webhook refused: ${problem}`);
  const url = new URL(target);
  const payload = Buffer.from(JSON.stringify(body));
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const shown = `${url.origin}${url.pathname}`;
  await new Promise<void>((resolve, reject) => {
    const req = send(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': payload.length },
        lookup: guardedLookup(policy),
        signal: AbortSignal.timeout(timeoutMs),
      },
      (res) => {
        res.resume();
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300) return resolve();
        const redirect = status >= 300 && status < 400 ? ' (redirects are not followed)' : '';
        reject(new RestError(`${shown} answered ${status}${redirect}`, { statusCode: status }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
