# Sourced by the benchmark scripts: the machine-readable result file that scripts/bench reads to
# print one combined table. `bench_tsv_open NAME` starts bench-results/NAME.tsv afresh; each
# `bench_tsv FIGURE VALUE UNIT REFERENCE GOAL MET` adds one line, tab-separated:
#   FIGURE     what was measured, e.g. "full pass users/s, SQLite"
#   VALUE      the median, a plain number
#   UNIT       users/s, ms, MB, ...
#   REFERENCE  the same figure for the reference in the same run (nginx, pgbench, ...), or -
#   GOAL       the goal as text, e.g. ">= 20000" or ">= 0.6x ref", or -
#   MET        yes, no, or - (no goal)
# Scripts that build their table in Python write the same lines themselves.

bench_tsv_open() {
    mkdir -p bench-results
    bench_tsv_file="bench-results/$1.tsv"
    printf '# figure\tvalue\tunit\treference\tgoal\tmet\n' >"$bench_tsv_file"
}

bench_tsv() {
    [ $# -eq 6 ] || { echo "bench_tsv: want 6 fields, got $#: $*" >&2; return 1; }
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$bench_tsv_file"
}

# yes when VALUE >= MIN (or <= MAX with `bench_met_at_most`), else no.
bench_met_at_least() { awk -v v="$1" -v g="$2" 'BEGIN { print (v + 0 >= g + 0) ? "yes" : "no" }'; }
bench_met_at_most() { awk -v v="$1" -v g="$2" 'BEGIN { print (v + 0 <= g + 0) ? "yes" : "no" }'; }
