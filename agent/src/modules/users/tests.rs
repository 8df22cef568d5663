use super::{grp, pwd};
use crate::interp::{eval, execute};
use crate::objects::testing::with_cx;
use crate::runtime::context::Cx;
use crate::runtime::semantics;

fn run(cx: &Cx, src: &str) -> String {
    match eval(cx, src) {
        Ok(v) => semantics::repr(cx, &v).unwrap_or_else(|e| format!("!{}", e.class().name)),
        Err(e) => format!("!{}: {}", e.class().name, e.message(cx)),
    }
}

#[test]
fn root_and_its_group() {
    with_cx(|cx| {
        execute(cx, "import pwd, grp, getpass").expect("imports");
        let root = run(cx, "pwd.getpwuid(0)");
        assert!(root.starts_with("pwd.struct_passwd(pw_name='root', pw_passwd="), "{root}");
        assert_eq!(run(cx, "pwd.getpwnam('root').pw_uid, pwd.getpwuid(0)[0], len(pwd.getpwuid(0))"), "(0, 'root', 7)");
        assert_eq!(run(cx, "grp.getgrgid(0).gr_name, grp.getgrnam('root')[2]"), "('root', 0)");
        assert_eq!(run(cx, "any(p.pw_uid == 0 for p in pwd.getpwall())"), "True");
        assert_eq!(run(cx, "any(g.gr_gid == 0 for g in grp.getgrall())"), "True");
        assert_eq!(run(cx, "type(grp.getgrgid(0).gr_mem)"), "<class 'list'>");
        assert_eq!(run(cx, "isinstance(pwd.getpwuid(0), pwd.struct_passwd)"), "True");
        let user = semantics::to_value(cx, &eval(cx, "pwd.getpwuid(0)").expect("root")).expect("copies");
        assert!(user.to_string().starts_with("pwd.struct_passwd(('root', "), "{user}");
        assert!(std::sync::Arc::ptr_eq(&pwd::STRUCT_PASSWD, &pwd::STRUCT_PASSWD));
        assert!(!grp::STRUCT_GROUP.name.is_empty());
    });
}

#[test]
fn lookups_fail_as_cpython() {
    with_cx(|cx| {
        execute(cx, "import pwd, grp, getpass").expect("imports");
        for (src, want) in [
            ("pwd.getpwnam('no-such-user-rpyc')", "!KeyError: \"getpwnam(): name not found: 'no-such-user-rpyc'\""),
            ("pwd.getpwuid(4000000)", "!KeyError: 'getpwuid(): uid not found: 4000000'"),
            ("pwd.getpwuid(-1)", "!KeyError: 'getpwuid(): uid not found: -1'"),
            ("pwd.getpwuid(2**32 - 1)", "!KeyError: 'getpwuid(): uid not found: -1'"),
            ("pwd.getpwuid(-2)", "!KeyError: 'getpwuid(): uid not found'"),
            ("pwd.getpwuid(2**70)", "!KeyError: 'getpwuid(): uid not found'"),
            ("pwd.getpwuid('0')", "!TypeError: uid should be integer, not str"),
            ("pwd.getpwuid(uid=0)", "!TypeError: pwd.getpwuid() takes no keyword arguments"),
            ("pwd.getpwnam(1)", "!TypeError: getpwnam() argument must be str, not int"),
            ("pwd.getpwnam('a\\0b')", "!ValueError: embedded null character"),
            ("grp.getgrgid(4000000)", "!KeyError: 'getgrgid(): gid not found: 4000000'"),
            ("grp.getgrgid(-2)", "!OverflowError: gid is less than minimum"),
            ("grp.getgrgid(2**32)", "!OverflowError: gid is less than minimum"),
            ("grp.getgrgid(2**64)", "!OverflowError: gid is greater than maximum"),
            ("grp.getgrnam('no-such-group-rpyc')", "!KeyError: \"getgrnam(): name not found: 'no-such-group-rpyc'\""),
        ] {
            assert_eq!(run(cx, src), want, "{src}");
        }
        let refused = run(cx, "getpass.getpass()");
        assert!(
            refused.starts_with("!NotImplementedError: getpass.getpass") && refused.contains("rpyc-agent"),
            "{refused}"
        );
    });
}

#[test]
fn getuser_reads_the_environment_first() {
    with_cx(|cx| {
        execute(cx, "import getpass, os").expect("imports");
        let user = run(cx, "getpass.getuser()");
        let expected = ["LOGNAME", "USER", "LNAME", "USERNAME"]
            .iter()
            .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
            .map(|v| format!("'{v}'"));
        match expected {
            Some(v) => assert_eq!(user, v),
            None => assert!(user.starts_with('\''), "{user}"),
        }
    });
}
