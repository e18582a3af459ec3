#!/usr/bin/env python3
"""The README's commands run as written (issue #19: a new user's first hour).

Every command of the shell blocks of README.md's "Using it" section runs, in order, in one
temporary directory, with `powerbudget` on the PATH as the binary of this build, and must exit
with 0, or with the code its comment marks as `[exit N]` (a verdict that fails by design).
Relative paths in the commands (`docs/examples/...`) are the repository's, as for a user in a
fresh clone: the directory gets a link to the source tree's docs/.

Left out, with the reason printed:
- `bash scripts/fuzz.sh 60`: ten minutes of fuzzing; CI runs it as its own job (docs/fuzzing.md).
- the Benchmarks block: it is not in "Using it"; benchmarks measure, they test nothing, and
  take minutes.
- `powerbudget serve` needs an MQTT broker with mutual TLS: it runs against a Mosquitto started
  here on loopback with a throw-away CA in certs/ (tests/serve/serve_harness.py), on a free port
  (`--port N` is added: the config's 8883 may be taken), and is stopped with SIGTERM once
  connected; it is skipped, saying so, only when Mosquitto, openssl or paho-mqtt is missing.

Second check: docs/cli.md's table of the formats each command gives against each command's
--help (the help text comes from cli/output_format.cpp), so that the table stays true.

Usage: readme_commands.py --binary POWERBUDGET --source SOURCE_DIR [--readme FILE] [--no-formats]
Exit 0 when every command exits as expected; 1 otherwise, naming each command that did not.
"""
import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

TIMEOUT_S = 300
EXIT_MARK = re.compile(r"\[exit (\d+)\]")


def using_it_blocks(readme_text):
    """The shell blocks of the "Using it" section, each as its list of lines."""
    match = re.search(r"^## Using it\n(.*?)(?=^## )", readme_text, re.S | re.M)
    if not match:
        raise SystemExit("README has no '## Using it' section")
    return [block.splitlines() for block in re.findall(r"```sh\n(.*?)```", match.group(1), re.S)]


def commands(blocks):
    """(command, expected exit code) in order; continuation lines joined."""
    out = []
    for lines in blocks:
        joined, pending = [], ""
        for line in lines:
            if line.rstrip().endswith("\\"):
                pending += line.rstrip()[:-1] + " "
                continue
            joined.append(pending + line)
            pending = ""
        for line in joined:
            text = line.strip()
            if not text or text.startswith("#"):
                continue
            command, _, comment = text.partition("  #")
            mark = EXIT_MARK.search(comment)
            out.append((command.strip(), int(mark.group(1)) if mark else 0))
    return out


def excluded(command):
    if command.startswith("bash scripts/fuzz.sh"):
        return "fuzzing takes minutes per target; CI runs scripts/fuzz.sh as its own job"
    return None


def first_lines(text, n=3):
    return "\n".join("      " + line for line in text.splitlines()[:n])


def run_serve(command, work, env):
    """serve against a Mosquitto on loopback; None when it passed, else why not; 'skip: ...'."""
    if not shutil.which("mosquitto") and not os.path.exists("/usr/sbin/mosquitto"):
        return "skip: mosquitto is not installed (scripts/setup.sh installs it)"
    if not shutil.which("openssl"):
        return "skip: openssl is not installed"
    sys.path.insert(0, os.path.join(env["PB_SOURCE"], "tests", "serve"))
    try:
        import serve_harness  # noqa: E402  (needs paho-mqtt)
    except ImportError as e:
        return f"skip: the serve harness cannot be imported ({e})"
    certs = os.path.join(work, "certs")
    os.makedirs(certs, exist_ok=True)
    serve_harness.make_certs(certs)
    broker = serve_harness.Broker(work, certs)
    log_path = os.path.join(work, "serve.log")
    try:
        with open(log_path, "w") as log:
            proc = subprocess.Popen(["bash", "-c", f"exec {command} --port {broker.port}"], cwd=work, env=env,
                                    stdout=subprocess.PIPE, stderr=log, text=True)
        deadline = time.time() + 60
        port = None
        while port is None:
            found = re.findall(r"metrics on http://[0-9.]+:(\d+)/metrics", open(log_path).read())
            if found:
                port = int(found[-1])
            elif proc.poll() is not None:
                return f"exited with {proc.returncode} before it started:\n{open(log_path).read()}"
            elif time.time() > deadline:
                proc.kill()
                return "did not start within 60 s:\n" + open(log_path).read()
            time.sleep(0.1)
        status = None
        while status != 200 and time.time() < deadline:  # healthz 200: connected to the broker
            try:
                status = urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).status
            except OSError:
                time.sleep(0.1)
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=60)
        if status != 200:
            return "never connected to the broker:\n" + open(log_path).read()
        if proc.returncode != 0:
            return f"exit {proc.returncode} after SIGTERM:\n{open(log_path).read()}"
        print(first_lines(out))
        return None
    finally:
        broker.stop()


