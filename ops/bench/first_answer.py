"""The timing behind ops/bench/first-answer.sh (see there)."""
import json, pathlib, subprocess, sys, threading, time

bin_, corpus, limit = sys.argv[1], pathlib.Path(sys.argv[2]), float(sys.argv[3])
for f in sorted(corpus.glob("*.txt")):
    draws = "".join(f.read_text().splitlines(keepends=True)[:30])
    t0 = time.monotonic()
    p = subprocess.Popen([bin_, "submit", "--draws", "-", "--min", "0", "--max", "999",
                          "--prng", "all", "--json", "--events"],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, text=True)
    p.stdin.write(draws)
    p.stdin.close()
    timer = threading.Timer(limit, lambda: p.send_signal(2))
    timer.start()
    first, what, verdict, swept = None, "-", "-", "-"
    for line in p.stdout:
        v = json.loads(line)
        ev = v.get("event")
        if ev in ("candidate", "state_report") and first is None:
            first = time.monotonic() - t0
            if ev == "candidate":
                what = f'{v["candidate"]["prng"]} seed {v["candidate"]["seed"]}'
            else:
                what = f'{v["report"]["prng"]} by state recovery ({v["report"]["verdict"]})'
        if ev is None:
            verdict = v.get("verdict", "-")
            s = v.get("searched", {})
            if s.get("seeds_planned"):
                swept = f'{100.0 * s["seeds_tried"] / s["seeds_planned"]:.1f}% swept'
    p.wait()
    timer.cancel()
    end = time.monotonic() - t0
    first_s = f"{first:.1f} s" if first is not None else "none"
    print(f"{f.name:40} first {first_s:>8}  report {end:7.1f} s  {verdict:10} {swept:12} {what}",
          flush=True)
