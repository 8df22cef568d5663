"""xml.dom.minidom and xml.etree.ElementTree: parse, navigate, modify and
serialise documents drawn from a pool (well-formed, awkward and malformed:
mismatched tags, bad references, unsafe DTDs, wrong encodings), in programs
run on the server and through the client on netrefs (``M['xml.dom.minidom']``,
as RPyC's tutorial does); the fixture's XML files (``FIX/data/*.xml``)
parsed by path and by file object. Results are str, bytes, tuples and
lists: nodes and elements are compared by what they serialise to."""

from cases import family

# fmt: off
DOCS = [
    "'<a/>'", "'<a>text</a>'",
    '\'<root a="1" b="x&amp;y"><item id="1">one</item><item id="2">two<sub/>tail</item><other>t</other>end</root>\'',
    '\'<r xmlns="urn:d" xmlns:p="urn:p"><p:a x="1" p:y="2"/><b>t</b><p:c><b/></p:c></r>\'',
    "'<a><![CDATA[<raw> & stuff]]>after<!-- note --><?pi some data?></a>'",
    "'<doc>\\n  <x>1</x>\\n  <y>\\n    <z/>\\n  </y>\\n</doc>'",
    '\'<a t="&lt;&gt;&quot;&apos;&#65;&#x42;">&#233;&#x20AC;\\u00e9</a>\'',
    '\'<a b="x\\ny\\tz&#10;&#9;">l1\\r\\nl2\\rl3</a>\'',
    '\'<?xml version="1.0" encoding="UTF-8"?><!-- c1 --><a/><!-- c2 -->\'',
    '\'<!DOCTYPE a [<!ENTITY e "<b>ent</b>"><!ENTITY t "text">]><a>&e;&t;<c x="&t;"/></a>\'',
    '\'<!DOCTYPE a SYSTEM "a.dtd"><a/>\'', '\'<!DOCTYPE a PUBLIC "-//X//DTD//EN" "a.dtd"><a>x</a>\'',
    '\'<a xml:lang="en"><b xmlns="urn:x"><c/></b></a>\'', "'<a><b><c><d><e>deep</e></d></c></b></a>'",
    "'<a>  <b/>  <b>2</b>  <c/>  </a>'", '\'<h\\u00e9 \\u00e0="\\u00e7">\\u4e2d\\u6587</h\\u00e9>\'',
    '\'<a><b id="1"/><b id="2"><b id="3"/></b><c><b id="4"/></c></a>\'', "'<a>1<b/>2<c/>3</a>'",
    'b\'<?xml version="1.0" encoding="iso-8859-1"?><a>\\xe9t\\xe9</a>\'', "b'\\xef\\xbb\\xbf<a>bom</a>'",
    '\'<a x="1" y="2" z="3"/>\'', "'<a><script>x < y</script><br/><p>t</p></a>'",
]
BAD = [
    "'<a><b></a>'", "'<a>'", "''", "'<a/><b/>'", "'<a>&nope;</a>'", "'<a>&#0;</a>'", '\'<a b="1" b="2"/>\'',
    "'<p:a/>'", '\'  <?xml version="1.0"?><a/>\'', "'<a>\\x01</a>'", "'<1a/>'", "'<a b=1/>'", "'<a>]]></a>'",
    "'<a><!-- x -- y --></a>'", '\'<a x="1"\'', "'<a><![CDATA[x'", "'<a/>junk'",
    '\'<!DOCTYPE a [<!ENTITY a "&a;">]><a>&a;</a>\'',
    '\'<!DOCTYPE a [<!ENTITY e SYSTEM "file:///etc/passwd">]><a>&e;</a>\'',
    '\'<!DOCTYPE a [<!ENTITY e "<b>">]><a>&e;</a>\'', '\'<!DOCTYPE a SYSTEM "x.dtd"><a>&undeclared;</a>\'',
    "b'<a>\\xff</a>'", "b'<a>\\xc3'", 'b\'<?xml version="1.0" encoding="utf-16"?><a/>\'',
    'b\'<?xml version="1.0" encoding="no-such-codec"?><a/>\'', '\'<a xmlns:x=""/>\'',
    '\'<?xml version="1.0" standalone="maybe"?><a/>\'', "'<a>\\n<b>\\n</c></a>'", "'< a/>'", "'<a></a b>'",
    '\'<a b="<"/>\'', "'<a>&amp b</a>'", "'<!DOCTYPE>'", "'<a>&#xD800;</a>'", '5', 'None',
]
ET_OPS = [
    'ET.tostring(r)', "ET.tostring(r, encoding='unicode')", "ET.tostring(r, 'utf-8')", "ET.tostring(r, 'latin-1')",
    "ET.tostring(r, method='text', encoding='unicode')", "ET.tostring(r, method='html')",
    'ET.tostring(r, xml_declaration=True)', 'ET.tostring(r, short_empty_elements=False)', '[e.tag for e in r.iter()]',
    'list(r.itertext())', '[(e.tag, sorted(e.attrib.items()), e.text, e.tail) for e in r.iter()]',
    '(r.tag, r.attrib, r.text, r.tail, len(r))', '[e.tag for e in r]', 'r.keys(), r.items()',
    "[e.tag for e in r.iter('b')]",
]
PATHS = [
    "'*'", "'.//*'", "'b'", "'.//b'", "'item'", '"*[@id]"', '"*[@id=\'2\']"', '".//b[@id=\'3\']"', "'*[1]'",
    "'*[last()]'", "'*[last()-1]'", "'..'", "'.'", "'nosuch'", "'*/sub'", "'.//sub/..'", "'*[sub]'", '"*[.=\'t\']"',
    '"item[.=\'one\']"', "'{urn:d}b'", "'{*}b'", "'.//{urn:p}a'", "'{urn:p}*'", "'.//*[@x]'", "'b/'", "'/b'",
    "'*[0]'", "'*[foo()]'", "'x:b'", "'['", '\'*[@id!="1"]\'', "'.//b[2]'",
]
MINIDOM_OPS = [
    'd.toxml()', 'd.toprettyxml()', "d.toprettyxml(indent='  ', newl='\\n')", "d.toxml('utf-8')", "d.toxml('ascii')",
    'r.toxml()', "r.toprettyxml(indent='.')", '[n.nodeName for n in r.childNodes]',
    '[(n.nodeType, n.nodeValue) for n in r.childNodes]',
    "[(e.tagName, e.attributes.items()) for e in d.getElementsByTagName('*')]",
    "[e.toxml() for e in d.getElementsByTagName('b')]",
    '(r.tagName, r.nodeName, r.namespaceURI, r.prefix, r.localName)',
    "(r.getAttribute('a'), r.getAttribute('id'), r.hasAttribute('x'))",
    '(r.firstChild and r.firstChild.nodeName, r.lastChild and r.lastChild.nodeName, r.hasChildNodes())',
    '[(a.name, a.value, a.namespaceURI) for a in r.attributes.values()]', '(d.version, d.encoding, d.standalone)',
    'd.doctype and (d.doctype.name, d.doctype.publicId, d.doctype.systemId, d.doctype.internalSubset)',
    '[n.data for n in r.childNodes if n.nodeType in (3, 4, 8)]',
    "[(e.tagName, e.namespaceURI) for e in d.getElementsByTagNameNS('*', '*')]",
]
MUTATIONS = [
    'r.set(\'new\', \'v<&">\')', "r.append(ET.Element('added'))", "r.insert(0, ET.Comment(' c '))", 'r.clear()',
    'ET.indent(r)', "ET.indent(r, space='\\t')", "r.text = 'x&y'", "r.tail = 'after'", 'r[:] = []',
    "ET.SubElement(r, '{urn:q}q', {'{urn:q}k': '1'})", "r.attrib.update(z='9')", 'r.remove(r[0]) if len(r) else None',
    "r.extend([ET.PI('t', 'd'), ET.Element('e')])", "r.tag = 'renamed'",
]
# The last one's error names the nodes by repr (with addresses): only its class is compared.
DOM_MUTATIONS = [
    'r.setAttribute(\'n\', \'v<&">\')', "r.appendChild(d.createElement('added'))",
    "r.appendChild(d.createTextNode('t&<>'))", "r.insertBefore(d.createComment('c'), r.firstChild)",
    'r.removeChild(r.firstChild) if r.firstChild else None', 'r.normalize()',
    "r.appendChild(d.createCDATASection('cd'))", "r.appendChild(d.createProcessingInstruction('pi', 'x'))",
    "r.replaceChild(d.createElement('rep'), r.firstChild) if r.firstChild else None", "r.removeAttribute('a')",
    'r.appendChild(r.cloneNode(True))', "d.appendChild(d.createElement('second'))",
    "try:\n    r.appendChild(d)\nexcept Exception as e:\n    r.setAttribute('err', type(e).__name__)",
]
ET_IMPORT = 'import xml.etree.ElementTree as ET\n'
DOM_IMPORT = 'from xml.dom import minidom\n'
FIXED = [
    # Files: by path and by file object, bytes and text.
    ET_IMPORT + (
        "t = ET.parse(FIX + '/data/hosts.xml')\n"
        'r = t.getroot()\n'
        "result = ([(h.get('name'), h.findtext('{urn:net}ip'), h.findtext('port')) for h "
        "in r.findall('host')], r.find('group').text, ET.tostring(r))"
    ),
    ET_IMPORT + (
        "with open(FIX + '/data/hosts.xml', 'rb') as f:\n"
        '    r = ET.parse(f).getroot()\n'
        'result = [e.tag for e in r.iter()]'
    ),
    ET_IMPORT + (
        "with open(FIX + '/data/hosts.xml', encoding='utf-8') as f:\n"
        '    r = ET.parse(f).getroot()\n'
        'result = list(r.itertext())'
    ),
    ET_IMPORT + (
        "r = ET.parse(FIX + '/data/latin1.xml').getroot()\n"
        "result = (r.text, r.get('t'), ET.tostring(r, 'unicode'))"
    ),
    ET_IMPORT + "result = ET.parse(FIX + '/data/bad.xml')",
    ET_IMPORT + "result = ET.parse(FIX + '/data/xxe.xml')",
    ET_IMPORT + "result = ET.parse(FIX + '/data/missing.xml')",
    ET_IMPORT + "result = ET.parse(FIX + '/data')",
    ET_IMPORT + (
        "t = ET.parse(FIX + '/data/hosts.xml')\n"
        "t.write(FIX + '/out.xml')\n"
        "result = open(FIX + '/out.xml', 'rb').read()"
    ),
    ET_IMPORT + (
        "t = ET.parse(FIX + '/data/hosts.xml')\n"
        "t.write(FIX + '/out.xml', encoding='utf-8', xml_declaration=True)\n"
        "result = open(FIX + '/out.xml', 'rb').read()"
    ),
    ET_IMPORT + (
        "t = ET.parse(FIX + '/data/latin1.xml')\n"
        "t.write(FIX + '/out.xml', encoding='latin-1')\n"
        "result = open(FIX + '/out.xml', 'rb').read()"
    ),
    ET_IMPORT + (
        "t = ET.parse(FIX + '/data/hosts.xml')\n"
        "t.write(FIX + '/out.xml', encoding='unicode', method='text')\n"
        "result = open(FIX + '/out.xml', 'rb').read()"
    ),
    ET_IMPORT + (
        'import io\n'
        'b = io.BytesIO()\n'
        "ET.ElementTree(ET.fromstring('<a>\\u00e9</a>')).write(b, encoding='utf-16')\n"
        'result = b.getvalue()'
    ),
    ET_IMPORT + (
        'import io\n'
        's = io.StringIO()\n'
        "ET.ElementTree(ET.fromstring('<a><b/></a>')).write(s, encoding='unicode', "
        'xml_declaration=True)\n'
        'result = s.getvalue()'
    ),
    ET_IMPORT + (
        "result = [(ev, e.tag) for ev, e in ET.iterparse(FIX + '/data/hosts.xml', "
        "events=('start', 'end'))]"
    ),
    ET_IMPORT + (
        "result = [(ev, x if ev != 'end' else x.tag) for ev, x in ET.iterparse(FIX + "
        "'/data/hosts.xml', events=('start-ns', 'end', 'end-ns'))]"
    ),
    ET_IMPORT + (
        'out = []\n'
        'try:\n'
        "    for ev, e in ET.iterparse(FIX + '/data/bad.xml', events=('start',)):\n"
        '        out.append(e.tag)\n'
        'except ET.ParseError as err:\n'
        '    out.append((str(err), err.code, err.position))\n'
        'result = out'
    ),
    ET_IMPORT + "it = ET.iterparse(FIX + '/data/hosts.xml')\nfor _ in it:\n    pass\nresult = it.root.tag",
    DOM_IMPORT + (
        "d = minidom.parse(FIX + '/data/hosts.xml')\n"
        "result = ([(h.getAttribute('name'), "
        "h.getElementsByTagName('port')[0].firstChild.data) for h in "
        "d.getElementsByTagName('host')], d.toxml())"
    ),
    DOM_IMPORT + (
        "with open(FIX + '/data/hosts.xml', 'rb') as f:\n"
        '    d = minidom.parse(f)\n'
        'result = d.documentElement.toprettyxml()'
    ),
    DOM_IMPORT + (
        "d = minidom.parse(FIX + '/data/latin1.xml')\n"
        "result = (d.encoding, d.documentElement.getAttribute('t'), d.toxml('latin-1'))"
    ),
    DOM_IMPORT + "result = minidom.parse(FIX + '/data/bad.xml')",
    DOM_IMPORT + "result = minidom.parse(FIX + '/data/xxe.xml').toxml()",
    DOM_IMPORT + "result = minidom.parse(FIX + '/data/missing.xml')",
    DOM_IMPORT + (
        "d = minidom.parse(FIX + '/data/hosts.xml')\n"
        "with open(FIX + '/out.xml', 'w') as f:\n"
        "    d.writexml(f, addindent=' ', newl='\\n', encoding='utf-8')\n"
        "result = open(FIX + '/out.xml').read()"
    ),
    # Errors and their details.
    ET_IMPORT + (
        'try:\n'
        "    ET.fromstring('<a>\\n  <b>\\n</a>')\n"
        'except ET.ParseError as e:\n'
        '    result = (str(e), e.code, e.position, e.msg, isinstance(e, SyntaxError))'
    ),
    DOM_IMPORT + (
        'from xml.parsers.expat import ExpatError\n'
        'try:\n'
        "    minidom.parseString('<a>\\n  <b>\\n</a>')\n"
        'except ExpatError as e:\n'
        '    result = (str(e), e.code, e.lineno, e.offset)'
    ),
    DOM_IMPORT + (
        'import xml.dom\n'
        'try:\n'
        "    minidom.parseString('<a/>').documentElement.removeAttribute('x')\n"
        'except xml.dom.NotFoundErr as e:\n'
        '    result = (type(e).__name__, e.code, str(e))'
    ),
    DOM_IMPORT + (
        'import xml.dom\n'
        "d = minidom.parseString('<a/>')\n"
        'try:\n'
        "    d.appendChild(d.createElement('b'))\n"
        'except xml.dom.HierarchyRequestErr as e:\n'
        '    result = str(e)'
    ),
    (
        'import xml.parsers.expat\n'
        'result = (xml.parsers.expat.ExpatError.__name__, xml.parsers.expat.error is '
        'xml.parsers.expat.ExpatError)'
    ),
    ET_IMPORT + (
        'doc = \'<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">\' + \'\'.join(\'<!ENTITY %s "%s">\' % '
        "(chr(98 + i), ('&' + chr(97 + i) + ';') * 10) for i in range(8)) + ']><l>&i;</l>'\n"
        'try:\n'
        '    ET.fromstring(doc)\n'
        "    result = 'expanded'\n"
        'except ET.ParseError as e:\n'
        '    result = (e.code, str(e))'
    ),
    ET_IMPORT + (
        'doc = \'<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">\' + \'\'.join(\'<!ENTITY %s "%s">\' % '
        "(chr(98 + i), ('&' + chr(97 + i) + ';') * 10) for i in range(4)) + ']><l>&e;</l>'\n"
        'result = len(ET.fromstring(doc).text)'
    ),
    # Building documents as admin scripts do.
    ET_IMPORT + (
        "root = ET.Element('config', version='1')\n"
        "for name, port in [('ssh', 22), ('http', 80)]:\n"
        "    s = ET.SubElement(root, 'service', name=name)\n"
        '    s.text = str(port)\n'
        'ET.indent(root)\n'
        "result = ET.tostring(root, encoding='unicode')"
    ),
    ET_IMPORT + (
        "ET.register_namespace('cfg', 'urn:cfg')\n"
        "root = ET.Element('{urn:cfg}config')\n"
        "ET.SubElement(root, '{urn:cfg}item').text = 'x'\n"
        'result = ET.tostring(root)'
    ),
    ET_IMPORT + "result = ET.register_namespace('ns7', 'urn:x')",
    ET_IMPORT + (
        "root = ET.fromstring('<a><b>1</b><b>2</b></a>')\n"
        "for b in root.findall('b'):\n"
        '    b.text = str(int(b.text) * 10)\n'
        "    b.set('done', 'yes')\n"
        'result = ET.tostring(root)'
    ),
    ET_IMPORT + (
        'import copy\n'
        'r = ET.fromstring(\'<a x="1"><b/></a>\')\n'
        'c = copy.deepcopy(r)\n'
        "c[0].tag = 'z'\n"
        'result = (ET.tostring(r), ET.tostring(c))'
    ),
    ET_IMPORT + (
        "r = ET.fromstring('<a><b/><c/><d/></a>')\n"
        'del r[1]\n'
        "r[0] = ET.Element('x')\n"
        'result = [e.tag for e in r] + [e.tag for e in r[::-1]]'
    ),
    ET_IMPORT + (
        "r = ET.Element('a')\n"
        "result = (ET.iselement(r), ET.iselement('a'), ET.VERSION, r.find('x'), "
        "r.findtext('x', 'd'), r.findall('x'))"
    ),
    ET_IMPORT + "result = ET.tostring(ET.fromstringlist(['<a>', '<b>x</b>', '</a>']))",
    ET_IMPORT + "e = ET.Element('a')\ne.text = 5\nresult = ET.tostring(e)",
    ET_IMPORT + "result = ET.tostring(ET.Element('a'), method='json')",
    ET_IMPORT + "result = ET.Element('a', 'notadict')",
    ET_IMPORT + "result = ET.Element('a').append('x')",
    ET_IMPORT + "result = ET.tostring(ET.Element('{urn:x}a'), default_namespace='urn:x')",
    ET_IMPORT + "result = ET.tostring(ET.Element('a'), default_namespace='urn:x')",
    DOM_IMPORT + (
        'd = minidom.Document()\n'
        "root = d.createElement('config')\n"
        'd.appendChild(root)\n'
        "for k in ['a', 'b']:\n"
        "    e = d.createElement('opt')\n"
        "    e.setAttribute('name', k)\n"
        '    e.appendChild(d.createTextNode(k.upper()))\n'
        '    root.appendChild(e)\n'
        "result = (d.toprettyxml(indent='  '), d.toxml(encoding='utf-8'))"
    ),
    DOM_IMPORT + (
        "d = minidom.parseString('<a><b/><c/></a>')\n"
        'r = d.documentElement\n'
        'r.appendChild(r.firstChild)\n'
        'result = (r.toxml(), r.firstChild.tagName, r.lastChild.previousSibling.tagName)'
    ),
    DOM_IMPORT + (
        "d1 = minidom.parseString('<a/>')\n"
        "d2 = minidom.parseString('<x><y>moved</y></x>')\n"
        'y = d2.documentElement.firstChild\n'
        'd1.documentElement.appendChild(y)\n'
        'result = (d1.toxml(), d2.toxml(), y.parentNode.tagName)'
    ),
    DOM_IMPORT + (
        "e = minidom.Element('lone')\n"
        "e.setAttribute('k', 'v')\n"
        'd = minidom.Document()\n'
        'd.appendChild(e)\n'
        'result = (d.toxml(), e.parentNode is d, e.ownerDocument is d)'
    ),
    DOM_IMPORT + (
        "d = minidom.parseString('<a>x</a>')\n"
        't = d.documentElement.firstChild\n'
        'result = (repr(t), t.data, t.nodeName, t.length)'
    ),
    DOM_IMPORT + (
        "d = minidom.parseString('<a><b/></a>')\n"
        "c = d.createComment('a--b')\n"
        'd.documentElement.appendChild(c)\n'
        'result = d.toxml()'
    ),
    DOM_IMPORT + "d = minidom.parseString('<a/>')\nresult = d.createTextNode(5)",
    DOM_IMPORT + 'result = minidom.parseString(5)',
    DOM_IMPORT + (
        "with minidom.parseString('<a><b/></a>') as d:\n"
        '    x = d.toxml()\n'
        'result = (x, len(d.childNodes))'
    ),
    # Through the client, as an admin script drives a remote host.
    (
        'proxy',
        'import xml.dom.minidom',
        (
            "M['xml.dom.minidom'].parseString('<a "
            'x="1"><b>t</b></a>\').documentElement.getAttribute(\'x\')'
        ),
    ),
    (
        'proxy',
        'import xml.dom.minidom',
        (
            "M['xml.dom.minidom'].parseString('<a><b>t</b><b>u</b></a>').getElementsByTagName("
            "'b')[1].firstChild.data"
        ),
    ),
    (
        'proxy',
        'import xml.dom.minidom',
        (
            '[n.nodeName for n in '
            "M['xml.dom.minidom'].parseString('<a><b/>x<!--c--></a>').documentElement.childNodes]"
        ),
    ),
    ('proxy', 'import xml.dom.minidom', "M['xml.dom.minidom'].parseString('<a><b/></a>').toprettyxml(indent='  ')"),
    (
        'proxy',
        'import xml.dom.minidom',
        (
            "M['xml.dom.minidom'].parse(FIX + "
            "'/data/hosts.xml').documentElement.getElementsByTagName('host')[0].getAttribute('role')"
        ),
    ),
    ('proxy', 'import xml.dom.minidom', "M['xml.dom.minidom'].parseString('<a><b></a>')"),
    (
        'proxy',
        'import xml.dom.minidom',
        "len(M['xml.dom.minidom'].parseString('<a><b/><c/></a>').documentElement.childNodes)",
    ),
    (
        'proxy',
        'import xml.dom.minidom',
        'M[\'xml.dom.minidom\'].parseString(\'<a b="1"/>\').documentElement.attributes.items()',
    ),
    ('proxy', 'import xml.dom.minidom', "M['xml.dom.minidom'].parseString('<a/>').documentElement.tagName"),
    ('proxy', 'import xml.dom.minidom', "M['xml.dom.minidom'].parseString('<a/>').documentElement.nodeType"),
    (
        'proxy',
        'import xml.etree.ElementTree',
        "M['xml.etree.ElementTree'].tostring(M['xml.etree.ElementTree'].fromstring('<a><b/></a>'))",
    ),
    (
        'proxy',
        'import xml.etree.ElementTree',
        "[e.tag for e in M['xml.etree.ElementTree'].fromstring('<a><b/><c><d/></c></a>').iter()]",
    ),
    (
        'proxy',
        'import xml.etree.ElementTree',
        'M[\'xml.etree.ElementTree\'].fromstring(\'<a><b x="2"/></a>\').find(\'b\').get(\'x\')',
    ),
    (
        'proxy',
        'import xml.etree.ElementTree',
        "M['xml.etree.ElementTree'].parse(FIX + '/data/hosts.xml').getroot().findtext('host/port')",
    ),
    ('proxy', 'import xml.etree.ElementTree', "M['xml.etree.ElementTree'].fromstring('<a>')"),
    (
        'proxy',
        'import xml.etree.ElementTree',
        'M[\'xml.etree.ElementTree\'].fromstring(\'<a k="v"><b/></a>\').attrib',
    ),
    ('proxy', 'import xml.etree.ElementTree', "len(M['xml.etree.ElementTree'].fromstring('<a><b/><b/></a>'))"),
    (
        'proxy',
        'import xml.etree.ElementTree',
        "M['xml.etree.ElementTree'].tostring(M['xml.etree.ElementTree'].fromstring('<a><b/></a>')[0])",
    ),
    (
        'proxy',
        'import xml.etree.ElementTree',
        (
            "M['xml.etree.ElementTree'].tostring(M['xml.etree.ElementTree'].Element('a', "
            "{'k': 'v'}), encoding='unicode')"
        ),
    ),
]
# fmt: on


