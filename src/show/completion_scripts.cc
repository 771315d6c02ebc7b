#include "show/completion_scripts.h"

namespace rpccli {
namespace {

// bash: installed as /usr/share/bash-completion/completions/rpccli, or
// sourced from ~/.bashrc. bash-completion's word splitting is used when it
// is loaded, as it keeps `host:port` and quoted JSON whole; without it,
// the line up to the cursor is split at blanks.
constexpr char kBash[] =
    R"(# bash completion for rpccli (rpccli completion bash)
_rpccli() {
  local cur cword
  local -a words
  if declare -F _get_comp_words_by_ref >/dev/null 2>&1; then
    _get_comp_words_by_ref -n =:@ -c cur -w words -i cword
  else
    read -r -a words <<<"${COMP_LINE:0:COMP_POINT}"
    cword=${#words[@]}
    if [[ ${COMP_LINE:COMP_POINT-1:1} == [[:blank:]] ]]; then
      words+=("")
    else
      cword=$((cword - 1))
    fi
    cur=${words[cword]}
  fi
  local IFS=$'\n'
  COMPREPLY=($("${words[0]}" __complete "${words[@]:1:cword}" 2>/dev/null))
  # bash replaces only the part of the word after its last ':', '=' or '@'.
  local typed=${COMP_WORDS[COMP_CWORD]}
  local before=${cur%"$typed"}
  if [[ -n $before && $before != "$cur" ]]; then
    COMPREPLY=("${COMPREPLY[@]#"$before"}")
  fi
  # A directory is completed further, not ended with a space.
  if [[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == */ ]]; then
    compopt -o nospace 2>/dev/null
  fi
}
complete -F _rpccli rpccli
)";

// zsh: installed as _rpccli in a directory of $fpath (Debian's
// /usr/share/zsh/vendor-completions), or sourced after compinit.
constexpr char kZsh[] = R"(#compdef rpccli
# zsh completion for rpccli (rpccli completion zsh)
_rpccli() {
  local -a candidates directories others
  candidates=("${(@f)$(${words[1]} __complete "${(@)words[2,CURRENT]}" 2>/dev/null)}")
  directories=(${(M)candidates:#*/})
  others=(${candidates:#*/})
  # -U: offer them as they are, not only those that start with the word.
  (( ${#directories} )) && compadd -U -S '' -- $directories
  (( ${#others} )) && compadd -U -- $others
}
if [[ $funcstack[1] == _rpccli ]]; then
  _rpccli "$@"
else
  compdef _rpccli rpccli
fi
)";

// fish: installed as /usr/share/fish/vendor_completions.d/rpccli.fish, or
// sourced from config.fish.
constexpr char kFish[] =
    R"(# fish completion for rpccli (rpccli completion fish)
function __rpccli_complete
    set -l tokens (commandline -opc)
    $tokens[1] __complete $tokens[2..-1] (commandline -ct) 2>/dev/null
end
complete -c rpccli -f -a '(__rpccli_complete)'
)";

}  // namespace

std::string CompletionScript(const std::string& shell) {
  if (shell == "bash") return kBash;
  if (shell == "zsh") return kZsh;
  if (shell == "fish") return kFish;
  return "";
}

}  // namespace rpccli
