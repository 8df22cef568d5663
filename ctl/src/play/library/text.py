# rpyctl's module library, part 3: editing text files in place — lineinfile, blockinfile,
# replace. Files are read as UTF-8 (as latin-1, byte for byte, when they are not UTF-8) and
# written back atomically; an unchanged file is never rewritten.


def _rp_decode(data):
    """Text of file bytes, and the codec that gives the same bytes back."""
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _rp_same_codec(text, codec):
    """A pattern from the task, in the codec the file was read with."""
    if text is None or codec == "utf-8":
        return text
    return text.encode("utf-8").decode("latin-1")


def _rp_split_lines(text):
    """Lines with their `\\n` kept (what `readlines()` gives on a binary file)."""
    lines = []
    start = 0
    while True:
        i = text.find("\n", start)
        if i < 0:
            break
        lines.append(text[start:i + 1])
        start = i + 1
    if start < len(text):
        lines.append(text[start:])
    return lines


def _rp_read_text(path):
    if not os.path.exists(path):
        return None, "utf-8"
    return _rp_decode(_rp_read(path))


def _rp_write_text(path, text, codec, a, ctx):
    """Writes edited text back (through symlinks), validated first when asked."""
    data = text.encode(codec)
    real = os.path.realpath(path)
    validate = a.get("validate")
    if validate:
        if "%s" not in validate:
            _rp_fail("validate must contain %%s: %s" % validate)
        tmp = _rp_tmp_name(real)
        try:
            with open(tmp, "wb") as f:
                f.write(data)
            rc, _out, err = _rp_run(["/bin/sh", "-c", validate.replace("%s", _rp_quote(tmp))], ctx)
        finally:
            if _rp_lexists(tmp):
                os.unlink(tmp)
        if rc != 0:
            _rp_fail("failed to validate: rc:%s error:%s" % (rc, err))
    _rp_write_atomic(real, data)


def _rp_attrs_message(path, a, ctx, changed, msg, attr_diff):
    if _rp_set_attrs(path, a, ctx, False, attr_diff):
        if changed:
            msg += " and "
        changed = True
        msg += "ownership, perms or SE linux context changed"
    return msg, changed


def _rp_make_parent(path, ctx):
    parent = os.path.dirname(path)
    if parent and not os.path.exists(parent) and not ctx["check"]:
        try:
            os.makedirs(parent)
        except OSError as e:
            _rp_fail("Error creating %s (%s)" % (parent, e))


def _rp_mod_lineinfile(a, ctx):
    path = _rp_expand(a["path"])
    if os.path.isdir(path):
        _rp_fail("Path %s is a directory !" % path, rc=256)
    regexp, search = a.get("regexp"), a.get("search_string")
    line = a.get("line")
    warnings = []
    if regexp == "" or search == "":
        what = "regular expression" if regexp == "" else "search string"
        text = ("The %s is an empty string, which will match every line in the file. This may have unintended "
                "consequences, such as replacing the last line in the file rather than appending." % what)
        if regexp == "":
            text += " If this is desired, use '^' to match every line in the file and avoid this warning."
        warnings.append(text)
    if a.get("state", "present") == "present":
        if a.get("backrefs") and regexp is None:
            _rp_fail("regexp is required with backrefs=true")
        if line is None:
            _rp_fail("line is required with state=present")
        result = _rp_line_present(path, a, ctx)
    else:
        if regexp is None and search is None and line is None:
            _rp_fail("one of line, search_string, or regexp is required with state=absent")
        result = _rp_line_absent(path, a, ctx)
    if warnings:
        result["warnings"] = warnings
    return result