def _et(doc, op, setup=""):
    return ("exec", f"{ET_IMPORT}r = ET.fromstring({doc})\n{setup}result = {op}")


def _dom(doc, op, setup=""):
    return ("exec", f"{DOM_IMPORT}d = minidom.parseString({doc})\nr = d.documentElement\n{setup}result = {op}")


def draw(rng):
    kind = rng.random()
    doc = rng.choice(DOCS)
    if kind < 0.25:
        return _et(doc, rng.choice(ET_OPS))
    if kind < 0.4:
        return _et(doc, f"[(e.tag, e.attrib) for e in r.findall({rng.choice(PATHS)})]")
    if kind < 0.45:
        return _et(doc, f"r.findtext({rng.choice(PATHS)}, 'dflt')")
    if kind < 0.55:
        return _et(doc, "ET.tostring(r)", rng.choice(MUTATIONS) + "\n")
    if kind < 0.75:
        return _dom(doc, rng.choice(MINIDOM_OPS))
    if kind < 0.85:
        return _dom(doc, "d.toxml()", rng.choice(DOM_MUTATIONS) + "\n")
    if kind < 0.95:
        bad = rng.choice(BAD)
        if rng.random() < 0.5:
            return _et(bad, "ET.tostring(r)")
        return _dom(bad, "d.toxml()")
    if rng.random() < 0.5:
        return ("proxy", "import xml.dom.minidom", f"M['xml.dom.minidom'].parseString({doc}).toxml()")
    return (
        "proxy",
        "import xml.etree.ElementTree",
        f"M['xml.etree.ElementTree'].tostring(M['xml.etree.ElementTree'].fromstring({doc}))",
    )


def _programs():
    # A plain string in FIXED is a program: an exec case.
    return [c if isinstance(c, tuple) else ("exec", c) for c in FIXED]


def fixed_minidom():
    return [c for c in _programs() if "minidom" in c[1] + (c[2] if len(c) > 2 else "") or "xml.dom" in str(c)]


def fixed_etree():
    return [c for c in _programs() if c not in fixed_minidom()] + [_et(b, "ET.tostring(r)") for b in BAD]


def draw_minidom(rng):
    case = draw(rng)
    while "minidom" not in case[1] + (case[2] if len(case) > 2 else ""):
        case = draw(rng)
    return case


def draw_etree(rng):
    case = draw(rng)
    while "ElementTree" not in case[1] + (case[2] if len(case) > 2 else ""):
        case = draw(rng)
    return case


family(
    "mod_xml_minidom",
    __doc__,
    lambda: fixed_minidom() + [_dom(b, "d.toxml()") for b in BAD],
    draw_minidom,
    weight=3,
    suite="stdlib",
)
family("mod_xml_etree", __doc__, fixed_etree, draw_etree, weight=3, suite="stdlib")
