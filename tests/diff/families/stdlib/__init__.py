"""The stdlib suite: one file per module (or group of small modules), each
registering families named ``mod_<module>`` with ``suite="stdlib"``. Cases
may name ``FIX`` (the fixture directory, see ``fixture.py``) and, in proxy
ops, ``M`` (the server's modules: ``M.json``, ``M['os.path']``)."""

from . import (  # noqa: F401
    calendar,
    datetime,
    errno,
    fnmatch,
    glob,
    os,
    os_path,
    pathlib,
    resource,
    shutil,
    signal,
    socket,
    stat,
    subprocess,
    tarfile,
    tempfile,
    time,
    users,
    xml,
    zipfile,
)
