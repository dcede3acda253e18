/** Waiting for the signals that stop a foreground server (`port42 proxy`). */

/** Resolves with the first SIGINT, SIGTERM or SIGHUP received; the handlers are removed then. */
export function waitForStopSignal(): Promise<NodeJS.Signals> {
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  return new Promise((resolve) => {
    const handler = (signal: NodeJS.Signals): void => {
      for (const s of signals) process.off(s, handler);
      resolve(signal);
    };
    for (const s of signals) process.on(s, handler);
  });
}
