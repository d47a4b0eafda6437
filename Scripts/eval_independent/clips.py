"""Independent evaluation of video characters (`actone DRIVER CHARACTER.mp4`), measured with dlib.

For each character clip x driver: the output's frame count and rate against the driver's; Pearson r of
the output's jaw and blinks against the driver's (expressions come from the driver); r of the output's
yaw, pitch and roll against the character clip's frame shown at the same time (the head stays the
clip's own, `--pose character`); and the PSNR, against that clip frame, of the pixels outside a box
twice the face's size (the face's dlib landmarks, from brows to chin), which nothing should change.

    Scripts/eval-character-clips [--actone BIN] [--out DIR] [--clips a,b] [--drivers a,b] [--seconds N]

Output in --out (default .build/eval-clips): report.txt, summary.json, cache/ (dlib results).
"""
import argparse
import json
import math
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from . import analysis, metrics
from .render import build
from .signals import CHANNELS, MOVES
from .video import probe, read_frames

ROOT = Path(__file__).resolve().parents[2]
EVAL = ROOT.parent / "shared" / "eval"
DEFAULT_CLIPS = ["liveportrait_s18", "liveportrait_s20", "echomimic_painted_girl", "latentsync_man_beard_seated"]
DEFAULT_DRIVERS = ["d3", "d10", "sadtalker_aoc_speech"]
FROM_DRIVER = ("jaw", "blinkL", "blinkR")
FROM_CLIP = ("yaw", "pitch", "roll")
PSNR_SAMPLES = 40          # output frames whose background is compared with the clip's


def frame_times(path):
    """Presentation times of a video's frames, in decoding order of presentation (sorted)."""
    out = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pts_time",
                          "-of", "csv=p=0", str(path)], capture_output=True, text=True, check=True).stdout
    times = sorted(float(x) for x in out.split() if x not in ("", "N/A"))
    return [t - times[0] for t in times]


def pingpong_indices(clip_times, out_times):
    """The clip frame actone shows at each output time with --loop pingpong (ClipPlayback's order:
    forwards, backwards from the last frame but one, forwards from the second, ...; each frame shows
    until the next one's time)."""
    n = len(clip_times)
    nominal = clip_times[1] - clip_times[0] if n > 1 else 1 / 25
    dur = [clip_times[i + 1] - clip_times[i] if i + 1 < n else nominal for i in range(n)]
    order = list(range(n))
    while sum(dur[i] for i in order) <= (out_times[-1] if out_times else 0) + 1 and n > 1:
        order += list(range(n - 2, -1, -1)) + list(range(1, n))
    starts, t = [], 0.0
    for i in order:
        starts.append(t)
        t += dur[i]
    result, k = [], 0
    for time_ in out_times:
        while k + 1 < len(order) and starts[k + 1] <= time_ + 1e-6:
            k += 1
        result.append(order[k])
    return result


def outside_psnr(out_path, clip_path, pairs, clip_an, out_size):
    """PSNR of output frame o against clip frame c outside a box twice the size of the clip face's dlib
    landmark box, centred on it, for (o, c) pairs; frames where dlib has no face are skipped."""
    want_clip = sorted({c for _, c in pairs})
    want_out = sorted({o for o, _ in pairs})
    clip_frames, out_frames = {}, {}
    for i, rgb in enumerate(read_frames(clip_path, out_size)):
        if i in want_clip:
            clip_frames[i] = rgb.copy()
        if i >= want_clip[-1]:
            break
    for i, rgb in enumerate(read_frames(out_path)):
        if i in want_out:
            out_frames[i] = rgb.copy()
        if i >= want_out[-1]:
            break
    info = probe(clip_path)
    sx = out_size[0] / info.width
    values = []
    for o, c in pairs:
        lm = clip_an.lm_video_px(c)
        if lm is None or o not in out_frames or c not in clip_frames:
            continue
        lm = lm * sx
        (x0, y0), (x1, y1) = lm.min(0), lm.max(0)
        cx, cy, w, h = (x0 + x1) / 2, (y0 + y1) / 2, x1 - x0, y1 - y0
        a, b = out_frames[o].astype(np.float32), clip_frames[c].astype(np.float32)
        mask = np.ones(a.shape[:2], bool)
        mask[max(0, int(cy - h)):max(0, int(cy + h)), max(0, int(cx - w)):max(0, int(cx + w))] = False
        if mask.sum() < 1000:
            continue
        mse = float(np.mean((a[mask] - b[mask]) ** 2))
        values.append(99.0 if mse == 0 else 10 * math.log10(255.0 ** 2 / mse))
    return values


