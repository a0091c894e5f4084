import type { mongo } from 'mongoose';

import type { Logger } from '../kernel/logger';

export interface ServerMonitorWatchdog {
  /** Stops watching; resolves once a reconnection in progress has finished. */
  stop(): Promise<void>;
}

/**
 * Reconnects the driver when its server monitor is stuck. The monitor's heartbeat can fall into
 * the same trap as an operation (see operation-deadline.ts): written to a socket the dying server
 * has just closed, it waits for ever. The driver then never learns that the server is back: its
 * connection pool stays paused and every operation fails until the process restarts, and the
 * journal never drains. A heartbeat ends, in success or failure, within the connect timeout (plus
 * the wait of the streaming protocol); one that has not ended well after that is stuck, and only a
 * new client topology (close, then connect) replaces the monitor.
 */
export function watchServerMonitor(
  client: mongo.MongoClient,
  options: {
    /** The driver's `connectTimeoutMS`: a heartbeat's longest wait for its reply. */
    replyTimeoutMs: number;
    /** The driver's `heartbeatFrequencyMS`: how long a streaming heartbeat waits for news. */
    heartbeatFrequencyMs: number;
    logger: Logger;
  },
): ServerMonitorWatchdog {
  const { replyTimeoutMs, heartbeatFrequencyMs, logger } = options;
  // Well past the longest a heartbeat can take: room for a busy event loop.
  const stuckAfterMs = Math.max(replyTimeoutMs + 5_000, Math.round(1.5 * replyTimeoutMs));
  /** Heartbeats started and not ended, by server address: when they are due to have ended. */
  const pending = new Map<string, number>();
  let disconnected = false;
  let reconnecting: Promise<void> | undefined;
  let stopped = false;

  client.on('serverHeartbeatStarted', (event) =>
    pending.set(
      event.connectionId,
      Date.now() + stuckAfterMs + (event.awaited ? heartbeatFrequencyMs : 0),
    ),
  );
  client.on('serverHeartbeatSucceeded', (event) => pending.delete(event.connectionId));
  client.on('serverHeartbeatFailed', (event) => pending.delete(event.connectionId));
  client.on('serverClosed', (event) => pending.delete(event.address));

  const stuck = () => {
    const now = Date.now();
    for (const dueAt of pending.values()) if (now > dueAt) return true;
    return false;
  };

  const reconnect = async () => {
    if (!disconnected) {
      logger.warn('database driver stopped watching the server: reconnecting');
      pending.clear();
      disconnected = true;
      await client.close().catch(() => undefined);
    }
    if (stopped) return;
    try {
      await client.connect();
      disconnected = false;
      logger.info('database driver reconnected');
    } catch {
      // The server is not there yet: the next check tries again.
    }
  };

  const timer = setInterval(
    () => {
      if (stopped || reconnecting || !(disconnected || stuck())) return;
      reconnecting = reconnect().finally(() => (reconnecting = undefined));
    },
    Math.max(100, Math.floor(stuckAfterMs / 4)),
  );
  timer.unref();

  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await reconnecting;
    },
  };
}
