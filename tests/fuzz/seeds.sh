#!/bin/sh
# tests/fuzz/seeds.sh SRCDIR OUTDIR [TARGET...]: build the seed corpus of
# each fuzz target (default: all) in OUTDIR/TARGET from the fixtures under
# SRCDIR/testdata, the shipped policies and the golden outputs.  Inputs over
# 256 KiB are left out (the fuzzer's -max_len follows the largest seed).
set -eu
src=$1 out=$2
shift 2
[ $# -gt 0 ] || set -- directory evtx exceptions flows gpttmpl json ldif \
    flows-bin changes plan plandiff policy rules siem xml
t=$src/testdata g=$src/tests/golden pg=$src/tests/golden/plan
# add TARGET FILE...: copy each existing small file into the target's seeds.
add() {
	_d=$out/$1; shift
	for _f in "$@"; do
		[ -f "$_f" ] || continue
		[ "$(wc -c < "$_f")" -le 262144 ] || continue
		cp "$_f" "$_d/$(basename "$(dirname "$_f")")-$(basename "$_f")"
	done
}
for target in "$@"; do
	rm -rf "${out:?}/$target"
	mkdir -p "$out/$target"
	case $target in
	directory)
		add directory "$t"/plan/directory.json "$g"/directory-*.json \
		    "$g"/evtx-directory.json ;;
	evtx|evtx-native)
		add "$target" "$t"/evtx/*.evtx "$t"/samples/*.evtx \
		    "$t"/demo/logs/*.evtx ;;
	exceptions)
		add exceptions "$t"/plan/exceptions-in-force.txt \
		    "$pg"/exceptions*.txt "$pg"/GptTmpl*.inf "$g"/*exceptions* ;;
	flows)
		add flows "$t"/plan/flows*.json "$g"/*.flows ;;
	flows-bin)
		# Binary flow files of the fixtures (merge -f binary).
		add flows-bin "$src"/tests/fuzz/regress/flows-bin/* ;;
	gpttmpl)
		# The target adds the byte order mark: the golden templates
		# (UTF-16LE) without theirs.
		for f in "$pg"/GptTmpl*.inf; do
			tail -c +3 "$f" > "$out/gpttmpl/$(basename "$f")"
		done ;;
	json)
		add json "$t"/json/*.json "$t"/json/*.jsonl "$t"/json/*.ndjson \
		    "$t"/json/bad/* "$t"/json/split/* "$t"/demo/logs/*.ndjson \
		    "$t"/demo/logs/*.json ;;
	ldif)
		add ldif "$t"/ldap/*.ldif "$t"/ldap/*.ldf "$t"/demo/*.ldif ;;
	plan)
		# Names as events carry them (fuzz-plan.c): its regressions.
		add plan "$src"/tests/fuzz/regress/plan/* ;;
	policy)
		add policy "$src"/policies/*.policy "$t"/plan/policies-alt/* ;;
	rules)
		add rules "$t"/plan/rules.txt ;;
	siem)
		add siem "$t"/siem/*.csv "$t"/siem/*.json ;;
	xml)
		add xml "$t"/xml/*.xml ;;
	changes)
		add changes "$src"/policies/changes.data ;;
	plandiff)
		add plandiff "$t"/diff/*.json "$pg"/plan.json ;;
	*)
		echo "seeds.sh: no seeds for $target" >&2
		exit 1 ;;
	esac
done
