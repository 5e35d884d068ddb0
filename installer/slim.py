"""Make the Linux bundle smaller without changing what the app loads (used by mygo-desktop.spec).

Two steps, both measured on the frozen app (installer/README.md, "What the size is made of"):

- ``strip_debug``: libpython and Python's extension modules built from source (pyenv, a distro's
  debug-friendly build) and Rust extension modules carry symbol tables the app never reads.
  Files of wheels that auditwheel or PySide6's build edited with patchelf (an RPATH/RUNPATH, or
  a ``*.libs`` folder) are left alone: strip breaks their program headers ("ELF load command
  address/offset not page-aligned"). Python's own files (under ``sys.base_prefix``) never are;
  their RUNPATH (the build machine's Python folder) is removed with chrpath where it is installed.
- ``trim_icu_data``: Qt links ICU, whose data library is 31 MB of locale names, currencies,
  units, collations, dictionaries and codecs. Qt calls ICU only for QCollator, locale-aware case
  mapping, time zone display names and codecs it lacks itself; a full session of the frozen app
  (tray, picker, copy) touches none of the data beyond its table of contents. The trimmed library
  keeps root and supplemental data, normalisation and property files, so those calls still
  answer (with root-locale results) instead of failing.

- ``drop_system_libs``: libraries of every Linux desktop (OpenSSL, libstdc++, GLib, X11, D-Bus,
  FreeType, Kerberos and what they pull in) come from the system, as for any desktop program:
  a bundled copy only shadows the system's (an older libstdc++ breaks the system's GL drivers, a
  second GLib its GIO modules). ``SYSTEM_DEPENDS`` is what the .deb declares for them. The small
  xcb-util libraries Qt needs stay in the bundle: minimal Ubuntu and Debian images lack them.

Each returns new (dest, src, kind) entries for PyInstaller's TOC; a step that cannot run (no
``strip``, ``as`` or ``ld``) keeps the original files and says why.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
from pathlib import Path

# Debian packages for the system libraries the bundle leaves out (installer/linux/build-deb.sh
# adds libc6 at least the build machine's); "a | a-t64": Ubuntu 24.04 renamed some (64-bit time_t).
SYSTEM_DEPENDS = [
    "libstdc++6",
    "libgcc-s1",
    "libssl3 | libssl3t64",
    "libglib2.0-0 | libglib2.0-0t64",
    "libx11-6",
    "libx11-xcb1",
    "libxcb1",
    "libxkbcommon0",
    "libdbus-1-3",
    "libfontconfig1",
    "libfreetype6",
    "libgssapi-krb5-2",
    "libegl1",
    "libgl1",
]
# Shared libraries taken from the system rather than bundled; their own dependencies (libsystemd,
# libgcrypt, libpcre2, libpng, ...) come with the packages above.
SYSTEM_LIB = re.compile(
    r"^lib(crypto|ssl|stdc\+\+|gcc_s|glib-2\.0|gthread-2\.0|gobject-2\.0|pcre2-8|ffi|X11|X11-xcb|Xau|Xdmcp|bsd|md|"
    r"xkbcommon|dbus-1|systemd|gcrypt|gpg-error|lz4|zstd|lzma|cap|freetype|png16|brotli\w*|bz2|z|fontconfig|expat|"
    r"krb5|krb5support|gssapi_krb5|k5crypto|com_err|keyutils)\.so(\.\d+)*$"
)
ICU_DATA = re.compile(r"libicudata\.so\.(\d+)$")
# A locale's own data (names, calendars, numbers) is a file named after the locale.
LOCALE_ITEM = re.compile(r"^[a-z]{2,3}(_[A-Za-z0-9]+)*\.res$")
KEPT_IN_TREES = {"coll/root.res", "coll/res_index.res", "coll/ucadata.icu", "zone/root.res", "zone/res_index.res"}


def drop_system_libs(binaries: list) -> list:
    """Leave out the libraries in SYSTEM_LIB that PyInstaller copied from the system's folders."""
    kept, dropped = [], []
    for dest, src, kind in binaries:
        system = src.startswith(("/lib/", "/usr/lib/", "/lib64/", "/usr/lib64/"))
        (dropped if system and SYSTEM_LIB.match(Path(dest).name) else kept).append((dest, src, kind))
    names = ", ".join(Path(dest).name for dest, _src, _kind in dropped)
    print(f"slim: {len(dropped)} system libraries left to the system: {names}")
    return kept


