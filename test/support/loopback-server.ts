import type { Server } from 'node:http';

/** Listens on a free loopback port; the test servers never listen on other interfaces. */
export function listenOnLoopback(server: Server): Promise<void> {
  return new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
}

/** Closes the server and every connection still open on it. */
export async function closeServer(server: Server | undefined): Promise<void> {
  if (!server) return;
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
