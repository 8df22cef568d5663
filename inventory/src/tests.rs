//! Tests of the whole: loading, precedence, patterns, outputs, files beside the inventory.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use serde_json::{json, Value};

use crate::{Error, Inventory, Origin, Transport};

const SITE: &str = "\
all:
  vars:
    ntp: ntp.example.com
    level: all
  hosts:
    bastion:
      ansible_host: 203.0.113.1
  children:
    web:
      hosts:
        web[01:03].example.com:
        web04.example.com:2222:
      vars:
        level: web
        rpyc_port: 18900
      children:
        web_east:
          hosts:
            web01.example.com:
              level: host
          vars:
            level: web_east
    db:
      hosts:
        db-[a:c].x:
      vars:
        level: db
    prod:
      children:
        web:
        db:
staging:
  hosts:
    stage1:
    db-a.x:
";

fn site() -> Inventory {
    Inventory::from_yaml("site.yml", SITE).unwrap()
}

fn sel(inv: &Inventory, pattern: &str) -> Vec<String> {
    inv.select(pattern, None).unwrap()
}

fn parse_err(file: &str, text: &str) -> String {
    let e = Inventory::from_yaml(file, text).unwrap_err();
    assert!(matches!(e, Error::Parse { .. }), "{e:?}");
    e.to_string()
}

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, text).unwrap();
}

#[test]
fn structure_and_host_order() {
    let inv = site();
    assert_eq!(
        inv.hosts(),
        [
            "bastion",
            "web01.example.com",
            "web02.example.com",
            "web03.example.com",
            "web04.example.com",
            "db-a.x",
            "db-b.x",
            "db-c.x",
            "stage1",
        ]
    );
    assert_eq!(inv.groups(), ["all", "ungrouped", "web", "web_east", "db", "prod", "staging"]);
    assert_eq!(inv.group_children("all").unwrap(), ["ungrouped", "web", "db", "prod", "staging"]);
    assert_eq!(inv.group_hosts("ungrouped").unwrap(), ["bastion"]);
    assert_eq!(inv.group_hosts("prod").unwrap().len(), 7);
    assert_eq!(inv.host_groups("web01.example.com").unwrap(), ["prod", "web", "web_east"]);
    assert_eq!(inv.host_groups("bastion").unwrap(), ["ungrouped"]);
    assert!(inv.warnings().is_empty(), "{:?}", inv.warnings());
}

#[test]
fn graph_like_ansible_inventory() {
    let expected = "\
@all:
  |--@ungrouped:
  |  |--bastion
  |--@web:
  |  |--@web_east:
  |  |  |--web01.example.com
  |  |--web01.example.com
  |  |--web02.example.com
  |  |--web03.example.com
  |  |--web04.example.com
  |--@db:
  |  |--db-a.x
  |  |--db-b.x
  |  |--db-c.x
  |--@prod:
  |  |--@web:
  |  |  |--@web_east:
  |  |  |  |--web01.example.com
  |  |  |--web01.example.com
  |  |  |--web02.example.com
  |  |  |--web03.example.com
  |  |  |--web04.example.com
  |  |--@db:
  |  |  |--db-a.x
  |  |  |--db-b.x
  |  |  |--db-c.x
  |--@staging:
  |  |--stage1
  |  |--db-a.x";
    assert_eq!(site().graph(None).unwrap(), expected);
    assert_eq!(site().graph(Some("db")).unwrap(), "@db:\n  |--db-a.x\n  |--db-b.x\n  |--db-c.x");
    assert!(matches!(site().graph(Some("nope")), Err(Error::UnknownGroup(_))));
}

#[test]
fn list_json_like_ansible_inventory() {
    let inv = Inventory::from_yaml("i.yml", "all:\n  hosts:\n    a:\n  children:\n    web:\n      hosts:\n        w1: {x: 1}\n    empty:\n    db:\n      children:\n        web:\n").unwrap();
    let j = inv.list_json();
    assert_eq!(
        j,
        json!({
            "_meta": {"hostvars": {"w1": {"x": 1}}},
            "all": {"children": ["ungrouped", "web", "empty", "db"]},
            "ungrouped": {"hosts": ["a"]},
            "web": {"hosts": ["w1"]},
            "db": {"children": ["web"]},
        })
    );
    let keys: Vec<&String> = j.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["_meta", "all", "db", "ungrouped", "web"]);
    let text = crate::to_ansible_json(&j);
    assert!(text.starts_with("{\n    \"_meta\": {\n        \"hostvars\": {"), "{text}");
}

