/** What a proxy session counts for its end-of-session audit line. */
export interface ProxyStats {
  /** Requests forwarded to the upstream (WebSocket upgrades included). */
  requests: number;
  /** Requests refused by the proxy's own rules (never forwarded). */
  refused: number;
  /** Upstream failures: unreachable, no headers in time, a stream cut short. */
  upstreamErrors: number;
  /** Body bytes from the client to the upstream, and back. */
  bytesUp: number;
  bytesDown: number;
}

/** Zeroed counters. */
export function emptyStats(): ProxyStats {
  return { requests: 0, refused: 0, upstreamErrors: 0, bytesUp: 0, bytesDown: 0 };
}
