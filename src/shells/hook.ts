import { quoteFish } from './fish.ts';
import { quotePosix } from './sh.ts';

/**
 * bash and zsh share the hook body. It calls `env --hook` when the directory changed since the
 * last call, or when `PORT42_EXPIRES_AT` (epoch seconds) is due within 60 s. The digits-only
 * check comes first because bash and zsh arithmetic would evaluate any other text as code.
 * `10#` keeps a leading zero from reading as octal. `$?` is kept for later prompt code.
 */
function posixHookFunction(shell: 'bash' | 'zsh', self: string): string {
  return `_port42_hook() {
  local _port42_status=$? _port42_due=
  if [[ -n \${PORT42_EXPIRES_AT-} && $PORT42_EXPIRES_AT != *[!0-9]* ]]; then
    local _port42_now=\${EPOCHSECONDS:-$(date +%s)}
    (( _port42_now >= 10#$PORT42_EXPIRES_AT - 60 )) && _port42_due=1
  fi
  if [[ -n $_port42_due || \${_port42_hook_pwd-} != "$PWD" ]]; then
    _port42_hook_pwd=$PWD
    eval "$(${quotePosix(self)} env --hook --shell ${shell})"
  fi
  return $_port42_status
}
`;
}

// PROMPT_COMMAND may be a string or (bash 5.1+) an array; prepend to either without dropping the rest.
const BASH_REGISTER = `if [[ \${PROMPT_COMMAND[*]-} != *_port42_hook* ]]; then
  if [[ $(declare -p PROMPT_COMMAND 2>/dev/null) == 'declare -a'* ]]; then
    PROMPT_COMMAND=(_port42_hook "\${PROMPT_COMMAND[@]}")
  else
    PROMPT_COMMAND="_port42_hook\${PROMPT_COMMAND:+;$PROMPT_COMMAND}"
  fi
fi
`;

// chpwd reacts to cd at once; precmd catches expiry. zsh/datetime provides EPOCHSECONDS.
const ZSH_REGISTER = `zmodload zsh/datetime 2>/dev/null
typeset -ga precmd_functions chpwd_functions
(( \${precmd_functions[(I)_port42_hook]} )) || precmd_functions=(_port42_hook $precmd_functions)
(( \${chpwd_functions[(I)_port42_hook]} )) || chpwd_functions=(_port42_hook $chpwd_functions)
`;

// Defining the function again replaces its event handlers, so sourcing twice registers once.
function fishHook(self: string): string {
  return `function __port42_hook --on-event fish_prompt --on-variable PWD
    set -l due
    if string match -qr '^[0-9]{1,12}$' -- "$PORT42_EXPIRES_AT"
        and test (date +%s) -ge (math $PORT42_EXPIRES_AT - 60)
        set due 1
    end
    if test -n "$due"; or test "$__port42_hook_pwd" != "$PWD"
        set -g __port42_hook_pwd $PWD
        ${quoteFish(self)} env --hook --shell fish | source
    end
end
`;
}

/**
 * Prompt hook code, like `direnv hook`: before each prompt (and on `cd`) it runs
 * `<self> env --hook --shell <shell>` and evaluates the output, when the directory changed or
 * the credentials in `PORT42_EXPIRES_AT` expire within 60 s. Installing it twice registers it
 * once. `self` is the path of the port42 executable, quoted here.
 * Usage: bash `eval "$(port42 hook bash)"`, zsh `eval "$(port42 hook zsh)"`,
 * fish `port42 hook fish | source`.
 */
export function renderHook(shell: 'bash' | 'zsh' | 'fish', self: string): string {
  if (shell === 'fish') return fishHook(self);
  return posixHookFunction(shell, self) + (shell === 'bash' ? BASH_REGISTER : ZSH_REGISTER);
}