def evaluate(actone, models, driver, clip, out_dir, cache, seconds):
    out = out_dir / f"{driver.stem}__{clip.stem}.mp4"
    args = [str(actone), "render", str(driver), str(clip), "-o", str(out), "--force", "--quiet", "--models", str(models)]
    t0 = time.time()
    p = subprocess.run(args, capture_output=True, text=True)
    render_s = time.time() - t0
    if p.returncode != 0:
        return {"driver": driver.stem, "clip": clip.stem, "error": (p.stderr.strip().splitlines() or ["?"])[-1]}
    di, oi, ci = probe(driver), probe(out), probe(clip)
    d_times, o_times, c_times = frame_times(driver), frame_times(out), frame_times(clip)
    limit = int(round(seconds * oi.fps)) if seconds else None
    drv = analysis.cached_analysis(driver, cache)
    outa = analysis.cached_analysis(out, cache, limit=limit)
    clipa = analysis.cached_analysis(clip, cache)
    n = len(outa)
    shown = pingpong_indices(c_times, o_times[:n])
    sd, so, sc = metrics.signals_of(drv, min(n, len(drv))), metrics.signals_of(outa, n), metrics.signals_of(clipa)
    res = {"driver": driver.stem, "clip": clip.stem, "render_s": round(render_s, 1),
           "frames": {"driver": len(d_times), "output": len(o_times)},
           "rate": {"driver": round(di.fps, 4), "output": round(oi.fps, 4)}, "r": {}}
    for k, c in enumerate(CHANNELS):
        if c in FROM_DRIVER:
            m = min(len(sd), n)
            ref, got, found = sd[:m, k], so[:m, k], drv.found[:m] & outa.found[:m]
            moves = float(np.nanstd(ref)) >= MOVES[c]
        elif c in FROM_CLIP:
            ref = np.array([sc[i, k] for i in shown])
            got = so[:, k]
            found = np.array([clipa.found[i] for i in shown]) & outa.found[:n]
            moves = float(np.nanstd(ref[found])) >= MOVES[c] if found.any() else False
        else:
            continue
        res["r"][c] = {"r": metrics.pearson(ref[found], got[found]), "scored": bool(moves and found.sum() >= 10)}
    step = max(1, n // PSNR_SAMPLES)
    pairs = [(o, shown[o]) for o in range(0, n, step)]
    values = outside_psnr(out, clip, pairs, clipa, (oi.width, oi.height))
    res["outside_psnr"] = {"mean": float(np.mean(values)) if values else None,
                           "min": float(np.min(values)) if values else None, "frames": len(values)}
    return res


def report(results):
    lines = []
    head = f"{'driver':<22}{'clip':<30}{'frames':>11}{'rate':>14}" + "".join(f"{c:>8}" for c in FROM_DRIVER + FROM_CLIP)
    lines.append(head + f"{'bg dB':>14}")
    for r in results:
        if "error" in r:
            lines.append(f"{r['driver']:<22}{r['clip']:<30}  FAILED: {r['error']}")
            continue
        fr = f"{r['frames']['output']}/{r['frames']['driver']}"
        rate = f"{r['rate']['output']:g}/{r['rate']['driver']:g}"
        cells = "".join(f"{(r['r'][c]['r'] if r['r'][c]['scored'] else float('nan')):>8.2f}" for c in FROM_DRIVER + FROM_CLIP)
        bg = r["outside_psnr"]
        bgs = f"{bg['mean']:.1f} ({bg['min']:.1f})" if bg["mean"] is not None else "-"
        lines.append(f"{r['driver']:<22}{r['clip']:<30}{fr:>11}{rate:>14}{cells}{bgs:>14}")
    ok = [r for r in results if "error" not in r]
    for c in FROM_DRIVER + FROM_CLIP:
        v = [r["r"][c]["r"] for r in ok if r["r"][c]["scored"] and not math.isnan(r["r"][c]["r"])]
        if v:
            lines.append(f"{c:<8} mean r {np.mean(v):.3f}  min {np.min(v):.3f}  over {len(v)} pairs")
    bg = [r["outside_psnr"]["min"] for r in ok if r["outside_psnr"]["min"] is not None]
    if bg:
        lines.append(f"outside the face box: lowest frame PSNR {np.min(bg):.1f} dB; mean of pair means "
                     f"{np.mean([r['outside_psnr']['mean'] for r in ok if r['outside_psnr']['mean'] is not None]):.1f} dB")
    lines.append("frames and rate as the driver's on every pair: "
                 + str(all(r["frames"]["output"] == r["frames"]["driver"] and abs(r["rate"]["output"] - r["rate"]["driver"]) < 1e-3
                           for r in ok)))
    return "\n".join(lines)


def main(argv=None):
    ap = argparse.ArgumentParser(prog="eval-character-clips", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--actone", help="actone binary (default: build the release one)")
    ap.add_argument("--out", default=str(ROOT / ".build" / "eval-clips"))
    ap.add_argument("--models", default=str(ROOT / "models"))
    ap.add_argument("--clips", default=",".join(DEFAULT_CLIPS))
    ap.add_argument("--drivers", default=",".join(DEFAULT_DRIVERS))
    ap.add_argument("--seconds", type=float, default=0, help="measure only the first N seconds of each output")
    a = ap.parse_args(argv)
    actone = Path(a.actone) if a.actone else build(ROOT)
    out_dir = Path(a.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    cache = out_dir / "cache"
    results = []
    for clip in a.clips.split(","):
        for driver in a.drivers.split(","):
            r = evaluate(actone, a.models, EVAL / "driving" / f"{driver}.mp4", EVAL / "charvideos" / f"{clip}.mp4", out_dir, cache,
                         a.seconds)
            print(json.dumps({k: v for k, v in r.items()}), file=sys.stderr)
            results.append(r)
    text = report(results)
    (out_dir / "report.txt").write_text(text + "\n")
    (out_dir / "summary.json").write_text(json.dumps(results, indent=1))
    print(text)


if __name__ == "__main__":
    main()
