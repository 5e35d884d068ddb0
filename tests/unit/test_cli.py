"""The command line, run as a user runs it: a separate process, stdout, stderr, exit code."""

import argparse
import json
import os
import subprocess
import sys

import pytest

from mygo_desktop import __version__


def run_cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mygo_desktop", *args],
        input=stdin,
        capture_output=True,
        timeout=120,
    )


def test_version():
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.decode().strip() == f"mygo-desktop {__version__}"


def test_every_command_is_registered_with_a_handler():
    from mygo_desktop.cli import build_parser

    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices
    assert set(commands) == {"recommend", "show", "dataset", "train", "eval", "bench", "images", "pack", "memory"}
    nested = {
        "dataset": {"check", "propose", "merge-labels"},
        "images": {"download", "status"},
        "pack": {"new", "check", "add", "list", "remove", "enable", "disable"},
        "memory": {"status", "clear"},
    }
    for name, sub in nested.items():
        actions = [a for a in commands[name]._actions if isinstance(a, argparse._SubParsersAction)]
        assert set(actions[0].choices) == sub
    for argv in (
        ["recommend", "x"],
        ["show"],
        ["dataset", "check"],
        ["train", "--out", "o"],
        ["eval"],
        ["bench"],
        ["images", "status"],
        ["pack", "list"],
        ["memory", "clear"],
    ):
        assert callable(parser.parse_args(argv).handler)


def test_recommend_prints_a_ranked_list(tiny_ngram_dir):
    result = run_cli("recommend", "明天要不要一起去唱歌", "-k", "3", "--model", str(tiny_ngram_dir))
    assert result.returncode == 0, result.stderr.decode()
    lines = result.stdout.decode().splitlines()
    assert [line.split(".")[0].strip() for line in lines] == ["1", "2", "3"]
    assert all(line.endswith("%") for line in lines)


def test_recommend_json_matches_the_api(tiny_ngram_dir):
    from mygo_desktop import MyGOChat

    result = run_cli("recommend", "你在幹嘛", "--json", "--model", str(tiny_ngram_dir))
    assert result.returncode == 0
    printed = json.loads(result.stdout)
    assert printed == MyGOChat(tiny_ngram_dir).chat_with_candidates("你在幹嘛", k=5)


def test_recommend_reads_stdin(tiny_ngram_dir):
    from mygo_desktop import MyGOChat

    result = run_cli("recommend", "-", "--json", "-k", "1", "--model", str(tiny_ngram_dir), stdin="你在幹嘛\n".encode())
    assert json.loads(result.stdout)["top_prediction"] == MyGOChat(tiny_ngram_dir).chat("你在幹嘛")


def test_binary_junk_on_stdin_is_answered(tiny_ngram_dir):
    junk = bytes(range(256)) * 40
    result = run_cli("recommend", "-", "--model", str(tiny_ngram_dir), stdin=junk)
    assert result.returncode == 0
    assert len(result.stdout.decode().splitlines()) == 5


@pytest.mark.parametrize(
    "args, message",
    [
        (("recommend", "   "), "empty"),
        (("recommend", "你好", "--model", "/nonexistent/model"), "model directory not found"),
        (("recommend", "你好", "-k", "0"), "must be at least 1"),
    ],
)
def test_errors_are_one_line_without_traceback(tiny_ngram_dir, args, message):
    if "--model" not in args:
        args = (*args, "--model", str(tiny_ngram_dir))
    result = run_cli(*args)
    assert result.returncode != 0
    err = result.stderr.decode()
    assert message in err
    assert "Traceback" not in err


def test_debug_shows_the_traceback():
    result = run_cli("--debug", "recommend", "你好", "--model", "/nonexistent/model")
    assert result.returncode != 0
    assert "Traceback" in result.stderr.decode()


def test_recommend_copy_without_a_desktop_says_so(tiny_ngram_dir):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    result = subprocess.run(
        [sys.executable, "-m", "mygo_desktop", "recommend", "你好", "--copy", "--model", str(tiny_ngram_dir)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("mygo-desktop: error:") and "clipboard" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("message", ["-_-", "-.-", "-歐買尬"])
def test_messages_that_start_with_a_dash_are_messages(tiny_ngram_dir, message):
    result = run_cli("recommend", message, "-k", "2", "--model", str(tiny_ngram_dir))
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 2
    after = run_cli("recommend", "-k", "1", "--json", message, "--model", str(tiny_ngram_dir))
    assert after.returncode == 0, after.stderr
    assert len(json.loads(after.stdout)["candidates"]) == 1


def test_a_terminal_without_unicode_gets_escapes_not_a_traceback(tiny_ngram_dir):
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    result = subprocess.run(
        [sys.executable, "-m", "mygo_desktop", "recommend", "你好", "-k", "1", "--model", str(tiny_ngram_dir)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "\\u" in result.stdout and "Traceback" not in result.stderr


def test_a_file_given_as_the_model_is_named_as_a_file(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("hi", encoding="utf-8")
    result = run_cli("recommend", "你好", "--model", str(readme))
    assert result.returncode == 1 and "is a file" in result.stderr.decode()