#[test]
fn ranges_and_ports() {
    let inv = site();
    assert_eq!(inv.group_hosts("db").unwrap(), ["db-a.x", "db-b.x", "db-c.x"]);
    assert_eq!(inv.host_vars("web04.example.com").unwrap()["ansible_port"], json!(2222));
    let inv = Inventory::from_yaml("r.yml", "g:\n  hosts:\n    n[1:10:3]:\n    p[08:10]:\n").unwrap();
    assert_eq!(inv.hosts(), ["n1", "n4", "n7", "n10", "p08", "p09", "p10"]);
    let e = parse_err("r.yml", "g:\n  hosts:\n    ok:\n    n[01:100]:\n");
    assert!(e.starts_with("r.yml:4:5: host range [01:100] must specify equal-length"), "{e}");
    let inv = Inventory::from_yaml("r.yml", "g:\n  hosts:\n    n[5:1]:\n").unwrap();
    assert!(inv.warnings()[0].to_string().starts_with("r.yml:3:5: host range 'n[5:1]' expands to no hosts"));
}

#[test]
fn precedence_inline() {
    let inv = site();
    let level = |h: &str| inv.host_vars(h).unwrap()["level"].clone();
    assert_eq!(level("web01.example.com"), json!("host"));
    assert_eq!(level("web02.example.com"), json!("web"));
    assert_eq!(level("bastion"), json!("all"));
    // db-a.x is in db and staging, both at depth 1: alphabetical, so staging (no level) and
    // db... db sets level, staging does not.
    assert_eq!(level("db-a.x"), json!("db"));
    assert_eq!(inv.host_vars("web03.example.com").unwrap()["ntp"], json!("ntp.example.com"));

    // Same depth: merged by name, later name wins; ansible_group_priority reorders.
    let text = "a:\n  hosts: {h: }\n  vars: {x: a}\nb:\n  hosts: {h: }\n  vars: {x: b}\n";
    let inv = Inventory::from_yaml("p.yml", text).unwrap();
    assert_eq!(inv.host_vars("h").unwrap()["x"], json!("b"));
    let text = "b:\n  hosts: {h: }\n  vars: {x: b}\na:\n  hosts: {h: }\n  vars: {x: a, ansible_group_priority: 5}\n";
    let inv = Inventory::from_yaml("p.yml", text).unwrap();
    let vars = inv.host_vars("h").unwrap();
    assert_eq!(vars["x"], json!("a"));
    assert!(!vars.contains_key("ansible_group_priority"));

    // Depth beats name: a child group "a" overrides its parent "z".
    let text = "z:\n  vars: {x: z}\n  children:\n    a:\n      hosts: {h: }\n      vars: {x: a}\n";
    assert_eq!(Inventory::from_yaml("d.yml", text).unwrap().host_vars("h").unwrap()["x"], json!("a"));

    // A host defined twice: the later definition wins, earlier keys stay.
    let text = "g1:\n  hosts: {h: {x: 1, y: 1}}\ng2:\n  hosts: {h: {x: 2}}\n";
    let vars = Inventory::from_yaml("t.yml", text).unwrap().host_vars("h").unwrap();
    assert_eq!((vars["x"].clone(), vars["y"].clone()), (json!(2), json!(1)));
}

#[test]
fn extra_vars_win_and_origins() {
    let mut inv = site();
    inv.set_extra_vars(BTreeMap::from([("level".to_string(), json!("extra"))]));
    assert_eq!(inv.host_vars("web01.example.com").unwrap()["level"], json!("extra"));
    let origins = inv.host_var_origins("web02.example.com").unwrap();
    assert_eq!(origins["level"], Origin::ExtraVars);
    assert_eq!(origins["rpyc_port"].to_string(), "site.yml:15:20");
    assert_eq!(inv.list_json()["_meta"]["hostvars"]["stage1"]["level"], json!("extra"));
}

