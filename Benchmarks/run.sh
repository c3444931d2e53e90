#!/usr/bin/env bash
# Measures `portal build` against what a user would otherwise use: Hugo on the same reports as Markdown,
# then Pagefind on Hugo's output for search. Same corpus (portal synth), same machine, /usr/bin/time -v.
#
#   Benchmarks/run.sh                 # 1,000 and 10,000 reports
#   Benchmarks/run.sh 1000 10000 100000
#
# Environment:
#   PORTAL=path      a portal binary to measure (default: build this checkout in release mode)
#   TEMPLATES=dir    the site templates that binary goes with (default: this checkout's site-templates)
#   OUT=dir          where corpora and sites go (default: bench-out; kept between runs, corpora reused)
#   SEED=n           corpus seed (default 1)
#   RUNS=n           runs per measurement, the fastest wall time is kept (default 1)
#   QUERY=text       the 2-character query for the search-bytes comparison (default 卫生)
#   SEARCH_AT=n      corpus size for the search-bytes comparison (default 10000, or the largest size run)
#   NO_PROFILE=1     skip the stage timings / perf profile of portal (a clean build)
#   PROFILE_AT=n     the size they are taken at (default: the smallest size run)
#   HUGO_MAX=n       largest size Hugo and Pagefind are run at (default 10000: Hugo took 5.8 GB at 10k
#                    reports here and grows with the corpus, so at 100k it would take this machine's memory)
#
# Prints Markdown: the machine, a table of wall time, CPU time (user+sys), peak RSS and output per tool
# and size, ratios, the bytes one search query downloads, and where portal's time goes.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

