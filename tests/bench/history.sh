# tests/bench/history.sh: sourced by the benchmarks, so that each prints
# its figures beside those of the previous run on this machine (a
# regression shows).  The figures of a run are kept in a small tab-separated
# file (name, value, unit; "#" lines say when and what was built) under the
# benchmark's directory, replaced at the end of each run.
#   hist_begin FILE   start a run; FILE keeps the previous one
#   hist NAME VALUE UNIT   one figure of this run
#   hist_end          print every figure, the previous one and their ratio
hist_begin() {
	HIST_FILE=$1
	mkdir -p "$(dirname "$HIST_FILE")"
	HIST_NEW=$HIST_FILE.new
	{ printf '#when\t%s\n' "$(date -u '+%Y-%m-%dT%H:%M:%SZ')"
	  printf '#built\t%s\n' "$(git -C "${top_srcdir:-.}" describe --always \
	      --dirty 2>/dev/null || echo unknown)"; } >"$HIST_NEW"
}
hist() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$HIST_NEW"; }
hist_end() {
	awk -F '\t' -v prevfile="$HIST_FILE" '
	BEGIN {
		while ((getline line <prevfile) > 0) {
			split(line, f, "\t")
			if (f[1] ~ /^#/) pinfo[f[1]] = f[2]; else prev[f[1]] = f[2]
		}
		printf "bench: this run beside the previous one (%s, %s):\n",
		    ("#when" in pinfo) ? pinfo["#when"] : "none",
		    ("#built" in pinfo) ? pinfo["#built"] : "-"
	}
	$1 ~ /^#/ { next }
	{
		p = ($1 in prev) ? prev[$1] : "-"
		r = (p != "-" && p + 0 != 0) ? sprintf("(%.2fx)", $2 / p) : ""
		printf "  %-40s %12s  previous %12s %-6s %s\n", $1, $2, p, $3, r
	}' "$HIST_NEW"
	mv "$HIST_NEW" "$HIST_FILE"
	echo "bench: figures kept in $HIST_FILE"
}