#[test]
fn patterns_basic() {
    let inv = site();
    assert_eq!(sel(&inv, "all").len(), 9);
    assert_eq!(sel(&inv, "*").len(), 9);
    assert_eq!(sel(&inv, "web_east"), ["web01.example.com"]);
    assert_eq!(sel(&inv, "stage1"), ["stage1"]);
    assert_eq!(sel(&inv, "db:staging"), ["db-a.x", "db-b.x", "db-c.x", "stage1"]);
    assert_eq!(sel(&inv, "staging,db"), ["stage1", "db-a.x", "db-b.x", "db-c.x"]);
    assert_eq!(sel(&inv, "db:&staging"), ["db-a.x"]);
    assert_eq!(sel(&inv, "db:!staging"), ["db-b.x", "db-c.x"]);
    assert_eq!(sel(&inv, "ungrouped"), ["bastion"]);
    assert!(sel(&inv, "nothing").is_empty());
    assert!(sel(&inv, "nothing*").is_empty());
}

#[test]
fn patterns_evaluation_order() {
    let inv = site();
    // Exclusions apply after all unions, wherever written.
    assert_eq!(sel(&inv, "!db-a.x:db"), ["db-b.x", "db-c.x"]);
    // Intersections apply after all unions: (web ∪ staging) ∩ prod, not (web ∩ prod) ∪ staging.
    let hosts = sel(&inv, "web:&prod:staging");
    assert_eq!(hosts.len(), 5);
    assert_eq!(hosts[4], "db-a.x");
    // Then exclusions after intersections.
    assert_eq!(sel(&inv, "!web:&prod:db:web"), ["db-a.x", "db-b.x", "db-c.x"]);
    // Only exclusions: from all.
    assert_eq!(sel(&inv, "!prod"), ["bastion", "stage1"]);
    // Limit is an intersection applied last.
    assert_eq!(inv.select("prod", Some("staging")).unwrap(), ["db-a.x"]);
    assert_eq!(inv.select("all", Some("!prod:!bastion")).unwrap(), ["stage1"]);
}

#[test]
fn patterns_globs_regex_subscripts() {
    let inv = site();
    assert_eq!(sel(&inv, "web0*").len(), 4);
    assert_eq!(sel(&inv, "*.x"), ["db-a.x", "db-b.x", "db-c.x"]);
    assert_eq!(sel(&inv, "web0[12].example.com"), ["web01.example.com", "web02.example.com"]);
    assert_eq!(sel(&inv, "db-?.x:!db-b.x"), ["db-a.x", "db-c.x"]);
    assert_eq!(sel(&inv, "~web0[34]"), ["web03.example.com", "web04.example.com"]);
    assert_eq!(sel(&inv, r"~(web|db)_?e"), ["web01.example.com"]); // group web_east
    assert_eq!(sel(&inv, "~st"), ["stage1", "db-a.x"]); // group staging, anchored at the start
    assert_eq!(sel(&inv, "web[0]"), ["web01.example.com"]);
    assert_eq!(sel(&inv, "web[-1]"), ["web04.example.com"]);
    assert_eq!(sel(&inv, "web[1:2]"), ["web02.example.com", "web03.example.com"]);
    assert_eq!(sel(&inv, "web[2:]"), ["web03.example.com", "web04.example.com"]);
    assert_eq!(sel(&inv, "web[1:3]:db[0]").len(), 4);
    assert_eq!(sel(&inv, "prod:!web[1:3]")[0], "web01.example.com");
    assert_eq!(sel(&inv, "web*[0]"), ["web01.example.com"]);
    let e = inv.select("db[5]", None).unwrap_err().to_string();
    assert!(e.contains("'db[5]'") && e.contains("position 0"), "{e}");
}

