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
  const heartbeats = trackHeartbeats(client, stuckAfterMs, heartbeatFrequencyMs);
  const state: WatchState = { disconnected: false, stopped: false };
  let reconnecting: Promise<void> | undefined;

  const timer = setInterval(
    () => {
      if (state.stopped || reconnecting || !(state.disconnected || heartbeats.stuck())) return;
      reconnecting = reconnect(client, heartbeats, state, logger).finally(
        () => (reconnecting = undefined),
      );
    },
    Math.max(100, Math.floor(stuckAfterMs / 4)),
  );
  timer.unref();

  return {
    async stop() {
      state.stopped = true;
      clearInterval(timer);
      await reconnecting;
    },
  };
}

interface WatchState {
  /** The client was closed to replace its monitor and is not connected again yet. */
  disconnected: boolean;
  stopped: boolean;
}

interface Heartbeats {
  /** True when a heartbeat has not ended well after it should have. */
  stuck(): boolean;
  clear(): void;
}

/** Heartbeats started and not ended, by server address, with when they are due to have ended. */
function trackHeartbeats(
  client: mongo.MongoClient,
  stuckAfterMs: number,
  heartbeatFrequencyMs: number,
): Heartbeats {
  const pending = new Map<string, number>();
  client.on('serverHeartbeatStarted', (event) =>
    pending.set(
      event.connectionId,
      Date.now() + stuckAfterMs + (event.awaited ? heartbeatFrequencyMs : 0),
    ),
  );
  client.on('serverHeartbeatSucceeded', (event) => pending.delete(event.connectionId));
  client.on('serverHeartbeatFailed', (event) => pending.delete(event.connectionId));
  client.on('serverClosed', (event) => pending.delete(event.address));
  return {
    stuck() {
      const now = Date.now();
      for (const dueAt of pending.values()) if (now > dueAt) return true;
      return false;
    },
    clear: () => pending.clear(),
  };
}

/** Closes the client (once) and connects it again: a new topology, with a new monitor. */
async function reconnect(
  client: mongo.MongoClient,
  heartbeats: Heartbeats,
  state: WatchState,
  logger: Logger,
): Promise<void> {
  if (!state.disconnected) {
    logger.warn('database driver stopped watching the server: reconnecting');
    heartbeats.clear();
    state.disconnected = true;
    await client.close().catch(() => undefined);
  }
  if (state.stopped) return;
  try {
    await client.connect();
    state.disconnected = false;
    logger.info('database driver reconnected');
  } catch {
    // The server is not there yet: the next check tries again.
  }
}
