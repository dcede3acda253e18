/**
 * The step the bash and zsh engines share: what one word before the cursor does to the walk down
 * the command tree. Both shells read the same `[[ … ]]` and `case` syntax, so the step is written
 * once; the two differ only in their arithmetic spelling and in how a dead end is reported.
 */

/** How each shell spells the two lines that differ. */
const DIALECTS = {
  bash: { count: '((npos++))', stop: 'return 0' },
  // zsh: a non-zero status tells the completion system there were no matches.
  zsh: { count: '(( npos++ ))', stop: 'return 1' },
} as const;

/**
 * The body of the engine's loop over the words before the cursor (`$word`, indented for it):
 * group words select the node, options are skipped (with their value when they take one), other
 * words count as positionals, a word that is neither ends the completion, and exec's `--` sets
 * `after` and leaves the loop.
 */
export function wordWalkStep(shell: keyof typeof DIALECTS): string {
  const { count, stop } = DIALECTS[shell];
  return `    if [[ -n $value_of ]]; then value_of=; continue; fi
    case $word in
      --) if [[ -n $(_port42_rest "$node") ]]; then after=$i; break; fi ;;
      --*=*) ;;
      -*) [[ " $(_port42_valopts "$node") " == *" $word "* ]] && value_of=$word ;;
      *)
        subs=$(_port42_subs "$node")
        if [[ -z $subs ]]; then
          ${count}
        elif [[ " $subs " == *" $word "* ]]; then
          node=\${node:+$node }$word
        else
          ${stop}
        fi ;;
    esac`;
}
