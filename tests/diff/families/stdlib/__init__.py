"""The stdlib suite: one file per module (or group of small modules), each
registering families named ``mod_<module>`` with ``suite="stdlib"``. Cases
may name ``FIX`` (the fixture directory, see ``fixture.py``) and, in proxy
ops, ``M`` (the server's modules: ``M.json``, ``M['os.path']``)."""

from . import (  # noqa: F401
    calendar,
    collections,
    datetime,
    errno,
    fnmatch,
    functools,
    glob,
    io,
    itertools,
    math,
    operator,
    os,
    os_path,
    pathlib,
    random,
    resource,
    shlex,
    shutil,
    signal,
    socket,
    stat,
    string,
    subprocess,
    tarfile,
    tempfile,
    textwrap,
    time,
    users,
    xml,
    zipfile,
)
