"""Command line: plan the renders, run them (cached), measure them with dlib, print and save the report."""
import argparse
import json
import os
import re
import shlex
import shutil
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from . import analysis, metrics, report, sheet
from .render import Renderer, build
from .signals import CHANNELS, DESCRIPTION, MOVES
from .signals import VERSION as SIGNALS_VERSION
from .video import count_frames, extract_frame, output_index, probe, read_frames, read_image, scaled_size, trim

ROOT = Path(__file__).resolve().parents[2]
EVAL = ROOT.parent / "shared" / "eval"

# The default spread: drivers with strong expressions, talking, head turns; stills spanning a photo, a
# black-and-white photo, a painting, a 3D cartoon, a statue, a turned low-key face and an open mouth.
DEFAULT_DRIVERS = ["d0", "d3", "followyouremoji_man_grimace", "sadtalker_aoc_speech", "tpsmm_jackie_chan_talk"]
DEFAULT_STILLS = ["s42", "s12", "s9", "s7", "anitalker_statue_david", "joyvasa_man_stubble_lowkey",
                  "sadtalker_painting_laughing_beard"]
DEFAULT_SELF = ["d0", "followyouremoji_man_grimace", "sadtalker_aoc_speech", "tpsmm_jackie_chan_talk"]
DEFAULT_SECONDS = 6.0
EXPECT_REFUSED = ["s30"]
VIDEO_EXT = (".mp4", ".mov", ".mkv", ".webm", ".avi")
IMAGE_EXT = (".jpg", ".jpeg", ".png", ".webp", ".bmp")

HELP = f"""\
Independent quality evaluation of `actone render`, measured with dlib's 68-point landmarks and dlib's
ResNet face embedding (not actone's own MediaPipe tracker).

Measures:
  cross-reenactment  each driver clip onto each still (default reference frame): Pearson r between the
                     driver's and the output's per-frame signals for {", ".join(CHANNELS)};
                     a channel the driver barely moves is not scored ("~"). Also the share of output
                     frames where dlib's detector finds the face (stills where it finds one), landmark
                     jitter on the driver's stillest second (output / driver), and identity: dlib ResNet
                     distance of the still's face to every {{id-step}}th output frame (mean, max).
  self-reenactment   a clip's frame 0 as the still, rendered with --reference 0 and compared with the real
                     frames: PSNR, SSIM, landmark error (% of the inter-ocular distance), each beside the
                     still-frame floor (frame 0 repeated); mouth-region SSIM/PSNR on open-mouth frames.
  acceptance         which stills actone refuses (s30, a dog, should be; every other still taken).
Goals: per channel mean r >= 0.9 and no pair < 0.75; identity mean <= 0.35, max <= 0.5; self landmark
error <= 0.25 of the floor's; face found in every frame; jitter ratio <= 1.

Time on 2 cores: the default spread ({len(DEFAULT_DRIVERS)} drivers x {len(DEFAULT_STILLS)} stills, first
{DEFAULT_SECONDS:g} s of each clip, self on {len(DEFAULT_SELF)} clips, acceptance of every still: 40 renders,
about 5,000 frames) took 16 min from nothing on a 2-core machine busy with a Swift build, under 10 s
again from its caches; --full (13 clips x 18 stills, whole clips, self on all 13: about 70,000 frames)
takes hours. Renders run one at a time (--jobs) under nice, beside the analysis; the analysis of a
500-frame clip takes about 10-30 s (dlib's ResNet embedding, 0.15 s a face, is most of it).
Output in --out: summary.json, report.txt, sheets/*.png (each pair's worst moments: driver | still |
output), cache/ (renders and dlib results, keyed by binary, models, inputs and options).
"""


