#!/usr/bin/env python3
"""How many times a `hark replay` calls given functions, per line: reference counting
(`swift_retain`, `swift_release` and their bridge-object forms) and `malloc` by default, counted
exactly by uprobes rather than estimated from samples.

A sampled profile says how long these calls take; the count says how many there are, which is
what a change to copies and ownership moves first (a retain removed is a call fewer per line, on a
host too noisy to show its nanoseconds). Each function is looked up in hark's own symbols (the
statically linked build holds the Swift runtime) and then in the shared libraries it loads.

    python3 Benchmarks/replay/count_calls.py --hark .build/release/hark [--config .] [--full | --floor]
        [--data DIR] [--repeat N] [--function NAME ...]

With `--callers N`, it instead records every call with its stack over the first N lines of
the input (a few thousand are enough: every call is a sample, so the recording grows by about
70 KB per line) and lists, per line, the functions that make the calls: the innermost frame that
is not the runtime's own (`swift_*`, outlined copies; value witnesses such as `initializeWithCopy
for Mention` are kept, since they name the type copied). Calls made while loading the rules are
left out, and so are those made parsing the command line and tearing the rules down at the end.
`swift_bridgeObjectRetain` calls `swift_retain` inside, so a `swift_retain` made from
it is not counted again.

Needs `perf` (linux-perf) and root, or a kernel that lets this user add uprobes. The probes are
added under the group `hark_calls` and removed at the end. Labels only by default, on
replay_bench.py's input; `--full` replays with `--config` as given; `--floor` replays its floor input.
"""
import argparse
import collections
import hashlib
import os
import re
import subprocess
import tempfile

from profile_slices import STARTUP, frame_name
from replay_bench import add_profile_arguments, profile_input

GROUP = "hark_calls"
DEFAULT = ["swift_retain", "swift_release", "swift_bridgeObjectRetain", "swift_bridgeObjectRelease", "malloc"]


def address(path, name, dynamic):
    """Where the ELF file at `path` defines the function `name` (in its dynamic symbols, or its full
    symbol table), as a hex string; None when it does not."""
    listing = subprocess.run(["nm", "--defined-only"] + (["-D"] if dynamic else []) + [path],
                             capture_output=True, text=True).stdout
    for line in listing.splitlines():
        match = re.fullmatch(rf"([0-9a-f]+) [TtWi] {re.escape(name)}(@@?\S+)?", line)
        if match:
            return match.group(1)
    return None


def owner(hark, name):
    """The file a call to `name` from hark lands in (hark itself, else the first library that has
    it) and the function's address there. Probes go on addresses: by name, perf looks for debug
    information first and gives up on a binary built without it for that function."""
    found = address(hark, name, dynamic=False)
    if found:
        return hark, found
    libraries = subprocess.run(["ldd", hark], capture_output=True, text=True).stdout
    for match in re.finditer(r"=> (\S+) \(", libraries):
        found = address(match.group(1), name, dynamic=True)
        if found:
            return match.group(1), found
    raise SystemExit(f"no file hark loads defines {name}")


def event(name):
    """A probe's event name: letters, digits and underscores, and short enough for perf (which
    refuses names of 64 characters or more, as most mangled Swift names are): a long name keeps
    its first 40 characters and a hash of the whole."""
    plain = re.sub(r"\W", "_", name)
    if len(plain) < 48:
        return plain
    return f"{plain[:40]}_{hashlib.sha1(name.encode()).hexdigest()[:8]}"


