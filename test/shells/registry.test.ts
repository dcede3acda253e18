import { describe, expect, it } from 'vitest';
import { Port42Error } from '../../src/errors.ts';
import { getShell, SHELL_NAMES, shellFromPath } from '../../src/shells/registry.ts';

describe('getShell', () => {
  it('knows all twelve targets by name', () => {
    expect([...SHELL_NAMES].sort()).toEqual(
      ['bash', 'dotenv', 'elvish', 'fish', 'gha', 'json', 'ksh', 'nu', 'pwsh', 'sh', 'tcsh', 'zsh'].sort(),
    );
    for (const name of SHELL_NAMES) expect(getShell(name).name).toBe(name);
  });

  it('refuses an unknown shell with a usage error listing the valid names', () => {
    for (const name of ['cmd', 'Bash', 'toString', '__proto__', '']) {
      let error: unknown;
      try {
        getShell(name);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(Port42Error);
      expect((error as Port42Error).code).toBe('usage');
      expect((error as Port42Error).message).toContain('bash, zsh, sh, ksh, fish, tcsh, elvish, pwsh, nu, json, dotenv, gha');
    }
  });
});

describe('shellFromPath', () => {
  it.each([
    ['/bin/bash', 'bash'],
    ['/usr/local/bin/zsh', 'zsh'],
    ['/opt/homebrew/bin/fish', 'fish'],
    ['/bin/tcsh', 'tcsh'],
    ['/bin/csh', 'tcsh'],
    ['/bin/ksh', 'ksh'],
    ['/bin/mksh', 'ksh'],
    ['/usr/bin/ksh93', 'ksh'],
    ['/bin/dash', 'sh'],
    ['/bin/sh', 'sh'],
    ['/bin/busybox', 'sh'],
    ['/usr/bin/elvish', 'elvish'],
    ['/usr/bin/nu', 'nu'],
    ['/usr/bin/pwsh', 'pwsh'],
    ['C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', 'pwsh'],
    ['-bash', 'bash'],
    ['zsh', 'zsh'],
    ['/usr/bin/xonsh', 'sh'],
    ['/usr/bin/constructor', 'sh'],
    ['', 'sh'],
    [undefined, 'sh'],
  ])('maps $SHELL=%j to %s', (path, expected) => {
    expect(shellFromPath(path)).toBe(expected);
  });
});