#[test]
fn pattern_syntax_errors_name_position() {
    let inv = site();
    let err = |p: &str| match inv.select(p, None).unwrap_err() {
        Error::Pattern { pattern, position, message } => (pattern, position, message),
        e => panic!("{e}"),
    };
    let (p, pos, m) = err("web:~db(");
    assert_eq!((p.as_str(), pos), ("web:~db(", 5));
    assert!(m.contains("regular expression"), "{m}");
    assert_eq!(err("web:&").1, 4);
    assert!(err(" , ").2.contains("empty pattern"));
    assert_eq!(inv.select("db", Some(" ")).unwrap().len(), 3);
    assert_eq!(err("web,!").1, 4);
    assert_eq!(err("web:db[1").1, 6);
    assert!(err("web*[").2.contains("unterminated"));
    assert_eq!(err("web:[z-a]").1, 4);
    let e = inv.select("web", Some("db:&")).unwrap_err().to_string();
    assert!(e.starts_with("invalid host pattern 'db:&' at position 3"), "{e}");
}

#[test]
fn limit_file() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "retry", "db-b.x\n\nweb01.example.com\n");
    let limit = format!("@{}", dir.path().join("retry").display());
    let hosts = site().select("all", Some(&limit)).unwrap();
    assert_eq!(hosts, ["web01.example.com", "db-b.x"]);
    assert!(matches!(site().select("all", Some("@/nonexistent/x")), Err(Error::Io { .. })));
}

#[test]
fn implicit_localhost() {
    let inv = site();
    assert_eq!(sel(&inv, "localhost"), ["localhost"]);
    assert!(!sel(&inv, "all").contains(&"localhost".to_string()));
    let conn = inv.host_conn("localhost").unwrap();
    assert_eq!(conn.transport, Transport::Local);
    assert_eq!(inv.host_vars("127.0.0.1").unwrap()["ntp"], json!("ntp.example.com"));
    assert!(matches!(inv.host_vars("ghost"), Err(Error::UnknownHost(_))));
    let inv = Inventory::load(Vec::<String>::new()).unwrap();
    assert_eq!(sel(&inv, "localhost"), ["localhost"]);
    assert!(sel(&inv, "all").is_empty());
}

#[test]
fn inline_host_list_and_merge() {
    let inv = Inventory::load(["a, b:2222 ,[::1]:2200,c,"]).unwrap();
    assert_eq!(inv.hosts(), ["a", "b", "::1", "c"]);
    assert_eq!(inv.group_hosts("ungrouped").unwrap(), ["a", "b", "::1", "c"]);
    assert_eq!(inv.host_vars("b").unwrap()["ansible_port"], json!(2222));
    assert_eq!(inv.host_var_origins("b").unwrap()["ansible_port"], Origin::HostList);
    assert_eq!(inv.host_vars("::1").unwrap()["ansible_port"], json!(2200));

    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "one.yml", "web:\n  hosts:\n    a:\n    w1:\n");
    let one = dir.path().join("one.yml").display().to_string();
    let inv = Inventory::load([one.as_str(), "a,z,"]).unwrap();
    // Ansible's order: `ungrouped` is the first child of `all`, so z (and no longer a, which is
    // in web) comes first.
    assert_eq!(inv.hosts(), ["z", "a", "w1"]);
    assert_eq!(inv.group_hosts("ungrouped").unwrap(), ["z"]);
    assert!(matches!(Inventory::load(["no-such-file"]), Err(Error::NoSuchSource(_))));

    write(dir.path(), "hosts", "# INI\n[web]\nw1 ansible_host=1.2.3.4\n");
    let ini = dir.path().join("hosts").display().to_string();
    let e = Inventory::load([ini.as_str()]).unwrap_err().to_string();
    assert!(e.contains("hosts:3:1: ") && e.contains("looks like an INI inventory"), "{e}");
}

