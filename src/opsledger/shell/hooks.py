"""The shell hooks ``opsledger shell-hook bash|zsh|fish`` prints.

While ``OPSLEDGER_FOCUS`` is set, the shell itself appends one record per command to the
private spool ``OPSLEDGER_SPOOL``: builtins and a redirection only, no process is
started. A record is ``RS`` + fields joined by ``US`` (see ``spool.py``), so the command
text needs no quoting. Redaction happens later, at flush.
"""

from __future__ import annotations

from opsledger.model.errors import UsageError

SHELLS = ("bash", "zsh", "fish")

# bash: the DEBUG trap notes when the first command after a prompt starts; PROMPT_COMMAND
# saves $? first and writes the record last. The command text comes from `history 1`
# written straight into the spool (a redirection, not a command substitution, which
# would fork). HISTTIMEFORMAT is emptied for that one call so the line is "  N  text".
BASH = r"""# opsledger shell hook for bash: eval "$(opsledger shell-hook bash)" in ~/.bashrc
export OPSLEDGER_SHELL=bash
__opsledger_armed=
__opsledger_start=
__opsledger_status=0
__opsledger_debug() {
    [[ -n $__opsledger_armed && $BASH_COMMAND != __opsledger_* ]] || return 0
    __opsledger_armed=
    __opsledger_start=$EPOCHREALTIME
}
__opsledger_begin() {
    __opsledger_status=$?
    __opsledger_armed=
}
__opsledger_end() {
    if [[ -n $OPSLEDGER_FOCUS && -n $OPSLEDGER_SPOOL && -n $__opsledger_start ]]; then
        {
            builtin printf '\036v1\037bash\037%s\037%s\037%s\037\037%s\037%s\037%s\037%s\037' \
                "$$" "$__opsledger_start" "$EPOCHREALTIME" "$__opsledger_status" "$PWD" \
                "$HOSTNAME" "$OPSLEDGER_FOCUS"
            HISTTIMEFORMAT= builtin history 1
        } >>"$OPSLEDGER_SPOOL" 2>/dev/null
    fi
    __opsledger_start=
    __opsledger_armed=1
    return $__opsledger_status
}
trap '__opsledger_debug' DEBUG
PROMPT_COMMAND="__opsledger_begin${PROMPT_COMMAND:+;$PROMPT_COMMAND};__opsledger_end"
"""

ZSH = r"""# opsledger shell hook for zsh: eval "$(opsledger shell-hook zsh)" in ~/.zshrc
zmodload zsh/datetime 2>/dev/null
export OPSLEDGER_SHELL=zsh
typeset -g __opsledger_cmd= __opsledger_start=
__opsledger_preexec() {
    __opsledger_cmd=${1:-$3}
    __opsledger_start=$EPOCHREALTIME
}
__opsledger_precmd() {
    local st=$?
    if [[ -n $OPSLEDGER_FOCUS && -n $OPSLEDGER_SPOOL && -n $__opsledger_start ]]; then
        builtin printf '\036v1\037zsh\037%s\037%s\037%s\037\037%s\037%s\037%s\037%s\037%s\n' \
            $$ $__opsledger_start $EPOCHREALTIME $st $PWD $HOST $OPSLEDGER_FOCUS \
            $__opsledger_cmd >>$OPSLEDGER_SPOOL 2>/dev/null
    fi
    __opsledger_start=
    return $st
}
typeset -ga preexec_functions precmd_functions
preexec_functions=(${preexec_functions:#__opsledger_preexec} __opsledger_preexec)
precmd_functions=(__opsledger_precmd ${precmd_functions:#__opsledger_precmd})
"""

# fish has no clock variable: the record carries CMD_DURATION, and the newest history
# item with its time (the previous command's, fish adds the current one after this
# event); the flush matches the two up (see spool.py).
FISH = r"""# opsledger shell hook for fish: opsledger shell-hook fish | source  (in config.fish)
set -gx OPSLEDGER_SHELL fish
function __opsledger_postexec --on-event fish_postexec
    set -l st $status
    if set -q OPSLEDGER_FOCUS[1]; and set -q OPSLEDGER_SPOOL[1]; and test -n "$argv[1]"
        begin
            builtin printf '\036v1\037fish\037%s\037\037\037%s\037%s\037%s\037%s\037%s\037%s\037' \
                $fish_pid $CMD_DURATION $st $PWD $hostname $OPSLEDGER_FOCUS $argv[1]
            builtin history search --max 1 --show-time=%s\x1f
            builtin printf '\n'
        end >>$OPSLEDGER_SPOOL 2>/dev/null
    end
end
"""

_HOOKS = {"bash": BASH, "zsh": ZSH, "fish": FISH}


def hook_script(shell: str) -> str:
    try:
        return _HOOKS[shell]
    except KeyError:
        raise UsageError(f"unknown shell {shell!r}: use one of {', '.join(SHELLS)}") from None
