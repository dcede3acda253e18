import { MemoryStore } from '../../src/stores/memory.ts';

/** A store whose n-th set (1-based) throws, as a crash between two writes would stop a run. */
export class CrashingStore extends MemoryStore {
  sets = 0;
  constructor(private readonly crashAt: number) {
    super('keychain');
  }
  override async set(account: string, value: string): Promise<void> {
    if (++this.sets === this.crashAt) throw new Error('simulated crash');
    await super.set(account, value);
  }
}