#[test]
fn group_vars_and_host_vars_files() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "inv/hosts.yml", "all:\n  vars: {x: inline_all, y: inline_all}\n  children:\n    web:\n      hosts:\n        w1: {h: inline_host}\n        w2:\n      vars: {x: inline_web, z: inline_web}\n");
    write(d, "inv/group_vars/all.yml", "x: file_all\n");
    // A directory of files, read in sorted order, recursively; hidden and backup files skipped.
    write(d, "inv/group_vars/web/10-base.yml", "z: file_web_10\nport: 1\n");
    write(d, "inv/group_vars/web/20-more.yaml", "z: file_web_20\n");
    write(d, "inv/group_vars/web/sub/30.json", "{\"deep\": true}\n");
    write(d, "inv/group_vars/web/.hidden.yml", "z: hidden\n");
    write(d, "inv/group_vars/web/40.yml~", "z: backup\n");
    write(d, "inv/group_vars/web/README.md", "not: loaded\n");
    write(d, "inv/host_vars/w1.yml", "h: file_host\n");
    write(d, "inv/host_vars/w1.yaml", "h: never_read\n");
    write(d, "inv/host_vars/w2", "h: no_extension\n");
    write(d, "inv/host_vars/localhost.yml", "lh: yes\n");
    let src = d.join("inv/hosts.yml").display().to_string();
    let inv = Inventory::load([src.as_str()]).unwrap();
    let v = inv.host_vars("w1").unwrap();
    // group_vars/all file beats inline vars of the child group (Ansible's order).
    assert_eq!(v["x"], json!("file_all"));
    assert_eq!(v["y"], json!("inline_all"));
    assert_eq!(v["z"], json!("file_web_20"));
    assert_eq!(v["deep"], json!(true));
    assert_eq!(v["port"], json!(1));
    assert_eq!(v["h"], json!("file_host"));
    assert_eq!(inv.host_vars("w2").unwrap()["h"], json!("no_extension"));
    assert_eq!(inv.host_vars("localhost").unwrap()["lh"], json!(true));
    let origin = inv.host_var_origins("w1").unwrap()["z"].to_string();
    assert!(origin.ends_with("inv/group_vars/web/20-more.yaml:1:4"), "{origin}");

    // Errors in vars files name the file.
    write(d, "inv/host_vars/w2", "- a list\n");
    let e = Inventory::load([src.as_str()]).unwrap_err().to_string();
    assert!(e.contains("inv/host_vars/w2:1:1: a vars file must be a mapping"), "{e}");
    write(d, "inv/host_vars/w2", "a: 1\na: 2\n");
    let e = Inventory::load([src.as_str()]).unwrap_err().to_string();
    assert!(e.contains("inv/host_vars/w2:2:1: duplicate mapping key"), "{e}");
}

#[test]
fn directory_source() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "inv/01-web.yml", "web:\n  hosts: {w1: }\n");
    write(d, "inv/02-db.yaml", "db:\n  hosts: {d1: }\n");
    write(d, "inv/sub/03.json", "{\"extra\": {\"hosts\": {\"e1\": null}}}\n");
    write(d, "inv/notes.md", "ignored");
    write(d, "inv/hosts", "[web]\nw9\n");
    write(d, "inv/group_vars/web.yml", "v: 1\n");
    let src = d.join("inv").display().to_string();
    let inv = Inventory::load([src.as_str()]).unwrap();
    assert_eq!(inv.hosts(), ["w1", "d1", "e1"]);
    assert_eq!(inv.host_vars("w1").unwrap()["v"], json!(1));
    assert_eq!(inv.warnings().len(), 1);
    assert!(inv.warnings()[0].message.contains("hosts: only YAML inventory files"));
}