def parse(argv):
    ap = argparse.ArgumentParser(prog="eval-independent", description=HELP,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--actone", metavar="PATH", help="actone binary to evaluate (default: build release at the repo root)")
    ap.add_argument("--no-build", action="store_true", help="use the existing .build/release/actone without building")
    ap.add_argument("--build-path", metavar="DIR", help="swift build --scratch-path (default .build)")
    ap.add_argument("--models", metavar="DIR", default=os.environ.get("ACTONE_MODELS") or str(ROOT / "models"),
                    help="model folder passed to actone --models (default $ACTONE_MODELS or models/)")
    ap.add_argument("--out", metavar="DIR", help="output folder (default: a new temporary folder)")
    ap.add_argument("--cache", metavar="DIR", help="cache folder (default OUT/cache); share it between runs")
    ap.add_argument("--full", action="store_true", help="every clip x every still, whole clips, self on every clip")
    ap.add_argument("--drivers", metavar="A,B", help="driver clip names (file stems) instead of the spread")
    ap.add_argument("--stills", metavar="A,B", help="still names (file stems) instead of the spread")
    ap.add_argument("--self", dest="self_clips", metavar="A,B", help="clips for self-reenactment ('none': skip)")
    ap.add_argument("--seconds", type=float, help=f"use only the first N seconds of each clip "
                    f"(default {DEFAULT_SECONDS:g}; 0 or --full: whole clips)")
    ap.add_argument("--drivers-dir", default=str(EVAL / "driving"), help="driver clips (default ../shared/eval/driving)")
    ap.add_argument("--stills-dir", default=str(EVAL / "characters"), help="stills (default ../shared/eval/characters)")
    ap.add_argument("--expect-refused", default=",".join(EXPECT_REFUSED), metavar="A,B",
                    help="stills actone should refuse (default s30)")
    ap.add_argument("--no-acceptance", action="store_true", help="skip the acceptance check of every still")
    ap.add_argument("--jobs", type=int, default=1, choices=(1, 2), help="renders at a time (default 1)")
    ap.add_argument("--id-step", type=int, default=5, help="identity on every Nth output frame (default 5)")
    ap.add_argument("--no-sheets", action="store_true", help="write no contact sheets")
    ap.add_argument("--render-options", default="", metavar="'--mouth driver ...'",
                    help="extra options for every render (part of the cache key), to compare settings")
    return ap.parse_args(argv)


def reference_frame(res):
    """The reference frame actone reports in its 'wrote ...' line, or None."""
    for line in res.get("log", []):
        hit = re.search(r"reference frame (\d+)", line)
        if hit:
            return int(hit.group(1))
    return None


def names(arg, folder, exts, default):
    files = {p.stem: p for p in sorted(Path(folder).iterdir()) if p.suffix.lower() in exts} if Path(folder).is_dir() else {}
    if not files:
        raise SystemExit(f"eval-independent: nothing in {folder}")
    if arg == "all":
        return files, list(files)
    want = arg.split(",") if arg else default
    missing = [n for n in want if n not in files]
    if missing:
        raise SystemExit(f"eval-independent: not in {folder}: {', '.join(missing)}")
    return files, want


class Run:
    def __init__(self, a):
        self.a = a
        self.t0 = time.time()
        self.out = Path(a.out or tempfile.mkdtemp(prefix="eval-independent-"))
        self.out.mkdir(parents=True, exist_ok=True)
        self.cache = Path(a.cache) if a.cache else self.out / "cache"
        for sub in ("renders", "analysis", "inputs", "results"):
            (self.cache / sub).mkdir(parents=True, exist_ok=True)
        (self.out / "sheets").mkdir(exist_ok=True)

    def say(self, msg):
        print(f"[{time.time() - self.t0:6.0f} s] {msg}", flush=True)

    # ------------------------------------------------------------------ inputs
    def clip_frames(self, path):
        info = probe(path)
        return info.frames or count_frames(path), info.fps

    def capped(self, name, path):
        """(clip to render, frame count used): the first --seconds of it, re-encoded, when it is longer."""
        n, fps = self.clip_frames(path)
        if not self.seconds or n <= round(self.seconds * fps):
            return path, n
        m = int(round(self.seconds * fps))
        dst = self.cache / "inputs" / f"{name}-{analysis.file_hash(path, 8)}-first{m}.mp4"
        if not dst.exists():
            trim(path, m, dst)
        return dst, m

    def driver_analysis(self, name, path, n):
        key = f"drv-{name}-{analysis.file_hash(path, 12)}"
        return analysis.cached_analysis(path, self.cache / "analysis", key=key, limit=n)

    def still_face(self, path):
        key = analysis.file_hash(path, 12)
        f = self.cache / "analysis" / f"still-{key}-v{analysis.VERSION}.npz"
        if f.exists():
            with np.load(f, allow_pickle=False) as z:
                if z["found"]:
                    return {"lm": z["lm"], "box": tuple(z["box"]), "how": str(z["how"]), "emb": z["emb"]}
                return None
        sf = analysis.still_face(read_image(path))
        if sf:
            np.savez(f, found=True, lm=sf["lm"], box=np.array(sf["box"]), how=sf["how"], emb=sf["emb"])
        else:
            np.savez(f, found=False)
        return sf

    # ------------------------------------------------------------------ main
    def main(self):
        a = self.a
        full = a.full
        self.seconds = a.seconds if a.seconds is not None else (0 if full else DEFAULT_SECONDS)
        dfiles, drivers = names(a.drivers or ("all" if full else None), a.drivers_dir, VIDEO_EXT, DEFAULT_DRIVERS)
        sfiles, stills = names(a.stills or ("all" if full else None), a.stills_dir, IMAGE_EXT, DEFAULT_STILLS)
        expect_refused = set(x for x in a.expect_refused.split(",") if x)
        stills = [s for s in stills if s not in expect_refused] if not a.stills else stills
        if a.self_clips == "none":
            self_clips = []
        else:
            _, self_clips = names(a.self_clips or ("all" if full else None), a.drivers_dir, VIDEO_EXT, DEFAULT_SELF)

        if a.actone:
            binary = Path(a.actone)
        elif a.no_build:
            binary = Path(a.build_path or ROOT / ".build", "release", "actone")
        else:
            binary = build(ROOT, a.build_path)
        r = Renderer(binary, a.models, self.cache / "renders")
        print(f"eval-independent: actone {binary} (sha256 {r.binary_hash}), models {a.models}")
        print(f"  out {self.out}")
        print(f"  {len(drivers)} drivers x {len(stills)} stills, self on {len(self_clips)} clips, "
              f"{'whole clips' if not self.seconds else f'first {self.seconds:g} s of each clip'}", flush=True)

        # inputs
        drv_inputs = {d: self.capped(d, dfiles[d]) for d in dict.fromkeys(drivers + self_clips)}
        self_stills = {}
        for c in self_clips:
            png = self.cache / "inputs" / f"{c}-{analysis.file_hash(dfiles[c], 8)}-frame0.png"
            if not png.exists():
                extract_frame(dfiles[c], 0, png)
            self_stills[c] = png
        acc_clip = None
        if not a.no_acceptance:
            d0 = drivers[0]
            n, fps = self.clip_frames(dfiles[d0])
            m = min(n, max(10, int(round(fps))))
            acc_clip = self.cache / "inputs" / f"{d0}-{analysis.file_hash(dfiles[d0], 8)}-first{m}.mp4"
            if not acc_clip.exists():
                trim(dfiles[d0], m, acc_clip)

        # renders, one (or two) at a time in the background; measuring in this thread as they finish
        pool = ThreadPoolExecutor(max_workers=a.jobs)
        extra = shlex.split(a.render_options)
        jobs = []
        if acc_clip:
            for s in sfiles:
                jobs.append(("accept", s, pool.submit(r.render, acc_clip, sfiles[s], extra, f"accept {s}")))
        for c in self_clips:
            jobs.append(("self", c, pool.submit(r.render, drv_inputs[c][0], self_stills[c], ["--reference", "0"] + extra, f"self {c}")))
        for d in drivers:
            for s in stills:
                jobs.append(("cross", (d, s), pool.submit(r.render, drv_inputs[d][0], sfiles[s], extra, f"{d} x {s}")))

        acc, selfs, pairs = [], [], []
        still_faces = {}
        for kind, what, fut in jobs:
            res = fut.result()
            tag = "cached" if res.get("cached") else f"{res['seconds']:.1f} s"
            if kind == "accept":
                acc.append({"still": what, "ok": res["ok"], "error": res["error"], "expected_ok": what not in expect_refused})
                if not res["ok"]:
                    self.say(f"accept {what}: refused: {res['error']}")
                continue
            if kind == "self":
                self.say(f"self {what}: rendered ({tag}); measuring")
                selfs.append(self.measure_self(what, dfiles[what], drv_inputs[what][1], res))
                continue
            d, s = what
            if not res["ok"]:
                self.say(f"{d} x {s}: actone failed: {res['error']}")
                pairs.append({"driver": d, "still": s, "ok": False, "error": res["error"]})
                continue
            if s not in still_faces:
                still_faces[s] = self.still_face(sfiles[s])
            self.say(f"{d} x {s}: rendered ({tag}); measuring")
            pairs.append(self.measure_pair(d, s, dfiles[d], drv_inputs[d][1], sfiles[s], still_faces[s], res))
        pool.shutdown()
        self.finish(drivers, stills, self_clips, pairs, selfs, acc, r)

    # ------------------------------------------------------------------ measuring
    def measure_pair(self, d, s, drv_path, n, still_path, sf, res):
        drv = self.driver_analysis(d, drv_path, n)
        out = analysis.cached_analysis(res["output"], self.cache / "analysis", key="out-" + res["key"],
                                       embed_every=self.a.id_step)
        index = output_index(drv_path, n, res["output"], len(out))
        if index is not None:
            self.say(f"  {d} x {s}: output has {len(out)} frames at a constant rate, the driver {n}: "
                     f"matched by time")
        out = out.aligned(index, drv.fps)
        cross = metrics.cross(drv, out, sf is not None)
        sd, so = cross.pop("_signals")
        cross.update(self.jitter_floor(res, out, cross))
        ident = metrics.identity(sf["emb"] if sf else None, out)
        p = {"driver": d, "still": s, "ok": True, "key": res["key"], "render_seconds": res["seconds"],
             "reference": reference_frame(res), "driver_jaw_at_reference": None,
             "still_found": sf["how"] if sf else "no", "cross": cross, "identity": ident}
        if p["reference"] is not None and p["reference"] < n and not np.isnan(sd[p["reference"], 0]):
            # how open the driver's mouth is on the frame actone takes the still to show
            p["driver_jaw_at_reference"] = float(sd[p["reference"], 0])
        scored = [c for c in CHANNELS if cross["channels"][c]["scored"]]
        moments = metrics.worst_moments(sd, so, scored, drv.fps)
        p["worst_frames"] = [{"frame": f, "channel": c, "deviation": dev} for f, c, dev in moments]
        if not self.a.no_sheets and moments:
            png = self.out / "sheets" / f"{d}__{s}.png"
            notes = {}
            for f, c, dev in moments:
                k = CHANNELS.index(c)
                notes[f] = (f"frame {f}: {c} off by {dev:.1f} driver sd (driver {sd[f, k]:.3f}, output {so[f, k]:.3f})"
                            + (f"; id {ident['_id_dist'][f]:.2f}" if f in ident.get("_id_dist", {}) else ""))
            if not self._fresh(png, res["key"]):
                sheet.contact_sheet(png, f"{d} x {s}: worst moments (green dots: dlib landmarks)", drv_path,
                                    read_image(still_path), sf["lm"] if sf else None, res["output"], moments, drv, out, notes,
                                    output_index=index)
                self._mark(png, res["key"])
            p["sheet"] = str(png)
        return p

    def jitter_floor(self, res, out, cross):
        """dlib's jitter on the output's first frame moved smoothly (`metrics.jitter_floor`), over
        as many frames as the jitter window; cached by render."""
        if not cross.get("jitter_window"):
            return {"jitter_floor": metrics.NAN, "jitter_floor_ratio": metrics.NAN}
        w = cross["jitter_window"][1] - cross["jitter_window"][0]
        f = self.cache / "analysis" / f"floor-{res['key']}-w{w}-v{analysis.VERSION}.json"
        if f.exists():
            floor = json.loads(f.read_text())["floor"]
        else:
            size = scaled_size(out.size[0], out.size[1], analysis.MAX_SIDE)
            first = next(iter(list(read_frames(res["output"], size, 1))), None)
            floor = metrics.jitter_floor(first, w) if first is not None else metrics.NAN
            f.write_text(json.dumps({"floor": floor}))
        jd = cross["jitter_driver"]
        return {"jitter_floor": floor, "jitter_floor_ratio": floor / jd if jd and jd > 0 else metrics.NAN}

    def measure_self(self, c, clip, n, res):
        if not res["ok"]:
            self.say(f"self {c}: actone failed: {res['error']}")
            return {"clip": c, "ok": False, "error": res["error"]}
        # t1: output frames matched to the real frames by time
        cached = self.cache / "results" / f"self-{res['key']}-v{analysis.VERSION}-t1.json"
        real = self.driver_analysis(c, clip, n)
        out = analysis.cached_analysis(res["output"], self.cache / "analysis", key="out-" + res["key"])
        index = output_index(clip, n, res["output"], len(out))
        out = out.aligned(index, real.fps)
        if cached.exists():
            m = json.loads(cached.read_text())
        else:
            m = metrics.self_reenactment(clip, res["output"], real, out, n, out_index=index)
            cached.write_text(json.dumps(report.clean({**m, "per_frame": m["_per_frame"]})))
            m = json.loads(cached.read_text())
        per = m.pop("per_frame", [])
        m = {k: (float("nan") if v is None else v) for k, v in m.items()}
        s = {"clip": c, "ok": True, "key": res["key"], "render_seconds": res["seconds"], "metrics": m}
        # the same per-channel correlation as cross-reenactment, output vs the real frames: what dlib can
        # read back from a render of the person's own face
        cr = metrics.cross(real, out, True)
        cr.pop("_signals")
        s["channels"] = cr["channels"]
        if not self.a.no_sheets and per:
            worst = sorted((row for row in per if row.get("lm") is not None), key=lambda row: -row["lm"])
            picked = []
            for row in worst:
                if len(picked) >= 5:
                    break
                if all(abs(row["frame"] - q["frame"]) >= max(1, int(real.fps / 4)) for q in picked):
                    picked.append(row)
            picked.sort(key=lambda row: row["frame"])
            png = self.out / "sheets" / f"self__{c}.png"
            if picked and not self._fresh(png, res["key"]):
                notes = {row["frame"]: f"frame {row['frame']}: landmark error {row['lm']:.1f}% IOD (still frame "
                         f"{row['lm0']:.1f}%), PSNR {row['psnr']:.1f} (still {row['psnr0']:.1f})" for row in picked}
                sheet.contact_sheet(png, f"self {c}: real | frame 0 (the still) | output, worst landmark error",
                                    clip, read_image(res["still"]), real.lm_video_px(0), res["output"],
                                    [(row["frame"], "lm", row["lm"]) for row in picked], real, out, notes,
                                    labels=("real", "frame 0 (the still)", "output"), output_index=index)
                self._mark(png, res["key"])
            s["sheet"] = str(png)
        return s

    def _fresh(self, png, key):
        k = png.with_suffix(".key")
        return png.exists() and k.exists() and k.read_text() == f"{key} s{SIGNALS_VERSION} v{sheet.VERSION}"

    def _mark(self, png, key):
        png.with_suffix(".key").write_text(f"{key} s{SIGNALS_VERSION} v{sheet.VERSION}")

    # ------------------------------------------------------------------ report
    def finish(self, drivers, stills, self_clips, pairs, selfs, acc, r):
        ok_pairs = [p for p in pairs if p["ok"]]
        failed = [p for p in pairs if not p["ok"]]
        chtab, chsum = report.channel_summary(ok_pairs)
        g = report.goals(ok_pairs, selfs, acc, chsum)
        wall = time.time() - self.t0
        parts = [
            f"actone {r.binary} sha256 {r.binary_hash}; {len(drivers)} drivers x {len(stills)} stills; "
            + ("whole clips" if not self.seconds else f"first {self.seconds:g} s of each clip") + f"; wall {wall:.0f} s",
            "", "== Goals", report.goals_table(g),
            "", "== Cross-reenactment per channel (Pearson r, driver vs output, dlib signals)", chtab,
            "", "== Cross-reenactment per pair, worst first (r per channel; ~ = driver barely moves it, not scored;"
                " face = output frames with a dlib face; jitter = output/driver on the stillest second;"
                " floor = dlib's jitter on the output's first frame moved smoothly, / driver's;"
                " worst = figure furthest past its goal, miss as a share of the goal)",
            report.pair_table(ok_pairs) if ok_pairs else "(none)",
        ]
        if failed:
            parts += ["", "== Pairs actone failed to render",
                      report.table(["driver", "still", "error"], [[p["driver"], p["still"], p["error"]] for p in failed], "lll")]
        parts += ["", "== Self-reenactment (output vs the real frames; in brackets the still-frame floor: frame 0 "
                      "repeated; LM = mean landmark error in % of the inter-ocular distance; mouth on frames with "
                      f"the real mouth open > {metrics.MOUTH_OPEN} IOD)",
                  report.self_table(selfs) if selfs else "(none)",
                  "", "== Self-reenactment per channel (Pearson r, output vs the real frames, dlib signals; ~ = not scored)",
                  report.self_channel_table(selfs) if selfs else "(none)",
                  "", "== Identity (dlib ResNet distance, still vs every "
                      f"{self.a.id_step}th output frame; same person < 0.6)",
                  report.identity_table(ok_pairs) if ok_pairs else "(none)",
                  "", "== Acceptance", report.refusal_table(acc) if acc else "(not checked)"]
        text = "\n".join(parts)
        print("\n" + text)
        (self.out / "report.txt").write_text(text + "\n")
        report.write_summary(self.out / "summary.json", {
            "actone": str(r.binary), "binary_sha256": r.binary_hash, "models": self.a.models,
            "seconds_cap": self.seconds or None, "wall_seconds": wall, "drivers": drivers, "stills": stills,
            "self_clips": self_clips, "channels": DESCRIPTION, "moves_threshold": MOVES,
            "goals": [{"goal": n, "met": ok, "figures": f} for n, ok, f in g],
            "channel_summary": chsum, "pairs": pairs, "self": selfs, "acceptance": acc})
        print(f"\neval-independent: {wall:.0f} s; report {self.out / 'report.txt'}, {self.out / 'summary.json'}, "
              f"sheets in {self.out / 'sheets'}")


def main(argv=None):
    a = parse(sys.argv[1:] if argv is None else argv)
    for tool in ("ffmpeg", "ffprobe"):
        if not shutil.which(tool):
            raise SystemExit(f"eval-independent: needs {tool} on PATH")
    Run(a).main()
