/** One variable to set (value is a string) or to remove (value is null). */
export interface EnvChange {
  readonly name: string;
  readonly value: string | null;
}

/** Every target `port42 env --shell` can write for. */
export type ShellName = 'bash' | 'zsh' | 'sh' | 'ksh' | 'fish' | 'tcsh' | 'elvish' | 'pwsh' | 'nu' | 'json' | 'dotenv' | 'gha';

/** A target that turns variable changes into code (or a data format) for one shell. */
export interface Shell {
  readonly name: ShellName;
  /** Code that sets/unsets every change, in order. Throws Port42Error('usage', …) for a value with NUL. */
  render(changes: readonly EnvChange[]): string;
}
