"""Safe, streaming parser for nmap XML output (``-oX``).

Why not python-nmap's parser: it expands entities, and on a truncated file or
an error output without ``<runstats>`` it dies with an AttributeError.

How it works
- defusedxml's ``DefusedXMLParser`` (expat) refuses entity declarations and
  external references (XXE, "billion laughs"); nothing is fetched from the
  network. A bare ``<!DOCTYPE nmaprun>``, which nmap 7 writes, is allowed.
- The document is fed in 64 KiB chunks to a parser *target* that keeps only
  one top-level child of ``<nmaprun>`` at a time (a ``<host>``, ``<runstats>``,
  ...), turns it into dataclasses and drops it, so memory stays flat on a
  /16 scan.
- Every refusal is one :class:`NmapXmlError` naming the file and the place: a
  line (and column) for syntax errors and bad elements, the XPath of a missing
  element such as ``/nmaprun/runstats/hosts``.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from datetime import UTC, datetime
from typing import BinaryIO
from xml.etree.ElementTree import Element, ParseError, TreeBuilder

from defusedxml.common import (
    DefusedXmlException,
    DTDForbidden,
    EntitiesForbidden,
    ExternalReferenceForbidden,
)
from defusedxml.ElementTree import DefusedXMLParser

from .errors import NmapXmlError
from .model import (
    RESPONDING_PORT_STATES,
    Address,
    Host,
    Hostname,
    OsClass,
    OsMatch,
    Port,
    ScanInfo,
    ScanMeta,
    ScanResult,
    ScriptOutput,
    Service,
)

CHUNK_SIZE = 1 << 16
#: Attribute key (Clark notation, cannot clash with nmap's) carrying an element's line.
_LINE = "{urn:bollwerk:scan}line"
_KEPT = frozenset({"scaninfo", "host", "runstats", "prescript", "postscript"})

Source = str | os.PathLike[str] | bytes | BinaryIO


class _Refused(Exception):
    """Raised inside the target; turned into NmapXmlError with the file name."""

    def __init__(self, place: str, problem: str) -> None:
        super().__init__(problem)
        self.place = place
        self.problem = problem


def _line(elem: Element) -> str:
    return f"line {elem.get(_LINE)}"


def _required(elem: Element, attr: str) -> str:
    value = elem.get(attr)
    if value is None:
        raise _Refused(_line(elem), f"<{elem.tag}> lacks the required attribute '{attr}'")
    return value


def _int(elem: Element, attr: str, *, required: bool = False) -> int | None:
    value = _required(elem, attr) if required else elem.get(attr)
    if value is None or value == "":
        return None
    try:
        return int(value)
    except ValueError:
        raise _Refused(
            _line(elem), f"<{elem.tag} {attr}={value!r}> is not a whole number"
        ) from None


def _float(elem: Element, attr: str) -> float | None:
    value = elem.get(attr)
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        raise _Refused(_line(elem), f"<{elem.tag} {attr}={value!r}> is not a number") from None


def _timestamp(elem: Element | None, attr: str) -> datetime | None:
    if elem is None:
        return None
    seconds = _int(elem, attr)
    return None if seconds is None else datetime.fromtimestamp(seconds, tz=UTC)


def _scripts(parent: Element, path: str) -> tuple[ScriptOutput, ...]:
    return tuple(
        ScriptOutput(id=s.get("id", ""), output=s.get("output", "")) for s in parent.iterfind(path)
    )


def _cpes(elem: Element) -> tuple[str, ...]:
    return tuple((c.text or "").strip() for c in elem.iterfind("cpe"))


def _service(elem: Element | None) -> Service | None:
    if elem is None:
        return None
    return Service(
        name=elem.get("name", ""),
        product=elem.get("product", ""),
        version=elem.get("version", ""),
        extrainfo=elem.get("extrainfo", ""),
        tunnel=elem.get("tunnel", ""),
        method=elem.get("method", ""),
        conf=_int(elem, "conf"),
        cpes=_cpes(elem),
    )


def _port(elem: Element) -> Port:
    protocol = _required(elem, "protocol")
    portid = _int(elem, "portid", required=True)
    assert portid is not None
    if not 0 <= portid <= 65535:
        raise _Refused(_line(elem), f"<port portid={portid}> is outside 0-65535")
    state = elem.find("state")
    if state is None:
        raise _Refused(_line(elem), f"<port portid={portid}> has no <state> element")
    return Port(
        protocol=protocol,
        portid=portid,
        state=_required(state, "state"),
        reason=state.get("reason", ""),
        service=_service(elem.find("service")),
        scripts=_scripts(elem, "script"),
    )


def _osclass(elem: Element) -> OsClass:
    return OsClass(
        type=elem.get("type", ""),
        vendor=elem.get("vendor", ""),
        osfamily=elem.get("osfamily", ""),
        osgen=elem.get("osgen", ""),
        accuracy=_int(elem, "accuracy"),
        cpes=_cpes(elem),
    )


def _host(elem: Element) -> Host:
    status = elem.find("status")
    if status is None:
        raise _Refused(_line(elem), "<host> has no <status> element")
    return Host(
        state=_required(status, "state"),
        reason=status.get("reason", ""),
        addresses=tuple(
            Address(
                addr=_required(a, "addr"),
                addrtype=a.get("addrtype", "ipv4"),
                vendor=a.get("vendor", ""),
            )
            for a in elem.iterfind("address")
        ),
        hostnames=tuple(
            Hostname(name=_required(h, "name"), type=h.get("type", ""))
            for h in elem.iterfind("hostnames/hostname")
        ),
        ports=tuple(_port(p) for p in elem.iterfind("ports/port")),
        os_matches=tuple(
            OsMatch(
                name=m.get("name", ""),
                accuracy=_int(m, "accuracy"),
                classes=tuple(_osclass(c) for c in m.iterfind("osclass")),
            )
            for m in elem.iterfind("os/osmatch")
        ),
        os_classes=tuple(_osclass(c) for c in elem.iterfind("os/osclass")),
        scripts=_scripts(elem, "hostscript/script"),
    )


def _answered(host: Element) -> bool:
    return any(
        state.get("state") in RESPONDING_PORT_STATES for state in host.iterfind("ports/port/state")
    )


class _NmapTarget:
    """Parser target: builds one top-level child of ``<nmaprun>`` at a time."""

    def __init__(self, keep_all_hosts: bool) -> None:
        self.keep_all_hosts = keep_all_hosts
        self.current_line: Callable[[], int] = lambda: 0
        self.depth = 0
        self.builder: TreeBuilder | None = None
        self.root: dict[str, str] | None = None
        self.root_closed = False
        self.scaninfo: list[ScanInfo] = []
        self.hosts: list[Host] = []
        self.down_listed = 0
        self.silent_listed = 0
        self.runstats: Element | None = None
        self.prescripts: tuple[ScriptOutput, ...] = ()
        self.postscripts: tuple[ScriptOutput, ...] = ()

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        self.depth += 1
        if self.depth == 1:
            if tag != "nmaprun":
                raise _Refused(
                    f"line {self.current_line()}",
                    f"the root element is <{tag}>, not <nmaprun>: this is not an nmap XML output",
                )
            self.root = dict(attrib)
            return
        if self.depth == 2 and tag in _KEPT:
            self.builder = TreeBuilder()
        if self.builder is not None:
            attrib[_LINE] = str(self.current_line())  # a fresh dict from XMLParser
            self.builder.start(tag, attrib)

    def data(self, text: str) -> None:
        if self.builder is not None:
            self.builder.data(text)

    def end(self, tag: str) -> None:
        if self.builder is not None:
            self.builder.end(tag)
            if self.depth == 2:
                elem = self.builder.close()
                self.builder = None
                self._take(elem)
        if self.depth == 1:
            self.root_closed = True
        self.depth -= 1

    def close(self) -> None:
        return None

    def _take(self, elem: Element) -> None:
        if elem.tag == "host":
            status = elem.find("status")
            if status is not None and status.get("state") not in ("up", None):
                self.down_listed += 1
                if not self.keep_all_hosts:
                    return  # a /16 lists ~60,000 of these; only the count matters
            elif status is not None and status.get("reason") == "user-set" and not _answered(elem):
                self.silent_listed += 1
                if not self.keep_all_hosts:
                    return  # -Pn reports every silent address "up"; it never answered
            self.hosts.append(_host(elem))
        elif elem.tag == "scaninfo":
            self.scaninfo.append(
                ScanInfo(
                    type=elem.get("type", ""),
                    protocol=elem.get("protocol", ""),
                    numservices=_int(elem, "numservices"),
                    services=elem.get("services", ""),
                )
            )
        elif elem.tag == "runstats":
            self.runstats = elem
        elif elem.tag == "prescript":
            self.prescripts += _scripts(elem, "script")
        elif elem.tag == "postscript":
            self.postscripts += _scripts(elem, "script")


def _meta(target: _NmapTarget) -> ScanMeta:
    runstats = target.runstats
    if runstats is None:
        raise _Refused(
            "/nmaprun/runstats", "missing element: the scan did not finish (interrupted or failed)"
        )
    finished = runstats.find("finished")
    counts = runstats.find("hosts")
    if counts is None:
        reported = finished.get("errormsg") if finished is not None else None
        why = f"nmap reported: {reported}" if reported else "the scan did not finish"
        raise _Refused("/nmaprun/runstats/hosts", f"missing element; {why}")
    if finished is not None and finished.get("exit") == "error":
        raise _Refused(
            _line(finished), f"nmap reported an error: {finished.get('errormsg', '(no message)')}"
        )
    root = target.root or {}
    start = root.get("start")
    return ScanMeta(
        scanner=root.get("scanner", ""),
        args=root.get("args", ""),
        version=root.get("version", ""),
        xmloutputversion=root.get("xmloutputversion", ""),
        start=datetime.fromtimestamp(int(start), tz=UTC) if start and start.isdecimal() else None,
        end=_timestamp(finished, "time"),
        elapsed=_float(finished, "elapsed") if finished is not None else None,
        exit=finished.get("exit", "") if finished is not None else "",
        summary=finished.get("summary", "") if finished is not None else "",
        scaninfo=tuple(target.scaninfo),
        hosts_up=_int(counts, "up", required=True) or 0,
        hosts_down=_int(counts, "down", required=True) or 0,
        hosts_total=_int(counts, "total", required=True) or 0,
    )


def nmap_xml_parse(
    source: Source, *, name: str | None = None, keep_all_hosts: bool = False
) -> ScanResult:
    """Parse nmap XML from a path, bytes or a binary stream into a :class:`ScanResult`.

    ``name`` is what error messages call the document (default: the path).
    Hosts that are down, or "up" only because ``-Pn`` said so and silent on
    every port, are counted but not kept unless ``keep_all_hosts`` is True.
    Raises :class:`NmapXmlError` for unreadable, not well-formed, dangerous
    (entities, external references) or incomplete documents.
    """
    if isinstance(source, bytes | bytearray):
        return _parse_stream(io.BytesIO(source), name or "<nmap output>", keep_all_hosts)
    if hasattr(source, "read"):
        display = name or str(getattr(source, "name", "<stream>"))
        return _parse_stream(source, display, keep_all_hosts)  # type: ignore[arg-type]
    path = os.fspath(source)  # type: ignore[arg-type]
    try:
        stream = open(path, "rb")  # noqa: SIM115 - closed by the with block below
    except OSError as exc:
        raise NmapXmlError(name or path, "", f"cannot be read ({exc.strerror})") from None
    with stream:
        return _parse_stream(stream, name or path, keep_all_hosts)


def _parse_stream(stream: BinaryIO, display: str, keep_all_hosts: bool) -> ScanResult:
    target = _NmapTarget(keep_all_hosts)
    parser = DefusedXMLParser(target=target, forbid_dtd=False)
    expat = parser.parser
    target.current_line = lambda: expat.CurrentLineNumber
    try:
        while chunk := stream.read(CHUNK_SIZE):
            parser.feed(chunk)
        parser.close()
        if target.root is None or not target.root_closed:
            raise _Refused(f"line {expat.CurrentLineNumber}", "the document ends too early")
        meta = _meta(target)
    except ParseError as exc:
        line, column = exc.position
        problem = str(exc).split(":")[0]
        if problem == "no element found":
            problem += ": the document ends before </nmaprun>, the scan was interrupted"
        raise NmapXmlError(
            display, f"line {line}, column {column}", f"not well-formed XML ({problem})"
        ) from None
    except _Refused as exc:
        raise NmapXmlError(display, exc.place, exc.problem) from None
    except DefusedXmlException as exc:
        raise NmapXmlError(
            display, f"line {expat.CurrentLineNumber}", _defused_problem(exc)
        ) from None
    except OSError as exc:
        raise NmapXmlError(display, "", f"cannot be read ({exc.strerror})") from None
    return ScanResult(
        source=display,
        meta=meta,
        hosts=tuple(target.hosts),
        down_hosts_listed=target.down_listed,
        silent_hosts_listed=target.silent_listed,
        prescripts=target.prescripts,
        postscripts=target.postscripts,
    )


def _defused_problem(exc: DefusedXmlException) -> str:
    if isinstance(exc, EntitiesForbidden):
        what = f"entity declaration '{exc.name}'"
        if exc.sysid:
            what += f" referring to {exc.sysid!r}"
        return f"{what} refused: scan files may not declare entities (XXE protection)"
    if isinstance(exc, ExternalReferenceForbidden):
        return f"external reference to {exc.sysid!r} refused (XXE protection)"
    if isinstance(exc, DTDForbidden):
        return "document type declaration refused"
    return f"refused by the safe XML parser ({exc})"