def _elf_info(path: str) -> tuple[bool, bool]:
    """(has a symbol table, has an RPATH or RUNPATH), from readelf."""
    sections = subprocess.run(["readelf", "-S", "-W", path], capture_output=True, text=True, check=False).stdout
    dynamic = subprocess.run(["readelf", "-d", path], capture_output=True, text=True, check=False).stdout
    return " .symtab " in sections or " .debug_" in sections, "RPATH" in dynamic or "RUNPATH" in dynamic


def strip_debug(binaries: list, workdir: Path, python_prefix: str) -> list:
    if not (shutil.which("strip") and shutil.which("readelf")):
        print("slim: strip/readelf not found, binaries kept as they are")
        return binaries
    out_dir = workdir / "stripped"
    out_dir.mkdir(parents=True, exist_ok=True)
    result, saved = [], 0
    prefix = Path(python_prefix).resolve()
    for dest, src, kind in binaries:
        has_symbols, has_rpath = _elf_info(src) if kind in ("BINARY", "EXTENSION") else (False, True)
        pythons_own = Path(src).resolve().is_relative_to(prefix)
        if not has_symbols or (has_rpath and not pythons_own) or ".libs/" in src.replace("\\", "/"):
            result.append((dest, src, kind))
            continue
        target = out_dir / dest
        target.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["strip", "--strip-unneeded", "-o", str(target), src], check=True)
        if has_rpath and shutil.which("chrpath"):  # the build machine's Python folder, useless elsewhere
            subprocess.run(["chrpath", "-d", str(target)], check=True, capture_output=True)
        saved += Path(src).stat().st_size - target.stat().st_size
        result.append((dest, str(target), kind))
    print(f"slim: stripped symbol tables, {saved / 2**20:.1f} MB saved")
    return result


def strip_bootstrap_modules(bundle_internal: Path) -> None:
    """Strip, in the finished bundle, Python's modules that the bootloader's archive lists itself.

    ``_struct`` and ``zlib`` reach COLLECT through the executable's own table, not ``a.binaries``,
    so ``strip_debug`` never sees them; they are Python's own files, safe to strip.
    """
    if not (shutil.which("strip") and shutil.which("readelf")):
        return
    for path in sorted(bundle_internal.glob("python3*/lib-dynload/*.so")):
        has_symbols, has_rpath = _elf_info(str(path))
        if has_symbols:
            subprocess.run(["strip", "--strip-unneeded", str(path)], check=True)
        if has_rpath and shutil.which("chrpath"):
            subprocess.run(["chrpath", "-d", str(path)], check=True, capture_output=True)


def _read_common_data(blob: bytes) -> tuple[bytes, list[tuple[str, bytes]]]:
    """ICU's common data package: a header, a table of (name, offset), then the items."""
    header_size = struct.unpack_from("<H", blob, 0)[0]
    if blob[2:4] != b"\xda\x27" or blob[12:16] != b"CmnD":
        raise ValueError("not an ICU common data package")
    count = struct.unpack_from("<I", blob, header_size)[0]
    entries = [struct.unpack_from("<II", blob, header_size + 4 + 8 * i) for i in range(count)]
    items = []
    for i, (name_offset, data_offset) in enumerate(entries):
        start = header_size + name_offset
        name = blob[start : blob.index(b"\0", start)].decode("ascii")
        end = header_size + entries[i + 1][1] if i + 1 < count else len(blob)
        items.append((name, blob[header_size + data_offset : end]))
    return blob[:header_size], items