OUT=${OUT:-bench-out}
SEED=${SEED:-1}
RUNS=${RUNS:-1}
QUERY=${QUERY:-卫生}
sizes=("$@")
[[ ${#sizes[@]} -eq 0 ]] && sizes=(1000 10000)
largest=${sizes[-1]}
SEARCH_AT=${SEARCH_AT:-$([[ " ${sizes[*]} " == *" 10000 "* ]] && echo 10000 || echo "$largest")}

scripts/setup --bench
for tool in hugo python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is missing" >&2; exit 1; }
done
python3 -c 'import pagefind' 2>/dev/null || { echo "run.sh: python3 -m pagefind is missing (pip install 'pagefind[extended]')" >&2; exit 1; }

if [[ -z "${PORTAL:-}" ]]; then
  echo "run.sh: building portal (release)…" >&2
  swift build -c release --product portal >&2
  PORTAL="$(swift build -c release --show-bin-path)/portal"
fi
PORTAL=$(realpath "$PORTAL")
TEMPLATES=$(realpath "${TEMPLATES:-$root/site-templates}")
mkdir -p "$OUT"
OUT=$(realpath "$OUT")

# measure NAME LOG -- command…: runs it RUNS times under /usr/bin/time -v; sets wall cpu rss status
# (fastest wall; cpu and rss of that run). The command's own output goes to LOG.
measure() {
  local name=$1 log=$2; shift 3
  local best_wall="" run
  walls=""
  for ((run = 1; run <= RUNS; run++)); do
    [[ -n "${BEFORE:-}" ]] && eval "$BEFORE"
    local tf; tf=$(mktemp)
    set +e
    /usr/bin/time -v -o "$tf" "$@" >"$log" 2>&1
    local rc=$?
    set -e
    local w c r l
    l=$(cut -d' ' -f1 /proc/loadavg)
    w=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$tf")
    c=$(awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } END { printf "%.2f", u + s }' "$tf")
    r=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$tf")
    rm -f "$tf"
    walls="${walls:+$walls/}$w"
    if [[ -z "$best_wall" ]] || awk -v a="$w" -v b="$best_wall" 'BEGIN { exit !(a < b) }'; then
      best_wall=$w; wall=$w; cpu=$c; rss=$r; status=$rc; load=$l
    fi
  done
  echo "run.sh: $name: ${wall}s wall (runs: $walls), ${cpu}s CPU, ${rss} MB, exit $status (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
}

files_in() { find "$1" -type f | wc -l | tr -d ' '; }
mb_in() { du -sb "$1" | awk '{ printf "%.1f", $1 / 1048576 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "—" }'; }

rows=()
ratios=()
for n in "${sizes[@]}"; do
  dir="$OUT/$n"
  if [[ ! -f "$dir/.synth-$SEED" ]]; then
    rm -rf "$dir"; mkdir -p "$dir"
    echo "run.sh: synthesizing $n reports…" >&2
    "$PORTAL" synth "$dir/content" --reports "$n" --seed "$SEED" >&2
    touch "$dir/.synth-$SEED"
  fi

  # A clean build: no site and no build cache from an earlier run.
  BEFORE="rm -rf '$dir/public' '$dir/.public.cache'"
  measure "portal build ($n)" "$dir/portal.log" -- "$PORTAL" build --content "$dir/content" --output "$dir/public" \
    --templates "$TEMPLATES" --quiet
  p_wall=$wall p_cpu=$cpu p_rss=$rss p_status=$status p_load=$load p_walls=$walls
  p_files=$(files_in "$dir/public") p_mb=$(mb_in "$dir/public")
  p_note=$(grep -o '[0-9]* reports of [0-9]* agencies published, [0-9]* skipped' "$dir/portal.log" | head -1 || true)

  # One report edited (a sentence added to its last section), then built again over the previous site
  # and its cache; the file is restored afterwards so the corpus stays the seed's.
  edited=$(find "$dir/content" -name '*.txt' | sort | sed -n 1p)  # not head: sort would die of SIGPIPE
  cp -p "$edited" "$dir/edited.orig"
  BEFORE="cp -p '$dir/edited.orig' '$edited'; printf '\\n本报告发布后有一处更正（%s）。\\n' \"\$run\" >> '$edited'"
  measure "portal build, one report edited ($n)" "$dir/portal-incremental.log" -- "$PORTAL" build --content "$dir/content" \
    --output "$dir/public" --templates "$TEMPLATES" --quiet
  i_wall=$wall i_cpu=$cpu i_rss=$rss i_status=$status i_load=$load i_walls=$walls
  i_note=$(grep -o '[0-9]* unchanged agencies reused' "$dir/portal-incremental.log" | head -1 || true)
  cp -p "$dir/edited.orig" "$edited"; touch "$edited"; rm "$dir/edited.orig"
  BEFORE=""
  rows+=("| $n | portal build | $p_wall | $p_cpu | $p_rss | $p_files | $p_mb | load $p_load; runs $p_walls s; exit $p_status; $p_note |")
  rows+=("| $n | portal build, one report edited | $i_wall | $i_cpu | $i_rss | | | load $i_load; runs $i_walls s; exit $i_status; $i_note |")

  if (( n > ${HUGO_MAX:-10000} )); then
    rows+=("| $n | hugo, pagefind | | | | | | not run above HUGO_MAX=${HUGO_MAX:-10000} (memory) |")
    continue
  fi

  BEFORE="rm -rf '$dir/content-hugo/public' '$dir/content-hugo/resources'"
  measure "hugo ($n)" "$dir/hugo.log" -- hugo --source "$dir/content-hugo" --destination public --quiet
  h_wall=$wall h_cpu=$cpu h_rss=$rss h_status=$status h_load=$load h_walls=$walls
  h_files=$(files_in "$dir/content-hugo/public") h_mb=$(mb_in "$dir/content-hugo/public")

  BEFORE="rm -rf '$dir/content-hugo/public/pagefind'"
  measure "pagefind ($n)" "$dir/pagefind.log" -- python3 -m pagefind --site "$dir/content-hugo/public" --quiet
  f_wall=$wall f_cpu=$cpu f_rss=$rss f_status=$status f_load=$load f_walls=$walls
  f_files=$(files_in "$dir/content-hugo/public/pagefind") f_mb=$(mb_in "$dir/content-hugo/public/pagefind")
  BEFORE=""

  hf_wall=$(awk -v a="$h_wall" -v b="$f_wall" 'BEGIN { printf "%.2f", a + b }')
  hf_cpu=$(awk -v a="$h_cpu" -v b="$f_cpu" 'BEGIN { printf "%.2f", a + b }')
  hf_rss=$(( h_rss > f_rss ? h_rss : f_rss ))
  rows+=("| $n | hugo | $h_wall | $h_cpu | $h_rss | $h_files | $h_mb | load $h_load; runs $h_walls s; exit $h_status |")
  rows+=("| $n | pagefind (on hugo's output) | $f_wall | $f_cpu | $f_rss | $f_files | $f_mb | load $f_load; runs $f_walls s; exit $f_status |")
  rows+=("| $n | hugo + pagefind | $hf_wall | $hf_cpu | $hf_rss | | | |")
  ratios+=("| $n | $(ratio "$p_wall" "$h_wall") | $(ratio "$p_cpu" "$h_cpu") | $(ratio "$p_wall" "$hf_wall") | $(ratio "$p_cpu" "$hf_cpu") |")
done

# The bytes one query downloads.
search_lines=()
sdir="$OUT/$SEARCH_AT"
if [[ -d "$sdir/content-hugo/public/pagefind" ]]; then
  if pf=$(timeout 300 python3 "$root/Benchmarks/search_bytes.py" pagefind "$sdir/content-hugo/public" "$QUERY" 2>"$sdir/search-pagefind.log"); then
    echo "$pf" >"$sdir/search-pagefind.json"
    search_lines+=("$(python3 "$root/Benchmarks/search_bytes.py" row "$sdir/search-pagefind.json" "$SEARCH_AT")")
  else
    search_lines+=("| $SEARCH_AT | Pagefind | — | | | measurement failed: see $sdir/search-pagefind.log |")
  fi
  # portal's index: more than the search page in public/search/.
  if [[ -d "$sdir/public/search" ]] && [[ $(find "$sdir/public/search" -type f ! -name index.html | wc -l) -gt 0 ]]; then
    if ps=$(timeout 300 python3 "$root/Benchmarks/search_bytes.py" portal "$sdir/public" "$QUERY" 2>"$sdir/search-portal.log"); then
      echo "$ps" >"$sdir/search-portal.json"
      search_lines+=("$(python3 "$root/Benchmarks/search_bytes.py" row "$sdir/search-portal.json" "$SEARCH_AT")")
    else
      search_lines+=("| $SEARCH_AT | portal | — | | | measurement failed: see $sdir/search-portal.log |")
    fi
  else
    search_lines+=("| $SEARCH_AT | portal | — | | | skipped: this portal build writes no search index (public/search/ holds only the page) |")
  fi
fi

# Where portal's time goes: its own stage timings when it has --timings, and a perf profile at the smallest size.
profile_lines=()
if [[ -z "${NO_PROFILE:-}" ]]; then
  pdir="$OUT/${PROFILE_AT:-${sizes[0]}}"
  if "$PORTAL" build --help 2>&1 | grep -q -- '--timings'; then
    rm -rf "$pdir/public" "$pdir/.public.cache" "$pdir/.public.base"
    "$PORTAL" build --content "$pdir/content" --output "$pdir/public" --templates "$TEMPLATES" --quiet --timings \
      >"$pdir/timings.log" 2>&1 || true
    while IFS= read -r line; do profile_lines+=("    $line"); done < <(grep -E '^portal: +[0-9.]+ s' "$pdir/timings.log")
  fi
  if command -v perf >/dev/null && perf record -o /dev/null -q -- true 2>/dev/null; then
    rm -rf "$pdir/public" "$pdir/.public.cache" "$pdir/.public.base"
    perf record -q -F 999 -g -o "$pdir/perf.data" -- "$PORTAL" build --content "$pdir/content" --output "$pdir/public" \
      --templates "$TEMPLATES" --quiet >/dev/null 2>&1 || true
    perf report -i "$pdir/perf.data" --no-children --sort dso,symbol --stdio 2>/dev/null \
      | grep -E '^ +[0-9.]+%' | head -25 | swift demangle --simplified >"$pdir/perf-top.txt" 2>/dev/null || true
    profile_lines+=("" "    perf, self time, top symbols (${PROFILE_AT:-${sizes[0]}} reports; full report: perf report -i $pdir/perf.data):")
    while IFS= read -r line; do profile_lines+=("    ${line:0:150}"); done <"$pdir/perf-top.txt"
  fi
fi

cpu_model=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)
mem_gb=$(awk '/MemTotal/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo)
echo
echo "### Benchmark ($(date -u +%Y-%m-%d), seed $SEED, best of $RUNS)"
echo
echo "Machine: $(nproc) cores, ${mem_gb} GB, ${cpu_model}; load average at the end $(cut -d' ' -f1-3 /proc/loadavg)."
echo "portal: $PORTAL; $(hugo version | cut -d' ' -f1-2); pagefind $(python3 -m pagefind --version 2>/dev/null | awk '{ print $2 }')."
echo
echo "Load is the 1-minute load average when the kept run started (the machine may be shared; CPU time is the steadier figure)."
echo
echo "| reports | tool | wall s | CPU s (user+sys) | peak RSS MB | files out | output MB | note |"
echo "|---:|---|---:|---:|---:|---:|---:|---|"
printf '%s\n' "${rows[@]}"
echo
echo "Ratios (below 1: portal is faster or cheaper):"
echo
echo "| reports | wall portal/hugo | CPU portal/hugo | wall portal/(hugo+pagefind) | CPU portal/(hugo+pagefind) |"
echo "|---:|---:|---:|---:|---:|"
printf '%s\n' "${ratios[@]}"
if [[ ${#search_lines[@]} -gt 0 ]]; then
  echo
  echo "Bytes one search for \"$QUERY\" downloads (headless chromium, cache off; Pagefind: its JS API with the first 5 results' fragments; portal: its search page with ?q=, counting search.js and the index files, not the page):"
  echo
  echo "| reports | search | bytes | requests | results | files |"
  echo "|---:|---|---:|---:|---:|---|"
  printf '%s\n' "${search_lines[@]}"
fi
if [[ ${#profile_lines[@]} -gt 0 ]]; then
  echo
  echo "Where portal's time goes (${PROFILE_AT:-${sizes[0]}} reports, a clean build):"
  echo
  printf '%s\n' "${profile_lines[@]}"
fi
