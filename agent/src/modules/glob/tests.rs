//! glob on a small tree, against what CPython 3.11 gives on the same tree
//! (sorted: the order is the directory's).

use crate::objects::testing::cx;
use crate::runtime::semantics;

/// Makes the tree CPython's answers were taken on; returns its path.
fn tree(tag: &str) -> String {
    let root = std::env::temp_dir().join(format!("rpyc-glob-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    for d in ["sub/deep", ".hd"] {
        std::fs::create_dir_all(root.join(d)).expect("mkdir");
    }
    for f in ["a.txt", "b.py", ".hidden", "sub/c.txt", "sub/.h2", "sub/deep/d.txt", ".hd/x"] {
        std::fs::write(root.join(f), b"").expect("write");
    }
    std::os::unix::fs::symlink("sub", root.join("link")).expect("symlink");
    root.to_string_lossy().into_owned()
}

fn sorted(root: &str, call: &str) -> String {
    let cx = cx();
    let src = format!("sorted(__import__('glob').{call})").replace("ROOT", root);
    match crate::interp::eval(&cx, &src) {
        Ok(v) => semantics::repr(&cx, &v).unwrap_or_default().replace(root, "ROOT"),
        Err(e) => format!("{}: {}", e.class().name, e.message(&cx)),
    }
}

#[test]
fn globs_match_cpython() {
    let root = tree("cases");
    for (call, want) in [
        ("glob('*', root_dir='ROOT')", "['a.txt', 'b.py', 'link', 'sub']"),
        ("glob('*', root_dir='ROOT', include_hidden=True)", "['.hd', '.hidden', 'a.txt', 'b.py', 'link', 'sub']"),
        ("glob('.*', root_dir='ROOT')", "['.hd', '.hidden']"),
        (
            "glob('**', root_dir='ROOT', recursive=True)",
            "['a.txt', 'b.py', 'link', 'link/c.txt', 'link/deep', 'link/deep/d.txt', 'sub', 'sub/c.txt', 'sub/deep', \
             'sub/deep/d.txt']",
        ),
        (
            "glob('**/*.txt', root_dir='ROOT', recursive=True)",
            "['a.txt', 'link/c.txt', 'link/deep/d.txt', 'sub/c.txt', 'sub/deep/d.txt']",
        ),
        ("glob('**/', root_dir='ROOT', recursive=True)", "['link/', 'link/deep/', 'sub/', 'sub/deep/']"),
        ("glob('*/', root_dir='ROOT')", "['link/', 'sub/']"),
        ("glob('ROOT/sub/*')", "['ROOT/sub/c.txt', 'ROOT/sub/deep']"),
        ("glob('ROOT/*/*.txt')", "['ROOT/link/c.txt', 'ROOT/sub/c.txt']"),
        ("glob('**', root_dir='ROOT')", "['a.txt', 'b.py', 'link', 'sub']"),
        ("glob('a.txt', root_dir='ROOT')", "['a.txt']"),
        ("glob('nope', root_dir='ROOT')", "[]"),
        ("glob('sub/', root_dir='ROOT')", "['sub/']"),
        ("glob('', root_dir='ROOT')", "[]"),
        ("glob('[ab].*', root_dir='ROOT')", "['a.txt', 'b.py']"),
        ("glob('*', root_dir='ROOT/sub')", "['c.txt', 'deep']"),
        (
            "glob('**', root_dir='ROOT/sub', recursive=True, include_hidden=True)",
            "['.h2', 'c.txt', 'deep', 'deep/d.txt']",
        ),
        ("glob(b'*.py', root_dir=b'ROOT')", "[b'b.py']"),
        ("glob(b'*.py', root_dir='ROOT')", "TypeError: cannot use a bytes pattern on a string-like object"),
        ("iglob('ROOT/*.py')", "['ROOT/b.py']"),
        ("glob(3)", "TypeError: 'int' object is not subscriptable"),
        ("escape('a[*?]b')", "['*', '?', '[', '[', '[', '[', ']', ']', ']', ']', 'a', 'b']"),
        ("glob1('ROOT', '*.txt')", "['a.txt']"),
        ("glob0('ROOT', 'b.py')", "['b.py']"),
    ] {
        assert_eq!(sorted(&root, call), want, "{call}");
    }
    let _ = std::fs::remove_dir_all(&root);
}