def _write_common_data(header: bytes, items: list[tuple[str, bytes]]) -> bytes:
    names = b"".join(name.encode("ascii") + b"\0" for name, _data in items)
    toc_size = 4 + 8 * len(items)
    data_start = (toc_size + len(names) + 15) // 16 * 16  # items are 16-byte aligned
    table, payload, name_offset = [], b"", toc_size
    for name, data in items:
        table.append(struct.pack("<II", name_offset, data_start + len(payload)))
        name_offset += len(name) + 1
        payload += data + b"\0" * (-len(data) % 16)
    toc = struct.pack("<I", len(items)) + b"".join(table) + names
    return header + toc + b"\0" * (data_start - len(toc)) + payload


def _kept(name: str) -> bool:
    local = name.split("/", 1)[1]  # "icudt73l/coll/root.res" -> "coll/root.res"
    if "/" in local:
        return local in KEPT_IN_TREES
    if local.endswith(".cnv"):  # legacy codecs; Qt has UTF-8/16/32 and Latin-1 itself
        return False
    return local in ("root.res", "res_index.res") or not LOCALE_ITEM.match(local)


def trim_icu_data(binaries: list, workdir: Path) -> list:
    found = [(i, entry) for i, entry in enumerate(binaries) if ICU_DATA.search(entry[0])]
    if not found:
        return binaries
    if not (shutil.which("as") and shutil.which("ld") and shutil.which("nm")):
        print("slim: binutils (as, ld, nm) not found, ICU data kept whole")
        return binaries
    index, (dest, src, kind) = found[0]
    version = ICU_DATA.search(dest).group(1)
    symbol = f"icudt{version}_dat"
    symbols = subprocess.run(["nm", "-D", "-S", "--defined-only", src], capture_output=True, text=True, check=True)
    line = next(row.split() for row in symbols.stdout.splitlines() if row.endswith(" " + symbol))
    address, size = int(line[0], 16), int(line[1], 16)
    offset = _file_offset(src, address)
    blob = Path(src).read_bytes()[offset : offset + size]
    header, items = _read_common_data(blob)
    kept = [(name, data) for name, data in items if _kept(name)]
    out = workdir / "icu"
    out.mkdir(parents=True, exist_ok=True)
    (out / "icudata.dat").write_bytes(_write_common_data(header, kept))
    (out / "icudata.s").write_text(
        f'.section .rodata\n.globl {symbol}\n.type {symbol}, @object\n.balign 16\n{symbol}:\n.incbin "icudata.dat"\n'
        f'.size {symbol}, .-{symbol}\n.section .note.GNU-stack,"",@progbits\n',
        encoding="ascii",
    )
    subprocess.run(["as", "-o", "icudata.o", "icudata.s"], cwd=out, check=True)
    library = out / Path(dest).name
    subprocess.run(
        ["ld", "-shared", "-s", "-soname", library.name, "-o", library.name, "icudata.o"], cwd=out, check=True
    )
    print(
        f"slim: ICU data {len(items)} -> {len(kept)} items, "
        f"{Path(src).stat().st_size / 2**20:.1f} -> {library.stat().st_size / 2**20:.1f} MB"
    )
    return [*binaries[:index], (dest, str(library), kind), *binaries[index + 1 :]]


def _file_offset(path: str, address: int) -> int:
    """The file offset of a virtual address, from the program headers (readelf -l)."""
    headers = subprocess.run(["readelf", "-l", "-W", path], capture_output=True, text=True, check=True).stdout
    for row in headers.splitlines():
        parts = row.split()
        if parts and parts[0] == "LOAD":
            file_offset, virtual, file_size = int(parts[1], 16), int(parts[2], 16), int(parts[4], 16)
            if virtual <= address < virtual + file_size:
                return file_offset + address - virtual
    raise ValueError(f"{address:#x} is not in a loaded segment of {path}")