def _rp_line_present(path, a, ctx):
    head = "%s (content)" % path
    diff = {"before": "", "after": "", "before_header": head, "after_header": head}
    exists = os.path.exists(path)
    if not exists:
        if not a.get("create"):
            _rp_fail("Destination %s does not exist !" % path, rc=257)
        _rp_make_parent(path, ctx)
        text, codec = "", "utf-8"
    else:
        text, codec = _rp_read_text(path)
    lines = _rp_split_lines(text)
    if ctx["diff"]:
        diff["before"] = text
    regexp = _rp_same_codec(a.get("regexp"), codec)
    search = _rp_same_codec(a.get("search_string"), codec)
    line = _rp_same_codec(a["line"], codec)
    before, after = a.get("insertbefore"), a.get("insertafter")
    if before is None and after is None:
        after = "EOF"
    firstmatch = a.get("firstmatch", False)
    ins = None
    if after not in (None, "BOF", "EOF"):
        ins = re.compile(_rp_same_codec(after, codec))
    elif before not in (None, "BOF"):
        ins = re.compile(_rp_same_codec(before, codec))
    found, at = -1, -1
    match = None
    exact = False
    if regexp is not None:
        rx = re.compile(regexp)
        for n, cur in enumerate(lines):
            m = rx.search(cur)
            if m:
                found, match = n, m
                if firstmatch:
                    break
    if search is not None:
        for n, cur in enumerate(lines):
            if search in cur:
                found, match = n, True
                if firstmatch:
                    break
    if not match:
        for n, cur in enumerate(lines):
            if line == cur.rstrip("\r\n"):
                found = n
                exact = True
            elif ins is not None and ins.search(cur):
                if after:
                    at = n + 1
                    if firstmatch:
                        break
                if before:
                    at = n
                    if firstmatch:
                        break
    msg = ""
    changed = False
    if found != -1:
        new = match.expand(line) if (a.get("backrefs") and match is not None and match is not True) else line
        if not new.endswith("\n"):
            new += "\n"
        if regexp is None and search is None and match is None and not exact:
            if after and after != "EOF":
                if lines and lines[-1][-1:] not in ("\n", "\r"):
                    lines[-1] = lines[-1] + "\n"
                if len(lines) == at:
                    if lines[at - 1].rstrip("\r\n") != line:
                        lines.append(line + "\n")
                        msg, changed = "line added", True
                elif lines[at].rstrip("\r\n") != line:
                    lines.insert(at, line + "\n")
                    msg, changed = "line added", True
            elif before and before != "BOF":
                if at <= 0:
                    if lines[at].rstrip("\r\n") != line:
                        lines.insert(at, line + "\n")
                        msg, changed = "line added", True
                elif lines[at - 1].rstrip("\r\n") != line:
                    lines.insert(at, line + "\n")
                    msg, changed = "line added", True
        elif lines[found] != new:
            lines[found] = new
            msg, changed = "line replaced", True
    elif a.get("backrefs"):
        pass
    elif before == "BOF" or after == "BOF":
        lines.insert(0, line + "\n")
        msg, changed = "line added", True
    elif after == "EOF" or at == -1:
        if lines and lines[-1][-1:] not in ("\n", "\r"):
            lines.append("\n")
        lines.append(line + "\n")
        msg, changed = "line added", True
    elif after and at != -1:
        if len(lines) == at:
            if lines[at - 1].rstrip("\r\n") != line:
                lines.append(line + "\n")
                msg, changed = "line added", True
        elif line != lines[at].rstrip("\n\r"):
            lines.insert(at, line + "\n")
            msg, changed = "line added", True
    else:
        lines.insert(at, line + "\n")
        msg, changed = "line added", True
    new_text = "".join(lines)
    if ctx["diff"]:
        diff["after"] = new_text
    backup = ""
    if changed and not ctx["check"]:
        if a.get("backup") and exists:
            backup = _rp_backup(path, ctx)
        _rp_write_text(path, new_text, codec, a, ctx)
    if ctx["check"] and not os.path.exists(path):
        return {"changed": changed, "msg": msg, "backup": backup, "diff": diff}
    attr_diff = {}
    msg, changed = _rp_attrs_message(path, a, ctx, changed, msg, attr_diff)
    attr_diff["before_header"] = attr_diff["after_header"] = "%s (file attributes)" % path
    return {"changed": changed, "msg": msg, "backup": backup, "diff": [diff, attr_diff]}


