#!/usr/bin/env bash
# Regenerates the agent's stdlib module tests (agent/src/modules/**/tests.rs) from the case files in
# scripts/stdlib-cases/: each expectation is what CPython 3.11 (the project venv's) gives.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup-python.sh"
py="$root/.venv/bin/python"
"$py" -c 'import sys; assert sys.version_info[:2] == (3, 11), "CPython 3.11 is the reference"'
cases="$root/scripts/stdlib-cases"
mods="$root/agent/src/modules"
gen() { "$py" "$cases/mktest.py" "$cases/$1_cases.py" "$mods/$2" "$3" "$1"; }
gen collections collections/tests.rs collections_match_cpython
gen collections_user collections/user_tests.rs collections_user_classes_match_cpython
gen copy copy_tests.rs copy_matches_cpython
gen memoryview builtins/memoryview_tests.rs memoryview_matches_cpython
gen functools functools/tests.rs functools_match_cpython
gen io io/tests.rs io_matches_cpython
gen itertools itertools/tests.rs itertools_match_cpython
gen math math/tests.rs math_matches_cpython
gen operator operator_tests.rs operator_matches_cpython
gen random random/tests.rs random_matches_cpython
gen shlex shlex/tests.rs shlex_matches_cpython
gen string string_tests.rs string_matches_cpython
gen string_formatter string_formatter_tests.rs string_formatter_matches_cpython
gen textwrap textwrap/tests.rs textwrap_matches_cpython
gen xml_etree xml/etree/tests.rs etree_matches_cpython
gen xml_minidom xml/minidom/tests.rs minidom_matches_cpython
cargo fmt --manifest-path "$root/Cargo.toml" -p rpyc-agent
