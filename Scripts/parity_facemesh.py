"""Landmark parity of `actone track` with MediaPipe's own Python FaceMesh (mediapipe==0.10.14).

Run through Scripts/parity-facemesh, which builds actone and provides the MediaPipe venv:
    python parity_facemesh.py --actone BIN [--limit PCT] [--static] [--worst N] CLIP...

For each clip it runs
  - ours: `actone track CLIP --no-smoothing` (raw per-frame landmarks, 478 points, source pixels);
  - MediaPipe: mp.solutions.face_mesh.FaceMesh(static_image_mode=False, refine_landmarks=True,
    max_num_faces=1, min_detection_confidence=0.5, min_tracking_confidence=0.5) on the frames
    cv2.VideoCapture decodes (BGR -> RGB). Its FaceMesh graph (face_landmark_front_cpu) does not
    smooth landmarks, so both sides are raw. --static uses static_image_mode=True instead
    (detector on every frame), for diagnosis only.

and compares them frame by frame. Error of a frame found by both = mean over the 478 points of the
2D (x, y) pixel distance, divided by the inter-ocular distance (IOD) = the distance between
MediaPipe's two iris centres (landmarks 468 and 473), in percent. `max33` is the worst frame
again normalised by the outer eye corners (33-263) instead. `irisMax` is the worst frame's mean
error over the ten iris points (468-477) alone, % iris IOD.

Exit status 1 when any frame's error exceeds --limit (percent, default 1.0) or the face is found
on different frames; 2 on a usage or run failure.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import warnings

import cv2
import numpy as np


def mediapipe_landmarks(clip, static):
    """Per frame: a (478, 2) array of pixel x, y, or None when MediaPipe finds no face.

    MediaPipe's C++ logging (absl, not silenced by environment variables) is held back in a
    temporary file and shown only if the run fails."""
    saved = os.dup(2)
    with tempfile.TemporaryFile() as log:
        os.dup2(log.fileno(), 2)
        try:
            return _mediapipe_landmarks(clip, static)
        except BaseException:
            os.dup2(saved, 2)
            log.seek(0)
            sys.stderr.write(log.read().decode(errors="replace"))
            raise
        finally:
            os.dup2(saved, 2)
            os.close(saved)


def _mediapipe_landmarks(clip, static):
    warnings.filterwarnings("ignore", category=UserWarning, module="google.protobuf")
    import mediapipe as mp

    capture = cv2.VideoCapture(clip)
    frames = []
    with mp.solutions.face_mesh.FaceMesh(static_image_mode=static, refine_landmarks=True, max_num_faces=1,
                                         min_detection_confidence=0.5,
                                         min_tracking_confidence=0.5) as mesh:
        while True:
            ok, bgr = capture.read()
            if not ok:
                break
            height, width = bgr.shape[:2]
            result = mesh.process(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB))
            if not result.multi_face_landmarks:
                frames.append(None)
                continue
            points = result.multi_face_landmarks[0].landmark
            # Normalised coordinates times the image size are OpenCV pixel coordinates (pixel i is
            # centred on i), the same convention as actone's.
            frames.append(np.array([[p.x * width, p.y * height] for p in points], dtype=np.float64))
    capture.release()
    return frames


def actone_landmarks(actone, clip, scratch):
    """Per frame: a (478, 2) array of pixel x, y from `actone track --no-smoothing`, or None."""
    out = os.path.join(scratch, os.path.basename(clip) + ".track.json")
    run = subprocess.run([actone, "track", clip, "-o", out, "--no-smoothing", "--force", "--quiet"],
                         capture_output=True, text=True)
    if run.returncode != 0:
        sys.stderr.write(run.stderr)
        print(f"parity-facemesh: actone track {clip} failed (exit {run.returncode})", file=sys.stderr)
        sys.exit(2)
    with open(out) as f:
        track = json.load(f)
    frames = []
    for frame in track["frames"]:
        if frame["faceFound"]:
            frames.append(np.array(frame["landmarks"], dtype=np.float64)[:, :2])
        else:
            frames.append(None)
    return frames


def percentile(values, q):
    return float(np.percentile(values, q)) if len(values) else float("nan")


def compare(name, ours, theirs, limit, worst):
    """One table row (a dict) and the lines about this clip's failures."""
    notes = []
    if len(ours) != len(theirs):
        notes.append(f"{name}: frame counts differ (ours {len(ours)}, MediaPipe {len(theirs)}); "
                     "comparing the first frames of both")
    n = min(len(ours), len(theirs))
    only_ours = [i for i in range(n) if ours[i] is not None and theirs[i] is None]
    only_mp = [i for i in range(n) if ours[i] is None and theirs[i] is not None]
    both = [i for i in range(n) if ours[i] is not None and theirs[i] is not None]

    errors, errors33, iris = [], [], []
    for i in both:
        a, b = ours[i], theirs[i]
        if a.shape != b.shape:
            raise SystemExit(f"{name} frame {i}: {a.shape[0]} points from actone, {b.shape[0]} from MediaPipe")
        distance = np.linalg.norm(a - b, axis=1)
        iod = np.linalg.norm(b[468] - b[473])
        iod33 = np.linalg.norm(b[33] - b[263])
        errors.append(100 * distance.mean() / iod)
        errors33.append(100 * distance.mean() / iod33)
        iris.append(100 * distance[468:478].mean() / iod)
    errors = np.array(errors)

    if only_ours:
        notes.append(f"{name}: face only in ours on frames {ranges(only_ours)}")
    if only_mp:
        notes.append(f"{name}: face only in MediaPipe on frames {ranges(only_mp)}")
    over = [both[k] for k in np.flatnonzero(errors > limit)]
    if over:
        notes.append(f"{name}: over {limit:g}% IOD on frames {ranges(over)}")
    if worst and len(errors):
        order = np.argsort(-errors)[:worst]
        notes.append(f"{name}: worst frames " + ", ".join(f"{both[k]} ({errors[k]:.3f}%)" for k in order))

    row = dict(clip=name, frames=n, both=len(both), only_ours=len(only_ours), only_mp=len(only_mp),
               mean=float(errors.mean()) if len(errors) else float("nan"),
               median=percentile(errors, 50), p95=percentile(errors, 95),
               max=float(errors.max()) if len(errors) else float("nan"),
               over=len(over), iris_max=max(iris) if iris else float("nan"),
               max33=max(errors33) if errors33 else float("nan"))
    failed = bool(over or only_ours or only_mp or len(ours) != len(theirs))
    return row, notes, failed