def check_commands(readme, binary, source):
    cmds = commands(using_it_blocks(open(readme, encoding="utf-8").read()))
    if len(cmds) < 5:
        print(f"FAIL: only {len(cmds)} commands found in the README's 'Using it' blocks")
        return 1
    print("not run: the Benchmarks block (outside 'Using it'; benchmarks measure and take minutes)")
    failures = []
    with tempfile.TemporaryDirectory(prefix="pb-readme-") as work:
        bin_dir = os.path.join(work, ".bin")
        os.makedirs(bin_dir)
        os.symlink(os.path.abspath(binary), os.path.join(bin_dir, "powerbudget"))
        os.symlink(os.path.join(os.path.abspath(source), "docs"), os.path.join(work, "docs"))
        env = dict(os.environ)
        env["PATH"] = bin_dir + os.pathsep + env.get("PATH", "")
        env.setdefault("POWERBUDGET_PROFILES", os.path.join(os.path.abspath(source), "profiles"))
        env["PB_SOURCE"] = os.path.abspath(source)
        for command, expected in cmds:
            reason = excluded(command)
            if reason:
                print(f"not run: {command}  ({reason})")
                continue
            print(f"$ {command}" + (f"   (expects exit {expected})" if expected else ""))
            if command.startswith("powerbudget serve"):
                problem = run_serve(command, work, env)
                if problem and problem.startswith("skip:"):
                    print(f"    SKIPPED: {problem[5:].strip()}")
                elif problem:
                    failures.append(command)
                    print(f"    FAIL: {problem}")
                continue
            try:
                r = subprocess.run(["bash", "-c", command], cwd=work, env=env, capture_output=True, text=True,
                                   timeout=TIMEOUT_S)
            except subprocess.TimeoutExpired:
                failures.append(command)
                print(f"    FAIL: still running after {TIMEOUT_S} s")
                continue
            if r.returncode != expected:
                failures.append(command)
                print(f"    FAIL: exit {r.returncode}, expected {expected}\n{first_lines(r.stderr, 10)}")
            else:
                print(first_lines(r.stdout or r.stderr))
    if failures:
        print(f"\n{len(failures)} README command(s) failed:\n" + "\n".join("  " + c for c in failures))
        return 1
    print(f"\nall {len(cmds)} README commands ran as written")
    return 0


def help_formats(binary, command):
    """The formats a command's --help lists: 'output format: table (default), json, csv or md'."""
    text = subprocess.run([binary, command, "--help"], capture_output=True, text=True).stdout
    text = re.sub(r"\s+", " ", text)
    match = re.search(r"output format: (.*?)(?:;|\s-|$)", text)
    if not match:
        return None
    names = re.split(r", | or ", match.group(1))
    return [n.replace("(default)", "").strip() for n in names if n.strip()]


def check_format_table(binary, source):
    """docs/cli.md's 'Output formats' table against each command's --help."""
    doc = open(os.path.join(source, "docs", "cli.md"), encoding="utf-8").read()
    section = re.search(r"^## Output formats\n(.*?)(?=^## )", doc, re.S | re.M)
    if not section:
        print("FAIL: docs/cli.md has no '## Output formats' section")
        return 1
    rows = re.findall(r"^\| `([a-z-]+)` \| (.*?) \|", section.group(1), re.M)
    usage = subprocess.run([binary, "--help"], capture_output=True, text=True).stdout
    listed = re.findall(r"^  ([a-z-]+)\s", usage, re.M)
    bad = 0
    documented = {c for c, _ in rows}
    for c in listed:
        if c not in documented:
            print(f"FAIL: docs/cli.md's format table has no row for '{c}'")
            bad += 1
    for c, cell in rows:
        doc_formats = re.findall(r"`([a-z]+)`", cell)
        given = help_formats(binary, c)
        if given is None:
            print(f"FAIL: '{c} --help' shows no 'output format:' line")
            bad += 1
        elif doc_formats != given:
            print(f"FAIL: docs/cli.md says '{c}' gives {doc_formats}; its --help says {given}")
            bad += 1
    if not bad:
        print(f"docs/cli.md's format table matches the --help of all {len(rows)} commands")
    return 1 if bad else 0


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--binary", required=True)
    p.add_argument("--source", required=True)
    p.add_argument("--readme")
    p.add_argument("--no-formats", action="store_true", help="only the README's commands")
    a = p.parse_args()
    status = check_commands(a.readme or os.path.join(a.source, "README.md"), a.binary, a.source)
    if not a.no_formats:
        status |= check_format_table(a.binary, a.source)
    return status


if __name__ == "__main__":
    sys.exit(main())