#[test]
fn structure_errors_have_line_and_column() {
    let e = parse_err("inventory.yml", "all:\n  children:\n    web:\n      hosts:\n        - web01\n");
    assert_eq!(e, "inventory.yml:5:9: hosts of group 'web' must be a mapping, found a sequence");
    let e = parse_err("i.yml", "web:\n  hosts:\n    w1: just-a-string\n");
    assert_eq!(e, "i.yml:3:9: vars of host 'w1' in group 'web' must be a mapping, found a string");
    let e = parse_err("i.yml", "web:\n  vars: [1]\n");
    assert_eq!(e, "i.yml:2:9: vars of group 'web' must be a mapping, found a sequence");
    let e = parse_err("i.yml", "- web\n");
    assert!(e.starts_with("i.yml:1:1: YAML inventory has invalid structure"), "{e}");
    let e = parse_err("i.yml", "plugin: aws_ec2\n");
    assert!(e.starts_with("i.yml:1:1: this is an inventory plugin configuration"), "{e}");
    // As in Ansible, b -> a is added first (inner groups are linked when parsed), then a -> b
    // closes the loop.
    let e = parse_err("i.yml", "a:\n  children:\n    b:\n      children:\n        a:\n");
    assert!(e.starts_with("i.yml:3:5: adding group 'b' as a child of 'a' creates a loop"), "{e}");
    let e = parse_err("i.yml", "a:\n  vars:\n    ansible_group_priority: high\n");
    assert!(e.starts_with("i.yml:3:29: ansible_group_priority of group 'a' must be an integer"), "{e}");
    let e = parse_err("i.yml", "a:\n  hosts:\n    h1:\n    h1:\n");
    assert!(e.starts_with("i.yml:4:5: duplicate mapping key"), "{e}");
    let e = parse_err("i.yml", "a:\n  hosts:\n    h1: {x: [1, 2}\n");
    assert!(e.starts_with("i.yml:3:"), "{e}");
    let e = parse_err("i.yml", "a:\n  hosts:\n\th1:\n");
    assert!(e.starts_with("i.yml:3:"), "{e}");
}

#[test]
fn ansible_warnings_are_kept() {
    let text = "web:\n  host:\n    w1:\n  hosts: w2\n  junk: 5\nlist: [a]\n";
    let inv = Inventory::from_yaml("w.yml", text).unwrap();
    let w: Vec<String> = inv.warnings().iter().map(ToString::to_string).collect();
    assert_eq!(
        w,
        [
            "w.yml:2:3: skipping key 'host' in group 'web': only 'hosts', 'children' and 'vars' are valid",
            "w.yml:5:3: skipping key 'junk' in group 'web': it is not a mapping",
            "w.yml:6:7: skipping 'list': a group definition must be a mapping, found a sequence",
        ]
    );
    assert_eq!(inv.hosts(), ["w2"]);
    let inv = Inventory::from_yaml("e.yml", "# empty\n").unwrap();
    assert_eq!(inv.warnings()[0].message, "parsed empty YAML file");
    let inv = Inventory::from_yaml("e.yml", "web:\n  hosts: {web: }\n").unwrap();
    assert!(inv.warnings()[0].message.contains("same name: web"));
}

#[test]
fn yaml_features_ansible_relies_on() {
    let text = "\
all:
  vars:
    flag: yes
    mode: 0644
    common: &common {rpyc_port: 19000, ansible_user: deploy}
  children:
    web:
      hosts:
        w1:
          <<: *common
          ansible_user: root
";
    let inv = Inventory::from_yaml("y.yml", text).unwrap();
    let v = inv.host_vars("w1").unwrap();
    assert_eq!(v["flag"], json!(true));
    assert_eq!(v["mode"], json!(420));
    assert_eq!(v["rpyc_port"], json!(19000));
    assert_eq!(v["ansible_user"], json!("root"));
}

#[test]
fn host_conn_defaults_and_overrides() {
    let text = "\
all:
  hosts:
    plain:
    custom: {ansible_host: 10.0.0.5, rpyc_port: '19000', ansible_user: 1000, ansible_ssh_private_key_file: ~/.ssh/k, ansible_timeout: 2.5}
    viassh: {rpyc_transport: ssh, ansible_port: 2222, ansible_host: gw}
    sshdefault: {rpyc_transport: ssh}
    loc: {ansible_connection: local}
    forced: {ansible_connection: local, rpyc_transport: tcp}
";
    let inv = Inventory::from_yaml("c.yml", text).unwrap();
    let c = inv.host_conn("plain").unwrap();
    assert_eq!((c.address.as_str(), c.port, c.transport), ("plain", 18812, Transport::Tcp));
    assert_eq!((c.user.clone(), c.key_file.clone(), c.timeout), (None, None, None));
    let c = inv.host_conn("custom").unwrap();
    assert_eq!((c.address.as_str(), c.port, c.user.as_deref()), ("10.0.0.5", 19000, Some("1000")));
    assert_eq!(c.key_file.unwrap().to_str(), Some("~/.ssh/k"));
    assert_eq!(c.timeout, Some(std::time::Duration::from_millis(2500)));
    let c = inv.host_conn("viassh").unwrap();
    assert_eq!((c.address.as_str(), c.port, c.rpyc_port, c.transport), ("gw", 2222, 18812, Transport::Ssh));
    assert_eq!(inv.host_conn("sshdefault").unwrap().port, 22);
    assert_eq!(inv.host_conn("loc").unwrap().transport, Transport::Local);
    assert_eq!(inv.host_conn("forced").unwrap().transport, Transport::Tcp);
}

