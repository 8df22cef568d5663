//! What the client gets by value (`obtain`): the pickle each value copies
//! to. Each expected pickle below was loaded by CPython 3.11's
//! `pickle.loads` into the object shown next to it.

use crate::modules::testing::pickled;

const SETUP: &str = "from collections import *\nP = namedtuple('P', 'x y')\n";

#[test]
fn collections_copy_to_the_clients_own_classes() {
    for (expr, pickle, cpython_loads) in [
        (
            "Counter('abca')",
            "80048c0b636f6c6c656374696f6e738c07436f756e746572937d288c01614b028c01624b018c01634b017585522e",
            "Counter({'a': 2, 'b': 1, 'c': 1})",
        ),
        ("Counter()", "80048c0b636f6c6c656374696f6e738c07436f756e746572937d85522e", "Counter()"),
        (
            "OrderedDict([('b', 1), ('a', 2)])",
            "80048c0b636f6c6c656374696f6e738c0b4f72646572656444696374935d288c01624b01868c01614b02866585522e",
            "OrderedDict([('b', 1), ('a', 2)])",
        ),
        (
            "defaultdict(list, {'a': [1]})",
            "80048c0b636f6c6c656374696f6e738c0b64656661756c7464696374938c086275696c74696e738c046c697374937d288c01615d4b01617586522e",
            "defaultdict(<class 'list'>, {'a': [1]})",
        ),
        (
            "defaultdict(None)",
            "80048c0b636f6c6c656374696f6e738c0b64656661756c7464696374934e7d86522e",
            "defaultdict(None, {})",
        ),
        (
            "deque([1, 2], maxlen=3)",
            "80048c0b636f6c6c656374696f6e738c056465717565935d284b014b02654b0386522e",
            "deque([1, 2], maxlen=3)",
        ),
        (
            "deque('ab')",
            "80048c0b636f6c6c656374696f6e738c056465717565935d288c01618c01626585522e",
            "deque(['a', 'b'])",
        ),
        (
            "ChainMap({'a': 1}, {'b': 2})",
            "80048c0b636f6c6c656374696f6e738c08436861696e4d61709329817d288c046d6170735d287d288c01614b01757d288c01624b02756575622e",
            "ChainMap({'a': 1}, {'b': 2})",
        ),
    ] {
        assert_eq!(pickled(SETUP, expr), pickle, "{expr} (CPython loads it as {cpython_loads})");
    }
}

#[test]
fn what_pickle_cannot_name_fails_as_in_cpython() {
    assert_eq!(
        pickled(SETUP, "P(1, 2)"),
        "_pickle.PicklingError: Can't pickle <class '__main__.P'>: attribute lookup P on __main__ failed"
    );
    let lambda = pickled(SETUP, "defaultdict(lambda: 0)");
    assert!(lambda.starts_with("_pickle.PicklingError: Can't pickle <function <lambda> at 0x"), "{lambda}");
    assert!(lambda.ends_with(": attribute lookup <lambda> on __main__ failed"), "{lambda}");
}

#[test]
fn user_classes_copy_as_cpython_pickles_them() {
    // `cls.__new__(cls)` then the `data` state, as CPython's
    // `object.__reduce_ex__` gives for these plain classes.
    for (expr, pickle, cpython_loads) in [
        (
            "UserDict({'a': 1})",
            "80048c0b636f6c6c656374696f6e738c0855736572446963749329817d288c04646174617d288c01614b017575622e",
            "{'a': 1} (a UserDict)",
        ),
        (
            "UserList([1])",
            "80048c0b636f6c6c656374696f6e738c08557365724c6973749329817d288c04646174615d4b016175622e",
            "[1] (a UserList)",
        ),
        (
            "UserString('ab')",
            "80048c0b636f6c6c656374696f6e738c0a55736572537472696e679329817d288c04646174618c02616275622e",
            "'ab' (a UserString)",
        ),
    ] {
        assert_eq!(pickled(SETUP, expr), pickle, "{expr} (CPython loads it as {cpython_loads})");
    }
}
