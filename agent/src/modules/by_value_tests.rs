//! What the client gets by value (`obtain`) from the other modules'
//! objects: each expected pickle below was loaded by CPython 3.11's
//! `pickle.loads` into the object described next to it.

use rpyc_protocol::Value;

use crate::modules::testing::pickled;
use crate::objects::testing::cx;
use crate::runtime::semantics;

#[test]
fn streams_and_getters_copy_to_the_clients_classes() {
    for (setup, expr, pickle, cpython_loads) in [
        (
            "import io\ns = io.StringIO('abc')\ns.seek(1)",
            "s",
            "80048c035f696f8c08537472696e67494f932981288c036162638c010a4b014e74622e",
            "a StringIO holding 'abc' at position 1",
        ),
        (
            "import io",
            "io.StringIO('x\\ny', newline=None)",
            "80048c035f696f8c08537472696e67494f932981288c03780a794e4b004e74622e",
            "a StringIO holding 'x\\ny' at 0, newline=None",
        ),
        (
            "import io\nb = io.BytesIO(b'ab')\nb.seek(2)",
            "b",
            "80048c035f696f8c074279746573494f932981430261624b024e87622e",
            "a BytesIO holding b'ab' at position 2",
        ),
        (
            "import operator",
            "operator.itemgetter(1, 'a')",
            "80048c086f70657261746f728c0a6974656d676574746572934b018c016186522e",
            "operator.itemgetter(1, 'a')",
        ),
        (
            "import operator",
            "operator.attrgetter('a.b')",
            "80048c086f70657261746f728c0a61747472676574746572938c03612e6285522e",
            "operator.attrgetter('a.b')",
        ),
        (
            "import operator",
            "operator.methodcaller('f', 1)",
            "80048c086f70657261746f728c0c6d6574686f6463616c6c6572938c01664b0186522e",
            "operator.methodcaller('f', 1)",
        ),
        (
            "import os.path",
            "{'key': abs, 'j': os.path.join}",
            "80047d288c036b65798c086275696c74696e738c03616273938c016a8c09706f736978706174688c046a6f696e93752e",
            "{'key': abs, 'j': posixpath.join}",
        ),
        (
            "import string",
            "string.Formatter()",
            "80048c06737472696e678c09466f726d61747465729329812e",
            "a string.Formatter",
        ),
    ] {
        assert_eq!(pickled(setup, expr), pickle, "{expr} (CPython loads it as {cpython_loads})");
    }
}

#[test]
fn a_random_generator_copies_with_its_state() {
    let cx = cx();
    crate::interp::execute(&cx, "import random\nr = random.Random(5)\nr.random()").expect("setup runs");
    let r = crate::interp::eval(&cx, "r").expect("r");
    let Value::Record(rec) = semantics::to_value(&cx, &r).expect("copies") else { panic!("not a record") };
    assert_eq!(rec.class, "random.Random");
    assert!(rec.args.is_empty(), "made with Random.__new__, then __setstate__");
    let Some(Value::Tuple(state)) = &rec.state else { panic!("no state") };
    let [Value::Int(3), Value::Tuple(words), Value::None] = state.as_slice() else { panic!("{state:?}") };
    // CPython 3.11: r = random.Random(5); r.random(); r.getstate()
    assert_eq!(words.len(), 625);
    assert_eq!(&words[..3], &[Value::Int(800844005), Value::Int(2707223550), Value::Int(1310751727)]);
    assert_eq!(words[624], Value::Int(2));
}