def main():
    parser = argparse.ArgumentParser()
    add_profile_arguments(parser)
    parser.add_argument("--function", action="append", help="a function to count (repeatable)")
    parser.add_argument("--callers", type=int, metavar="N",
                        help="record the first N lines and list the calls by the function making them")
    parser.add_argument("--top", type=int, default=40, help="callers listed with --callers")
    args = parser.parse_args()
    functions = args.function or DEFAULT
    hark = os.path.abspath(args.hark)

    subprocess.run(["perf", "probe", "-q", "-d", f"{GROUP}:*"], capture_output=True)
    try:
        for name in functions:
            path, at = owner(hark, name)
            added = subprocess.run(["perf", "probe", "-q", "-x", path, "-a", f"{GROUP}:{event(name)}=0x{at}"],
                                   capture_output=True, text=True)
            if added.returncode != 0:
                raise SystemExit(f"perf probe could not add {name} in {path}: {added.stderr.strip()}")
        with tempfile.TemporaryDirectory() as tmp:
            path, config, lines, kind = profile_input(args, tmp)
            events = ",".join(f"{GROUP}:{event(name)}" for name in functions)
            if args.callers:
                lines = first_lines(path, args.callers)
                report_callers(hark, config, path, lines, kind, events, args.top, tmp)
                return
            with open(os.devnull, "wb") as sink:
                stat = subprocess.run(["perf", "stat", "-x", ",", "-e", events, hark, "replay", path, "--config",
                                       config], stdout=sink, stderr=subprocess.PIPE, check=True, text=True).stderr
    finally:
        subprocess.run(["perf", "probe", "-q", "-d", f"{GROUP}:*"], capture_output=True)

    print(f"calls per line over {lines} lines of `hark replay` ({kind}):")
    counts = {}
    for row in stat.splitlines():
        fields = row.split(",")
        if len(fields) > 2 and fields[2].startswith(f"{GROUP}:"):
            counts[fields[2].split(":", 1)[1]] = int(fields[0])
    for name in functions:
        count = counts.get(event(name))
        if count is None:
            raise SystemExit(f"perf stat reported no count for {name}")
        print(f"  {count / lines:8.2f}  {name}")


def first_lines(path, count):
    """Cuts the input file at `path` to its first `count` lines; returns how many it keeps."""
    with open(path, "rb") as f:
        kept = [line for _, line in zip(range(count), f)]
    with open(path, "wb") as f:
        f.writelines(kept)
    return len(kept)


# Calls outside the replay of lines: parsing the command line, and freeing the rules at the end.
OUTSIDE = ["CommandParser", "destroy for Classifier", "destroy of Classifier"]
# Frames that are the runtime's own work rather than a caller's: skipped when naming who called.
RUNTIME = ("swift_", "_swift_", "outlined ", "__", "malloc", "_int_", "cfree", "free", "[unknown]")


def report_callers(hark, config, path, lines, kind, events, top, tmp):
    """Records every probed call with its stack and prints the calls per line by caller."""
    data = os.path.join(tmp, "calls.data")
    with open(os.devnull, "wb") as sink:
        subprocess.run(["perf", "record", "-q", "-g", "-o", data] + [arg for name in events.split(",")
                                                                     for arg in ("-e", name)]
                       + [hark, "replay", path, "--config", config], stdout=sink, stderr=sink, check=True)
    script = subprocess.Popen(["perf", "script", "-i", data], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    demangled = subprocess.Popen(["swift", "demangle", "--simplified"], stdin=script.stdout,
                                 stdout=subprocess.PIPE, text=True, errors="replace")
    counts = collections.Counter()
    header, frames = None, []

    def finish():
        if header is None or not frames:
            return
        probe = re.search(rf"{GROUP}:(\w+)", header)
        if probe is None or any(pattern in frame for frame in frames for pattern in STARTUP[1] + OUTSIDE):
            return
        # A retain made inside swift_bridgeObjectRetain (or a release inside its release) was
        # counted as the bridge call already.
        if len(frames) > 1 and frames[1].startswith("swift_bridgeObject"):
            return
        caller = next((frame for frame in frames[1:] if not frame.startswith(RUNTIME)), "?")
        counts[(probe.group(1), caller)] += 1

    for line in demangled.stdout:
        if not line.strip():
            finish()
            header, frames = None, []
        elif line[0] in " \t":
            frames.append(frame_name(line))
        else:
            header = line
    finish()
    demangled.wait()
    script.wait()
    print(f"calls per line over the first {lines} lines of `hark replay` ({kind}), by the function making them:")
    totals = collections.Counter()
    for (probe, _), count in counts.items():
        totals[probe] += count
    for probe, count in sorted(totals.items()):
        print(f"  {count / lines:8.2f}  {probe} in all")
    for (probe, caller), count in counts.most_common(top):
        print(f"  {count / lines:8.2f}  {probe:28} {caller[:110]}")


if __name__ == "__main__":
    main()
