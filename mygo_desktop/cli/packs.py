"""``mygo-desktop pack ...`` (sticker packs of your own) and ``mygo-desktop memory ...`` (learned picks)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_PROBLEMS = 1


def _tell_running_app() -> None:
    """A running app ranks with the packs it loaded: ask it to load them again."""
    from mygo_desktop.app import notify_running_instance

    if notify_running_instance({"cmd": "reload_packs"}):
        print("the running app now uses the changed packs")


def _print_problems(problems: list[str]) -> None:
    for problem in problems:
        print(f"  - {problem}", file=sys.stderr)


def _new(args: argparse.Namespace) -> int:
    from mygo_desktop.core.errors import MygoError
    from mygo_desktop.core.packs import scaffold_pack

    try:
        path, count = scaffold_pack(args.folder, args.name, args.force)
    except (FileExistsError, FileNotFoundError) as exc:
        raise MygoError(str(exc)) from None
    print(f"wrote {path} with {count} stickers; add example messages to each, then run: mygo-desktop pack check FOLDER")
    return 0


def _check(args: argparse.Namespace) -> int:
    from mygo_desktop.core.packs import check_pack

    result = check_pack(args.path)
    if result.ok and result.pack is not None:
        examples = sum(len(s.examples) for s in result.pack.stickers)
        count = len(result.pack.stickers)
        print(f"{args.path}: pack {result.pack.name!r} is fine ({count} stickers, {examples} examples)")
        return 0
    print(f"{args.path}: {len(result.problems)} problem(s):", file=sys.stderr)
    _print_problems(result.problems)
    return EXIT_PROBLEMS


def _add(args: argparse.Namespace) -> int:
    from mygo_desktop.core.packs import PackError, PackRegistry

    try:
        info = PackRegistry().install(args.path)
    except PackError as exc:
        print(f"mygo-desktop: error: {exc}", file=sys.stderr)
        _print_problems(exc.problems)
        return EXIT_PROBLEMS
    print(f"installed {info.name} {info.version} ({info.stickers} stickers) in {info.path}")
    _tell_running_app()
    return 0


def _list(args: argparse.Namespace) -> int:
    from mygo_desktop.core.packs import PackRegistry

    registry = PackRegistry()
    if registry.problem:
        print(registry.problem, file=sys.stderr)
    infos = registry.list_packs()
    if not infos:
        print(f"no packs installed (in {registry.root}); add one with: mygo-desktop pack add PATH")
    for info in infos:
        state = "enabled" if info.enabled else "disabled"
        if info.problem:
            print(f"{info.name}  BROKEN: {info.problem}")
        else:
            print(f"{info.name}  {info.version}  {info.stickers} stickers  {state}  {info.author}  {info.license}")
    return 0


def _remove(args: argparse.Namespace) -> int:
    from mygo_desktop.core.packs import PackRegistry

    PackRegistry().remove(args.name)
    print(f"removed {args.name}")
    _tell_running_app()
    return 0


def _set_enabled(args: argparse.Namespace) -> int:
    from mygo_desktop.core.packs import PackRegistry

    PackRegistry().set_enabled(args.name, args.enable)
    print(f"{args.name} {'enabled' if args.enable else 'disabled'}")
    _tell_running_app()
    return 0


def register_pack(sub: argparse._SubParsersAction) -> None:
    pack = sub.add_parser("pack", help="sticker packs of your own: new, check, add, list, remove")
    commands = pack.add_subparsers(title="pack commands", metavar="ACTION", required=True)
    new = commands.add_parser("new", help="write pack.json for a folder of images named after their lines")
    new.add_argument("folder", type=Path)
    new.add_argument("--name", help="the pack's name (default: the folder's)")
    new.add_argument("--force", action="store_true", help="replace an existing pack.json")
    new.set_defaults(handler=_new)
    check = commands.add_parser("check", help="list every problem of a pack folder or .zip")
    check.add_argument("path", type=Path)
    check.set_defaults(handler=_check)
    add = commands.add_parser("add", help="check a pack folder or .zip and install it")
    add.add_argument("path", type=Path)
    add.set_defaults(handler=_add)
    commands.add_parser("list", help="the installed packs").set_defaults(handler=_list)
    remove = commands.add_parser("remove", help="uninstall a pack")
    remove.add_argument("name")
    remove.set_defaults(handler=_remove)
    for action, enable in (("enable", True), ("disable", False)):
        toggle = commands.add_parser(action, help=f"{action} an installed pack")
        toggle.add_argument("name")
        toggle.set_defaults(handler=_set_enabled, enable=enable)


def _memory_status(args: argparse.Namespace) -> int:
    from mygo_desktop.core.memory import ExampleMemory

    memory = ExampleMemory.load()
    if memory.problem:
        print(memory.problem, file=sys.stderr)
    print(f"{len(memory.picks())} learned picks in {memory.path}")
    return 0


def _memory_clear(args: argparse.Namespace) -> int:
    from mygo_desktop.core.memory import ExampleMemory

    memory = ExampleMemory.load()
    count = len(memory.picks())
    memory.clear()
    print(f"forgot {count} learned picks")
    return 0


def register_memory(sub: argparse._SubParsersAction) -> None:
    memory = sub.add_parser("memory", help="the picks the app learned from: status, clear")
    commands = memory.add_subparsers(title="memory commands", metavar="ACTION", required=True)
    commands.add_parser("status", help="how many picks are remembered, and where").set_defaults(handler=_memory_status)
    commands.add_parser("clear", help="forget every learned pick").set_defaults(handler=_memory_clear)
