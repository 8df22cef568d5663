//! The parser's events and errors for documents CPython's expat was
//! asked about (expectations from pyexpat 2.5, CPython 3.11).

use super::{parse, Event, Source};

/// `Code: line L, column C` of the first error, or `ok`.
fn outcome(doc: &str) -> String {
    match parse(Source::Text(doc)) {
        Ok(p) => p.error.map_or_else(|| "ok".to_owned(), |e| e.message()),
        Err(_) => "python error".to_owned(),
    }
}

#[test]
fn errors_match_expat() {
    let cases: &[(&str, &str)] = &[
        ("<a><b></a>", "mismatched tag: line 1, column 8"),
        ("<a b=\"1\" b=\"2\"/>", "duplicate attribute: line 1, column 9"),
        ("<a>", "no element found: line 1, column 3"),
        ("", "no element found: line 1, column 0"),
        ("<a/><b/>", "junk after document element: line 1, column 4"),
        ("<a>&foo;</a>", "undefined entity: line 1, column 3"),
        ("<a>&#0;</a>", "reference to invalid character number: line 1, column 3"),
        ("<a b=1/>", "not well-formed (invalid token): line 1, column 5"),
        ("<a>]]></a>", "not well-formed (invalid token): line 1, column 5"),
        ("<a\u{1}/>", "not well-formed (invalid token): line 1, column 2"),
        ("<a>\u{1}</a>", "not well-formed (invalid token): line 1, column 3"),
        ("<1a/>", "not well-formed (invalid token): line 1, column 1"),
        ("<a:b/>", "unbound prefix: line 1, column 0"),
        ("  <?xml version=\"1.0\"?><a/>", "XML or text declaration not at start of entity: line 1, column 2"),
        ("<a></a >x", "junk after document element: line 1, column 8"),
        ("<a><!-- a -- b --></a>", "not well-formed (invalid token): line 1, column 12"),
        ("<a b=\"<\"/>", "not well-formed (invalid token): line 1, column 6"),
        ("<a>&#xD800;</a>", "reference to invalid character number: line 1, column 3"),
        ("<a>\n<b>\n</c></a>", "mismatched tag: line 3, column 2"),
        ("<a/>\n\n  junk", "junk after document element: line 3, column 2"),
        ("<a x=\"1\"", "unclosed token: line 1, column 0"),
        ("<!--", "unclosed token: line 1, column 0"),
        ("<a><![CDATA[x", "unclosed CDATA section: line 1, column 13"),
        ("é<a/>", "not well-formed (invalid token): line 1, column 1"),
        ("<é/>", "ok"),
        ("<a>é</b>", "mismatched tag: line 1, column 6"),
        ("<a>& b</a>", "not well-formed (invalid token): line 1, column 4"),
        ("<a>&amp b</a>", "not well-formed (invalid token): line 1, column 7"),
        ("<!x>", "not well-formed (invalid token): line 1, column 3"),
        ("<!DOCTYPE a", "no element found: line 1, column 11"),
        ("<a><!x></a>", "not well-formed (invalid token): line 1, column 5"),
        ("<?pi", "unclosed token: line 1, column 0"),
        ("<a/><?xml version=\"1.0\"?>", "junk after document element: line 1, column 4"),
        ("<?xml version=\"2.0\"?><a/>", "ok"),
        ("<?xml?><a/>", "XML declaration not well-formed: line 1, column 5"),
        ("<?xml version=\"1.0\" standalone=\"maybe\"?><a/>", "XML declaration not well-formed: line 1, column 32"),
        ("<?XML version=\"1.0\"?><a/>", "not well-formed (invalid token): line 1, column 5"),
        ("<?xml-foo?><a/>", "ok"),
        ("<a>&#x1F600;\u{1F600}</b>", "mismatched tag: line 1, column 15"),
        ("< a/>", "not well-formed (invalid token): line 1, column 1"),
        ("<a></ a>", "not well-formed (invalid token): line 1, column 5"),
        ("<a></a b>", "not well-formed (invalid token): line 1, column 7"),
        ("<a/>\u{0}", "not well-formed (invalid token): line 1, column 4"),
        ("<a>\u{FFFE}</a>", "not well-formed (invalid token): line 1, column 3"),
        ("<a b=\"1\"c=\"2\"/>", "not well-formed (invalid token): line 1, column 8"),
        ("<a\n  b\n=\n\"1\"/>", "ok"),
        ("<!DOCTYPE a [<!ENTITY e \"<b>x</b>\">]><a>&e;</a>", "ok"),
        ("<!DOCTYPE a [<!ENTITY a \"&a;\">]><a>&a;</a>", "recursive entity reference: line 1, column 35"),
        ("<!DOCTYPE a [<!ENTITY e \"<b>\">]><a>&e;</a>", "asynchronous entity: line 1, column 35"),
        ("<!DOCTYPE a SYSTEM \"x.dtd\"><a>&x;</a>", "ok"),
        ("<a xmlns:x=\"u\" xmlns:y=\"u\" x:b=\"1\" y:b=\"2\"/>", "duplicate attribute: line 1, column 0"),
        ("<a xmlns:x=\"\"/>", "must not undeclare prefix: line 1, column 0"),
        ("<xmlns:a/>", "unbound prefix: line 1, column 0"),
        ("<a xml:lang=\"en\"/>", "ok"),
        ("<a>x</a>  \n ", "ok"),
        ("\n\n<a/>", "ok"),
        ("x<a/>", "not well-formed (invalid token): line 1, column 1"),
        ("</a>", "not well-formed (invalid token): line 1, column 1"),
        ("<a/></a>", "not well-formed (invalid token): line 1, column 5"),
        ("<a/><!DOCTYPE a>", "junk after document element: line 1, column 4"),
        ("<a><!DOCTYPE a></a>", "not well-formed (invalid token): line 1, column 5"),
        ("<!DOCTYPE a><!DOCTYPE a><a/>", "syntax error: line 1, column 12"),
        ("<![CDATA[x]]><a/>", "syntax error: line 1, column 0"),
        ("<a/><![CDATA[x]]>", "junk after document element: line 1, column 4"),
        ("&amp;<a/>", "not well-formed (invalid token): line 1, column 0"),
        ("<a/>&amp;", "not well-formed (invalid token): line 1, column 4"),
        ("<a><!-- a --->x</a>", "not well-formed (invalid token): line 1, column 12"),
        ("<a><?xml version=\"1.0\"?></a>", "XML or text declaration not at start of entity: line 1, column 3"),
        ("<?xml encoding=\"utf-8\"?><a/>", "XML declaration not well-formed: line 1, column 6"),
        ("<?xml version=\"1.0\" encoding=\"a b\"?><a/>", "XML declaration not well-formed: line 1, column 31"),
        ("<?xml version=\"1.0\"encoding=\"utf-8\"?><a/>", "XML declaration not well-formed: line 1, column 19"),
        ("<?xml version=\"1.0\" foo=\"x\"?><a/>", "XML declaration not well-formed: line 1, column 20"),
        (
            "<?xml version=\"1.0\" standalone=\"yes\" encoding=\"x\"?><a/>",
            "XML declaration not well-formed: line 1, column 37",
        ),
        ("<!DOCTYPE>", "not well-formed (invalid token): line 1, column 9"),
        ("<!DOCTYPE a [<!ENTITY x \"y\">", "no element found: line 1, column 28"),
        ("<!DOCTYPE a [ <!FOO> ]><a/>", "not well-formed (invalid token): line 1, column 19"),
        ("<a>x < y</a>", "not well-formed (invalid token): line 1, column 6"),
        ("<a><![CDATA[x]]x]]></a>", "ok"),
        ("<a>&#12a;</a>", "not well-formed (invalid token): line 1, column 7"),
        ("<a>&#x;</a>", "not well-formed (invalid token): line 1, column 6"),
        ("<a>&1;</a>", "not well-formed (invalid token): line 1, column 4"),
        ("<a b=\"&#0;\"/>", "reference to invalid character number: line 1, column 6"),
        ("<a b=\"&x;\"/>", "undefined entity: line 1, column 0"),
        ("<a><b/></a><c/>", "junk after document element: line 1, column 11"),
        ("<?pi x?><a/>", "ok"),
        ("<a><?1pi?></a>", "not well-formed (invalid token): line 1, column 5"),
    ];
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|(doc, want)| {
            let got = outcome(doc);
            (got != *want).then(|| format!("{doc:?}\n  want: {want}\n  got:  {got}"))
        })
        .collect();
    assert!(failures.is_empty(), "{} of {} differ:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

#[test]
fn events_of_a_document() {
    let p = parse(Source::Text(
        "<?xml version='1.0'?><!--c--><r xmlns='u' a='1&amp;2'>t&#65;<x:b xmlns:x='v'/><![CDATA[<c>]]>\r\n</r>",
    ))
    .expect("parsed");
    assert!(p.error.is_none(), "{:?}", p.error);
    let kinds: Vec<String> = p
        .events
        .iter()
        .map(|e| match e {
            Event::XmlDecl { version, .. } => format!("decl {version}"),
            Event::Comment(c) => format!("comment {c}"),
            Event::StartNs { prefix, uri } => format!("ns {prefix:?} {uri}"),
            Event::Start { name, attrs } => format!(
                "start {} {:?}",
                name.clark(),
                attrs.iter().map(|(n, v)| (n.clark(), v.clone())).collect::<Vec<_>>()
            ),
            Event::End { name } => format!("end {}", name.qname()),
            Event::EndNs { prefix } => format!("endns {prefix:?}"),
            Event::Text(t) => format!("text {t:?}"),
            Event::CData(t) => format!("cdata {t:?}"),
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "decl 1.0",
            "comment c",
            "ns None u",
            "start {u}r [(\"a\", \"1&2\")]",
            "text \"tA\"",
            "ns Some(\"x\") v",
            "start {v}b []",
            "end x:b",
            "endns Some(\"x\")",
            "cdata \"<c>\"",
            "text \"\\n\"",
            "end r",
            "endns None",
        ]
    );
}

#[test]
fn bytes_are_decoded_as_expat_decodes_them() {
    let msg = |b: &[u8]| match parse(Source::Bytes(b)) {
        Ok(p) => p.error.map_or_else(|| "ok".to_owned(), |e| e.message()),
        Err(_) => "python error".to_owned(),
    };
    assert_eq!(msg(b"<a>\xc3</a>"), "not well-formed (invalid token): line 1, column 3");
    assert_eq!(msg(b"<a>\xc3"), "partial character: line 1, column 3");
    assert_eq!(
        msg(b"<?xml version=\"1.0\" encoding=\"utf-16\"?><a/>"),
        "encoding specified in XML declaration is incorrect: line 1, column 30"
    );
    assert_eq!(msg(b"<?xml version=\"1.0\" encoding=\"latin-1\"?><a>\xe9</a>"), "ok");
    assert_eq!(
        msg(b"<?xml version=\"1.0\" encoding=\"ascii\"?><a>\xe9</a>"),
        "not well-formed (invalid token): line 1, column 41"
    );
    assert_eq!(msg(b"<\x00a\x00>\x00\xe9\x00<\x00/\x00a\x00>\x00"), "ok");
    assert_eq!(msg(b"<?xml version=\"1.0\" encoding=\"bogus\"?><a/>"), "python error");
}

#[test]
fn entity_expansion_is_bounded() {
    let mut doc = String::from("<!DOCTYPE l [<!ENTITY l0 \"hahahahahahahahahaha\">");
    for i in 1..10 {
        let refs = format!("&l{};", i - 1).repeat(10);
        doc.push_str(&format!("<!ENTITY l{i} \"{refs}\">"));
    }
    doc.push_str("]><l>&l9;</l>");
    assert_eq!(
        outcome(&doc),
        "limit on input amplification factor (from DTD and entities) breached: line 1, column 548"
    );
}