#[test]
fn host_conn_errors_name_host_variable_and_origin() {
    let text = "web:\n  vars:\n    rpyc_port: eighty\n  hosts:\n    w1:\n    w2: {rpyc_port: 70000}\nother:\n  hosts:\n    w3: {rpyc_transport: udp}\n    w4: {ansible_host: '{{ ip }}'}\n    w5: {ansible_host: [1]}\n";
    let inv = Inventory::from_yaml("c.yml", text).unwrap();
    let e = inv.host_conn("w1").unwrap_err();
    assert!(matches!(&e, Error::Var { host, var, .. } if host == "w1" && var == "rpyc_port"));
    assert_eq!(
        e.to_string(),
        "host 'w1': variable 'rpyc_port' must be a port number (1-65535), got \"eighty\" (set at c.yml:3:16)"
    );
    assert!(inv.host_conn("w2").unwrap_err().to_string().contains("got 70000"));
    assert!(inv.host_conn("w3").unwrap_err().to_string().contains("must be one of tcp, local, ssh"));
    assert!(inv.host_conn("w4").unwrap_err().to_string().contains("Jinja2 template"));
    assert!(inv.host_conn("w5").unwrap_err().to_string().contains("must be a string"));
    let mut inv = inv;
    inv.set_extra_vars(BTreeMap::from([("rpyc_port".into(), Value::from("x"))]));
    assert!(inv.host_conn("w1").unwrap_err().to_string().ends_with("(set at extra vars)"));
}

#[test]
fn host_json_sorted() {
    let inv = Inventory::from_yaml("s.yml", "g:\n  hosts:\n    h: {b: {z: 1, a: 2}, a: 1}\n").unwrap();
    let j = inv.host_json("h").unwrap();
    assert_eq!(
        crate::to_ansible_json(&j),
        "{\n    \"a\": 1,\n    \"b\": {\n        \"a\": 2,\n        \"z\": 1\n    }\n}"
    );
}

#[test]
fn several_sources_with_their_own_vars_dirs() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "one/inv.yml", "web:\n  hosts: {w1: , w2: }\n");
    write(d, "one/group_vars/web.yml", "x: one_web\ny: one_web\n");
    write(d, "two/inv.yml", "web:\n  children: db\n  vars: {z: inline}\ndb:\n  hosts: w2\n");
    write(d, "two/group_vars/all.yml", "x: two_all\ny: two_all\nz: two_all\n");
    write(d, "two/group_vars/db.yml", "y: two_db\n");
    let one = d.join("one/inv.yml").display().to_string();
    let two = d.join("two/inv.yml").display().to_string();
    let inv = Inventory::load([one.as_str(), two.as_str()]).unwrap();
    assert_eq!(inv.group_children("web").unwrap(), ["db"]);
    let w1 = inv.host_vars("w1").unwrap();
    // group_vars/<group> files (any source) beat group_vars/all files (any source), which beat
    // inline group vars.
    assert_eq!(
        (w1["x"].clone(), w1["y"].clone(), w1["z"].clone()),
        (json!("one_web"), json!("one_web"), json!("two_all"))
    );
    // Among group files: source order first, then group order (db is deeper than web).
    assert_eq!(inv.host_vars("w2").unwrap()["y"], json!("two_db"));
}
