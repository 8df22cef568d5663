//! `functools` against CPython 3.11: every expectation below is what
//! CPython printed for the same source (regenerate with
//! scripts/gen-stdlib-tests.sh).

use crate::modules::testing::check;

const PREFIX: &str = "import functools\nfrom functools import *\nimport operator\ndef f(a, b=2):\n    'adds'\n    return a + b\ndef g():\n    pass\n";

#[test]
fn functools_match_cpython() {
    check(
        PREFIX,
        &[
            ("", "reduce(operator.add, [1, 2, 3, 4])", "10"),
            ("", "reduce(lambda a, b: a * b, range(1, 6), 10)", "1200"),
            ("", "reduce(operator.add, [], 5)", "5"),
            ("", "reduce(operator.add, [])", "TypeError: reduce() of empty iterable with no initial value"),
            ("", "reduce()", "TypeError: reduce expected at least 2 arguments, got 0"),
            ("", "reduce(operator.add, [1], 2, 3)", "TypeError: reduce expected at most 3 arguments, got 4"),
            ("", "reduce(operator.add, ['a', 'b'])", "'ab'"),
            ("", "functools.reduce(max, [3, 9, 2])", "9"),
            ("p = partial(f, 1, b=3)", "p", "functools.partial(<function f at 0x7f48204db7e0>, 1, b=3)"),
            ("p = partial(f, 1, b=3)", "(p(), p(b=10), p.func is f, p.args, p.keywords)", "(4, 11, True, (1,), {'b': 3})"),
            ("p = partial(f, 1, b=3)", "partial(p, c=4)", "functools.partial(<function f at 0x7f48204dbc40>, 1, b=3, c=4)"),
            ("", "partial(partial(max, 1), 2).args", "(1, 2)"),
            ("", "partial()", "TypeError: type 'partial' takes at least one argument"),
            ("", "partial(1)", "TypeError: the first argument must be callable"),
            ("", "partial(max, 1, 2)", "functools.partial(<built-in function max>, 1, 2)"),
            ("", "repr(partial(max))", "'functools.partial(<built-in function max>)'"),
            ("", "partial(f, 1, 2, 3)()", "TypeError: f() takes from 1 to 2 positional arguments but 3 were given"),
            ("", "partial(int, base=2)('101')", "5"),
            ("", "list(map(partial(operator.mul, 3), [1, 2]))", "[3, 6]"),
            ("", "partial(sorted, reverse=True)([2, 3, 1])", "[3, 2, 1]"),
            ("c = lru_cache(maxsize=2)(f)\nc(1)\nc(1)\nc(2)\nc(3)\nc(1)", "c.cache_info()", "CacheInfo(hits=1, misses=4, maxsize=2, currsize=2)"),
            ("c = lru_cache(f)\nc(1)\nc(1, b=2)\nc(a=1)\nc(1)", "c.cache_info()", "CacheInfo(hits=1, misses=3, maxsize=128, currsize=3)"),
            ("c = cache(f)\nfor i in range(5): c(i)\nfor i in range(5): c(i)", "c.cache_info()", "CacheInfo(hits=5, misses=5, maxsize=None, currsize=5)"),
            ("c = lru_cache(maxsize=None)(f)", "c.cache_parameters()", "{'maxsize': None, 'typed': False}"),
            ("c = lru_cache(f)", "(c.cache_parameters(), c.__name__, c.__doc__, c.__wrapped__ is f)", "({'maxsize': 128, 'typed': False}, 'f', 'adds', True)"),
            ("c = lru_cache(typed=True)(f)\nc(1)\nc(1.0)", "c.cache_info()", "CacheInfo(hits=0, misses=2, maxsize=128, currsize=2)"),
            ("c = lru_cache()(f)\nc(1)\nc(1.0)", "c.cache_info()", "CacheInfo(hits=0, misses=2, maxsize=128, currsize=2)"),
            ("c = lru_cache(0)(f)\nc(1)\nc(1)", "c.cache_info()", "CacheInfo(hits=0, misses=2, maxsize=0, currsize=0)"),
            ("c = lru_cache(f)\nc(1)\nc.cache_clear()", "c.cache_info()", "CacheInfo(hits=0, misses=0, maxsize=128, currsize=0)"),
            ("c = lru_cache(f)", "c(1, b=[])", "TypeError: unhashable type: 'list'"),
            ("", "lru_cache(1.5)", "TypeError: Expected first argument to be an integer, a callable, or None"),
            ("@lru_cache(maxsize=None)\ndef fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\n", "(fib(80), fib.cache_info())", "(23416728348467685, CacheInfo(hits=78, misses=81, maxsize=None, currsize=81))"),
            ("@cache\ndef fact(n):\n    return 1 if n < 2 else n * fact(n - 1)\n", "(fact(30), fact.cache_info().misses)", "(265252859812191058636308480000000, 30)"),
            ("@lru_cache\ndef sq(x):\n    return x * x\nsq(3)\nsq(3)", "sq.cache_info()", "CacheInfo(hits=1, misses=1, maxsize=128, currsize=1)"),
            ("calls = []\n@lru_cache(maxsize=2)\ndef h(x):\n    calls.append(x)\n    return x\nfor x in [1, 2, 1, 3, 2, 1]: h(x)", "calls", "[1, 2, 3, 2, 1]"),
            ("", "sorted([3, 1, 2], key=cmp_to_key(lambda a, b: b - a))", "[3, 2, 1]"),
            ("", "sorted(['bb', 'a', 'ccc'], key=cmp_to_key(lambda a, b: len(a) - len(b)))", "['a', 'bb', 'ccc']"),
            ("", "cmp_to_key(lambda a, b: 0)(1) < 2", "TypeError: other argument must be K instance"),
            ("", "hash(cmp_to_key(lambda a, b: 0)(1))", "TypeError: unhashable type: 'functools.KeyWrapper'"),
            ("", "cmp_to_key(lambda a, b: 0)(5).obj", "5"),
            ("", "max([1, 5, 3], key=cmp_to_key(lambda a, b: a - b))", "5"),
            ("", "(update_wrapper(g, f).__name__, g.__doc__, g.__wrapped__ is f)", "('f', 'adds', True)"),
            ("@wraps(f)\ndef w(*a):\n    return f(*a)\n", "(w.__name__, w.__doc__, w(5), w.__wrapped__ is f)", "('f', 'adds', 7, True)"),
            ("", "WRAPPER_ASSIGNMENTS", "('__module__', '__name__', '__qualname__', '__doc__', '__annotations__')"),
            ("", "WRAPPER_UPDATES", "('__dict__',)"),
            ("def deco(fn):\n    @wraps(fn)\n    def inner(*args, **kw):\n        return fn(*args, **kw) * 2\n    return inner\n@deco\ndef k(x):\n    'doc of k'\n    return x\n", "(k(4), k.__name__, k.__doc__)", "(8, 'k', 'doc of k')"),
        ],
    );
}