def _rp_line_absent(path, a, ctx):
    if not os.path.exists(path):
        return {"changed": False, "msg": "file not present"}
    head = "%s (content)" % path
    text, codec = _rp_read_text(path)
    diff = {"before": text if ctx["diff"] else "", "after": "", "before_header": head, "after_header": head}
    regexp = _rp_same_codec(a.get("regexp"), codec)
    search = _rp_same_codec(a.get("search_string"), codec)
    line = _rp_same_codec(a.get("line"), codec)
    rx = re.compile(regexp) if regexp is not None else None
    kept, found = [], []
    for cur in _rp_split_lines(text):
        if rx is not None:
            hit = rx.search(cur) is not None
        elif search is not None:
            hit = search in cur
        else:
            hit = line == cur.rstrip("\r\n")
        if hit:
            found.append(cur)
        else:
            kept.append(cur)
    changed = len(found) > 0
    new_text = "".join(kept)
    if ctx["diff"]:
        diff["after"] = new_text
    backup = ""
    if changed and not ctx["check"]:
        if a.get("backup"):
            backup = _rp_backup(path, ctx)
        _rp_write_text(path, new_text, codec, a, ctx)
    msg = "%s line(s) removed" % len(found) if changed else ""
    attr_diff = {}
    msg, changed = _rp_attrs_message(path, a, ctx, changed, msg, attr_diff)
    attr_diff["before_header"] = attr_diff["after_header"] = "%s (file attributes)" % path
    return {"changed": changed, "found": len(found), "msg": msg, "backup": backup, "diff": [diff, attr_diff]}


def _rp_mod_blockinfile(a, ctx):
    path = _rp_expand(a["path"])
    if os.path.isdir(path):
        _rp_fail("Path %s is a directory !" % path, rc=256)
    exists = os.path.exists(path)
    if not exists:
        if not a.get("create"):
            _rp_fail("Path %s does not exist !" % path, rc=257)
        _rp_make_parent(path, ctx)
        original, codec = None, "utf-8"
        lines = []
    else:
        original, codec = _rp_read_text(path)
        lines = _rp_split_lines(original)
    head = "%s (content)" % path
    diff = {"before": (original or "") if ctx["diff"] else "", "after": "", "before_header": head, "after_header": head}
    present = a.get("state", "present") == "present"
    if not present and not exists:
        return {"changed": False, "msg": "File %s not present" % path}
    before, after = a.get("insertbefore"), a.get("insertafter")
    if before is None and after is None:
        after = "EOF"
    insert_re = None
    if after not in (None, "EOF"):
        insert_re = re.compile(_rp_same_codec(after, codec))
    elif before not in (None, "BOF"):
        insert_re = re.compile(_rp_same_codec(before, codec))
    marker = _rp_same_codec(a.get("marker") or "# {mark} ANSIBLE MANAGED BLOCK", codec)
    begin = marker.replace("{mark}", _rp_same_codec(a.get("marker_begin") or "BEGIN", codec)) + "\n"
    end = marker.replace("{mark}", _rp_same_codec(a.get("marker_end") or "END", codec)) + "\n"
    block = _rp_same_codec(a.get("block") or "", codec)
    if present and block:
        if not block.endswith("\n"):
            block += "\n"
        block_lines = [begin] + _rp_split_lines(block) + [end]
    else:
        block_lines = []
    n0 = n1 = None
    for i, cur in enumerate(lines):
        if cur == begin:
            n0 = i
        if cur == end:
            n1 = i
    if n0 is None or n1 is None:
        n0 = None
        if insert_re is not None:
            if insert_re.flags & re.MULTILINE:
                m = insert_re.search(original or "")
                if m:
                    n0 = (original or "").count("\n", 0, m.end() if after else m.start())
            else:
                for i, cur in enumerate(lines):
                    if insert_re.search(cur):
                        n0 = i
            if n0 is None:
                n0 = len(lines)
            elif after is not None:
                n0 += 1
        elif before is not None:
            n0 = 0
        else:
            n0 = len(lines)
    elif n0 < n1:
        lines[n0:n1 + 1] = []
    else:
        lines[n1:n0 + 1] = []
        n0 = n1
    if n0 > 0 and not lines[n0 - 1].endswith("\n"):
        lines[n0 - 1] += "\n"
    if a.get("prepend_newline") and present and n0 != 0 and lines[n0 - 1] != "\n":
        lines[n0:n0] = ["\n"]
        n0 += 1
    lines[n0:n0] = block_lines
    if a.get("append_newline") and present:
        after_block = n0 + len(block_lines)
        if after_block < len(lines) and lines[after_block] != "\n":
            lines[after_block:after_block] = ["\n"]
    result = "".join(lines)
    if ctx["diff"]:
        diff["after"] = result
    if original == result:
        msg, changed = "", False
    elif original is None:
        msg, changed = "File created", True
    elif not block_lines:
        msg, changed = "Block removed", True
    else:
        msg, changed = "Block inserted", True
    backup_file = None
    if changed and not ctx["check"]:
        if a.get("backup") and exists:
            backup_file = _rp_backup(path, ctx)
        _rp_write_text(path, result, codec, a, ctx)
    if ctx["check"] and not exists:
        return {"changed": changed, "msg": msg, "diff": diff}
    attr_diff = {}
    msg, changed = _rp_attrs_message(path, a, ctx, changed, msg, attr_diff)
    attr_diff["before_header"] = attr_diff["after_header"] = "%s (file attributes)" % path
    out = {"changed": changed, "msg": msg, "diff": [diff, attr_diff]}
    if backup_file is not None:
        out["backup_file"] = backup_file
    return out


