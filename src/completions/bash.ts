/** The bash completion script: the shared data functions plus a small engine over COMP_WORDS. */
import { posixDataFunctions } from './posix-data.ts';
import { wordWalkStep } from './word-walk.ts';
import type { CompletionNode } from './tree.ts';

// Walks the words before the cursor with the step zsh shares (word-walk.ts); after exec's `--` it
// hands over to command-name completion, then to readline's own (files) via `-o default`.
const ENGINE = `# Profile names: the first column of \`port42 profile list\` (tab-separated when piped).
_port42_profiles() {
  local name rest
  while IFS=$'\\t' read -r name rest; do
    [[ -n $name ]] && printf '%s\\n' "$name"
  done < <(command port42 profile list 2>/dev/null)
}

_port42_reply() {
  local words=$1
  [[ $words == @profiles ]] && words=$(_port42_profiles)
  COMPREPLY=($(compgen -W "$words" -- "$2"))
}

_port42() {
  local cur=\${COMP_WORDS[COMP_CWORD]} node= value_of= npos=0 after=-1 i word subs
  COMPREPLY=()
  # With "=" in COMP_WORDBREAKS, --shell=ba arrives as --shell, =, ba.
  [[ $cur == = ]] && cur=
  for ((i = 1; i < COMP_CWORD; i++)); do
    word=\${COMP_WORDS[i]}
    [[ $word == = ]] && continue
${wordWalkStep('bash')}
  done
  if ((after >= 0)); then
    ((COMP_CWORD == after + 1)) && COMPREPLY=($(compgen -c -- "$cur"))
    return 0
  fi
  if [[ -n $value_of ]]; then _port42_reply "$(_port42_optval "$node|$value_of")" "$cur"; return 0; fi
  if [[ $cur == -* ]]; then _port42_reply "$(_port42_opts "$node")" "$cur"; return 0; fi
  subs=$(_port42_subs "$node")
  if [[ -n $subs ]]; then _port42_reply "$subs" "$cur"; else _port42_reply "$(_port42_pos "$node|$npos")" "$cur"; fi
}

complete -o bashdefault -o default -F _port42 port42
`;

/** The whole bash script. Install: `source <(port42 completion bash)` or copy it to bash-completion's directory. */
export function renderBashCompletion(nodes: readonly CompletionNode[]): string {
  return `# bash completion for port42. Generated from port42's command table (src/cli/commands.ts); do not edit.
# Regenerate: port42 completion bash > completions/port42.bash
# Install: add  source <(port42 completion bash)  to ~/.bashrc, or copy this file to
# ~/.local/share/bash-completion/completions/port42

${posixDataFunctions(nodes)}
${ENGINE}`;
}
