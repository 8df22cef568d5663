//! `copy` against CPython 3.11: every expectation below is what
//! CPython printed for the same source (regenerate with
//! scripts/gen-stdlib-tests.sh).

use crate::modules::testing::check;

const PREFIX: &str = "import copy\n";

#[test]
fn copy_matches_cpython() {
    check(
        PREFIX,
        &[
            ("", "copy.copy(5), copy.copy('s'), copy.copy((1, [2])), copy.copy(None), copy.copy(b'x')", "(5, 's', (1, [2]), None, b'x')"),
            ("t = (1, [2])", "copy.copy(t) is t, copy.deepcopy(t) is t, copy.deepcopy(t) == t", "(True, False, True)"),
            ("t = (1, 'a', (2,))", "copy.deepcopy(t) is t", "True"),
            ("l = [1, [2, 3]]\nc = copy.copy(l)", "c == l, c is l, c[1] is l[1]", "(True, False, True)"),
            ("l = [1, [2, 3]]\nc = copy.deepcopy(l)", "c == l, c is l, c[1] is l[1]", "(True, False, False)"),
            ("d = {'a': [1], 'b': {2}}\nc = copy.deepcopy(d)", "c == d, c['a'] is d['a'], c['b'] is d['b']", "(True, False, False)"),
            ("d = {'a': [1]}\nc = copy.copy(d)", "c == d, c is d, c['a'] is d['a']", "(True, False, True)"),
            ("s = {1, 2}", "copy.copy(s) == s, copy.copy(s) is s, copy.deepcopy(s) is s", "(True, False, False)"),
            ("f = frozenset({1, 2})", "copy.copy(f) is f, copy.deepcopy(f) == f", "(True, True)"),
            ("b = bytearray(b'ab')", "copy.copy(b), copy.copy(b) is b, copy.deepcopy(b) is b", "(bytearray(b'ab'), False, False)"),
            ("inner = [1]\nl = [inner, inner]\nc = copy.deepcopy(l)", "c[0] is c[1], c[0] is inner", "(True, False)"),
            ("l = [1]\nl.append(l)\nc = copy.deepcopy(l)", "c[1] is c, c is l", "(True, False)"),
            ("d = {}\nd['self'] = d\nc = copy.deepcopy(d)", "c['self'] is c", "True"),
            ("l = [1]\nt = (l, l)\nc = copy.deepcopy(t)", "c[0] is c[1], c[0] is l", "(True, False)"),
            ("memo = {}\nl = [[1]]\nc = copy.deepcopy(l, memo)", "len(memo), memo[id(l)] is c, memo[id(memo)][0] is l", "(3, True, False)"),
            ("from collections import OrderedDict, deque, Counter, defaultdict", "copy.deepcopy(OrderedDict(a=[1])), copy.copy(deque([1, 2], 3)), copy.copy(Counter('aab')), copy.deepcopy(defaultdict(list, a=[1]))", "(OrderedDict([('a', [1])]), deque([1, 2], maxlen=3), Counter({'a': 2, 'b': 1}), defaultdict(<class 'list'>, {'a': [1]}))"),
            ("", "copy.copy(len) is len, copy.deepcopy(len) is len, copy.copy(int) is int, copy.deepcopy(range(3))", "(True, True, True, range(0, 3))"),
            ("import datetime", "copy.copy(datetime.date(2020, 1, 2)), copy.deepcopy(datetime.timedelta(3))", "(datetime.date(2020, 1, 2), datetime.timedelta(days=3))"),
            ("import xml.etree.ElementTree as ET\nr = ET.fromstring('<a x=\"1\"><b/></a>')\nc = copy.deepcopy(r)\nc[0].tag = 'z'", "ET.tostring(r), ET.tostring(c)", "(b'<a x=\"1\"><b /></a>', b'<a x=\"1\"><z /></a>')"),
            ("import xml.etree.ElementTree as ET\nr = ET.fromstring('<a><b/></a>')\nc = copy.copy(r)", "c[0] is r[0], c is r", "(True, False)"),
            ("", "issubclass(copy.Error, Exception), copy.error is copy.Error", "(True, True)"),
            ("import sys", "copy.copy(sys)", "TypeError: cannot pickle 'module' object"),
        ],
    );
}
