/** The agent's bounded life: an idle limit reset by each use and a maximum from the start. */
import { usageError } from '../errors.ts';

/** Defaults of `port42 unlock`: forget the key after 30 minutes unused, or 12 hours in any case. */
export const DEFAULT_IDLE = '30m';
export const DEFAULT_MAX = '12h';
/** The longest either limit may be (node timers also top out near 24.8 days). */
export const LIMIT_MS = 7 * 86_400_000;

const UNITS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Milliseconds for `2s`, `30m`, `12h`, `1d` (at most 7 days). Throws a usage error (exit 2). */
export function parseLifetime(text: string, option: string): number {
  const match = /^([1-9][0-9]{0,6})([smhd])$/.exec(text.trim());
  const ms = match ? Number(match[1]) * (UNITS[match[2] ?? ''] ?? NaN) : NaN;
  if (!Number.isFinite(ms) || ms > LIMIT_MS) {
    throw usageError(`${option} takes a duration such as 2s, 30m or 12h (at most 7d), not "${text}"`, `port42 unlock ${option} 30m`);
  }
  return ms;
}

/** "N min left" for people: rounded up, so that a live agent never says 0. */
export function minutesLeft(ms: number): string {
  return `${Math.max(1, Math.ceil(ms / 60_000))} min left`;
}

/** Calls `expire` once the idle or the maximum limit is reached. */
export class Lifetime {
  private startedAt: number;
  private lastUse: number;
  private idleTimer: NodeJS.Timeout | undefined;
  private maxTimer: NodeJS.Timeout;

  constructor(
    public idleMs: number,
    public maxMs: number,
    private readonly expire: (reason: 'idle' | 'max') => void,
  ) {
    this.startedAt = this.lastUse = Date.now();
    this.maxTimer = setTimeout(() => expire('max'), maxMs);
    this.touch();
  }

  /** Starts both limits again from now, with new lengths (a repeated `port42 unlock`). */
  renew(idleMs: number, maxMs: number): void {
    this.idleMs = idleMs;
    this.maxMs = maxMs;
    this.startedAt = Date.now();
    clearTimeout(this.maxTimer);
    this.maxTimer = setTimeout(() => this.expire('max'), maxMs);
    this.touch();
  }

  /** Marks a use: the idle limit starts again. */
  touch(): void {
    this.lastUse = Date.now();
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.expire('idle'), this.idleMs);
  }

  /** Milliseconds until the sooner limit. */
  leftMs(): number {
    const now = Date.now();
    return Math.max(0, Math.min(this.lastUse + this.idleMs - now, this.startedAt + this.maxMs - now));
  }

  stop(): void {
    clearTimeout(this.idleTimer);
    clearTimeout(this.maxTimer);
  }
}
