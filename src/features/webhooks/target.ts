// Where a webhook may go (API.md "Webhooks"): outside production any http(s) URL; in production `https` only and
// never a private, loopback, link-local or otherwise internal address — checked on the addresses the host name
// resolves to, when the endpoint is saved and again at each attempt, where the connection is made to the very
// address that was checked (no second resolution an attacker could answer differently).
import { lookup } from 'node:dns/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';

const internal = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24],
  ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) internal.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['2001:db8::', 32], ['64:ff9b::', 96], ['100::', 64]] as const) {
  internal.addSubnet(network, prefix, 'ipv6');
}

/** True for an address a webhook may reach in production. IPv4-mapped IPv6 addresses are judged as IPv4. */
export function isPublicAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return isPublicAddress(mapped);
  const family = isIP(address);
  if (family === 0) return false;
  return !internal.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export type TargetRule = { publicTargetsOnly: boolean };

/** Why the URL is refused (a note for logs), or undefined when a webhook may go there. */
export async function targetRefusal(url: string, rule: TargetRule): Promise<string | undefined> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not a URL';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return 'not http(s)';
  if (parsed.username || parsed.password) return 'credentials in the URL';
  if (!rule.publicTargetsOnly) return undefined;
  if (parsed.protocol !== 'https:') return 'https only in production';
  try {
    await resolvePublic(hostOf(parsed));
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

const hostOf = (url: URL) => url.hostname.replace(/^\[|\]$/g, '');

/** The host's addresses when every one is public; else an error naming why. */
async function resolvePublic(host: string): Promise<{ address: string; family: number }[]> {
  const addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await lookup(host, { all: true, verbatim: true });
  if (addresses.length === 0) throw new Error(`${host} does not resolve`);
  const refused = addresses.find((each) => !isPublicAddress(each.address));
  if (refused) throw new Error(`${host} resolves to the internal address ${refused.address}`);
  return addresses;
}

/** A lookup for node:http that only ever answers checked public addresses. */
const publicLookup: LookupFunction = (hostname, options, callback) => {
  resolvePublic(hostname).then(
    (addresses) => {
      const first = addresses[0]!;
      if ((options as { all?: boolean }).all) (callback as unknown as (error: null, addresses: { address: string; family: number }[]) => void)(null, addresses);
      else callback(null, first.address, first.family);
    },
    (error: Error) => callback(Object.assign(error, { code: 'EWEBHOOKTARGET' }) as NodeJS.ErrnoException, '', 0),
  );
};

export interface AttemptAnswer {
  statusCode: number | null;
  /** Why there was no answer (timeout, refused target, network). */
  error?: string;
}

/** POSTs the body once: the status of the answer, or why there was none within `timeoutMs`. Redirects are not followed. */
export function postWebhook(url: string, headers: Record<string, string>, body: string, options: TargetRule & { timeoutMs: number }): Promise<AttemptAnswer> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return Promise.resolve({ statusCode: null, error: 'not a URL' });
  }
  if (options.publicTargetsOnly && parsed.protocol !== 'https:') return Promise.resolve({ statusCode: null, error: 'https only in production' });
  // An address written in the URL is connected to without any lookup: it is checked here.
  const host = hostOf(parsed);
  if (options.publicTargetsOnly && isIP(host) && !isPublicAddress(host)) return Promise.resolve({ statusCode: null, error: `the internal address ${host}` });
  const send = parsed.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (answer: AttemptAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(answer);
    };
    const request = send(
      parsed,
      {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'professional-spaces-webhooks' },
        ...(options.publicTargetsOnly ? { lookup: publicLookup } : {}),
      },
      (response) => {
        response.resume();
        finish({ statusCode: response.statusCode ?? null });
      },
    );
    const timer = setTimeout(() => {
      request.destroy();
      finish({ statusCode: null, error: `no answer within ${options.timeoutMs} ms` });
    }, options.timeoutMs);
    request.on('error', (error: NodeJS.ErrnoException) => finish({ statusCode: null, error: error.code === 'EWEBHOOKTARGET' ? error.message : `${error.code ?? 'error'}: ${error.message}` }));
    request.end(body);
  });
}