def _rp_mod_replace(a, ctx):
    path = _rp_expand(a["path"])
    if os.path.isdir(path):
        _rp_fail("Path %s is a directory !" % path, rc=256)
    if not os.path.exists(path):
        _rp_fail("Path %s does not exist !" % path, rc=257)
    encoding = a.get("encoding") or "utf-8"
    try:
        contents = _rp_read(path).decode(encoding)
    except UnicodeDecodeError as e:
        _rp_fail("Unable to read the contents of %r: %s" % (path, e))
    out = {"rc": 0}
    pattern = ""
    if a.get("after") and a.get("before"):
        pattern = "%s(?P<subsection>.*?)%s" % (a["after"], a["before"])
    elif a.get("after"):
        pattern = "%s(?P<subsection>.*)" % a["after"]
    elif a.get("before"):
        pattern = "(?P<subsection>.*)%s" % a["before"]
    if pattern:
        m = re.compile(pattern, re.DOTALL).search(contents)
        if not m:
            out["msg"] = "Pattern for before/after params did not match the given file: %s" % pattern
            out["changed"] = False
            return out
        section = m.group("subsection")
        span = (m.start("subsection"), m.end("subsection"))
    else:
        section = contents
    try:
        new, count = re.compile(a["regexp"], re.MULTILINE).subn(a.get("replace") or "", section)
    except re.error as e:
        _rp_fail("Unable to process replace due to error: %s" % e)
    changed = False
    msg = ""
    if count > 0 and section != new:
        if pattern:
            new = contents[:span[0]] + new + contents[span[1]:]
        msg = "%s replacements made" % count
        changed = True
        if ctx["diff"]:
            out["diff"] = {"before_header": path, "before": contents, "after_header": path, "after": new}
    if changed and not ctx["check"]:
        if a.get("backup"):
            out["backup_file"] = _rp_backup(path, ctx)
        _rp_write_text(path, new, encoding, a, ctx)
    out["msg"], out["changed"] = _rp_attrs_message(path, a, ctx, changed, msg, None)
    return out
