import { BlockList, isIPv4, isIPv6 } from 'node:net';

import type { Request } from 'restify';

/**
 * The address a request came from, as the socket sees it. Behind a reverse proxy or a platform's
 * front end this is the proxy's address, and channel traffic arrives from a few relay addresses
 * (Azure Bot Service, Meta): the per-address limit is then a ceiling for the whole bot.
 */
export function addressOf(request: Request): string {
  return request.socket.remoteAddress ?? 'unknown';
}

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/** True when a listening host only takes connections from this machine. */
export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIPv4(host)) return loopback.check(host, 'ipv4');
  if (isIPv6(host)) return loopback.check(host, 'ipv6');
  return false;
}