def ranges(indices):
    """[1, 2, 3, 7] -> '1-3, 7'."""
    parts, start = [], None
    for k, i in enumerate(indices):
        if start is None:
            start = i
        if k + 1 == len(indices) or indices[k + 1] != i + 1:
            parts.append(f"{start}" if start == i else f"{start}-{i}")
            start = None
    return ", ".join(parts)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("clips", nargs="+")
    parser.add_argument("--actone", required=True, help="the actone executable")
    parser.add_argument("--limit", type=float, default=1.0, help="per-frame limit, percent of the IOD (1.0)")
    parser.add_argument("--static", action="store_true", help="MediaPipe in static_image_mode (diagnosis)")
    parser.add_argument("--worst", type=int, default=3, help="list this many worst frames per clip (3)")
    args = parser.parse_args()

    rows, notes, failed = [], [], False
    with tempfile.TemporaryDirectory(prefix="parity-facemesh.") as scratch:
        for clip in args.clips:
            name = os.path.splitext(os.path.basename(clip))[0]
            ours = actone_landmarks(args.actone, clip, scratch)
            theirs = mediapipe_landmarks(clip, args.static)
            row, clip_notes, clip_failed = compare(name, ours, theirs, args.limit, args.worst)
            rows.append(row)
            notes += clip_notes
            failed |= clip_failed

    mode = "static_image_mode=True" if args.static else "video mode"
    print(f"actone track --no-smoothing vs mediapipe 0.10.14 FaceMesh (refine_landmarks, {mode}); "
          f"error = mean 2D distance over 478 points, % of iris-centre IOD (468-473)")
    header = ("clip", "frames", "both", "oursOnly", "mpOnly", "mean%", "median%", "p95%", "max%",
              f">{args.limit:g}%", "irisMax%", "max33%")
    print("%-6s %6s %5s %8s %6s %7s %7s %7s %7s %5s %8s %7s" % header)
    for r in rows:
        print("%-6s %6d %5d %8d %6d %7.3f %7.3f %7.3f %7.3f %5d %8.3f %7.3f" % (
            r["clip"], r["frames"], r["both"], r["only_ours"], r["only_mp"], r["mean"], r["median"],
            r["p95"], r["max"], r["over"], r["iris_max"], r["max33"]))
    for line in notes:
        print(line)
    print("FAIL" if failed else "PASS", f"(limit {args.limit:g}% IOD per frame, same frames with a face)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
