"""Video input and output through the ffmpeg and ffprobe command-line tools.

Frames are read through a raw RGB pipe with `-fps_mode passthrough`, so frame i of a variable-frame-rate
clip is the i-th decoded frame. actone's output has a constant rate: over a variable-rate driver's gaps it
holds frames, so output frames are matched to driver frames by time (`output_index`).
"""
import json
import subprocess
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import numpy as np


@dataclass
class VideoInfo:
    width: int
    height: int
    fps: float      # average frame rate
    frames: int     # counted or stated number of frames (0 when unknown)


def probe(path):
    """Size, average frame rate and frame count of the first video stream."""
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
         "stream=width,height,avg_frame_rate,r_frame_rate,nb_frames", "-of", "json", str(path)],
        capture_output=True, text=True, check=True).stdout
    s = json.loads(out)["streams"][0]
    fps = 0.0
    for key in ("avg_frame_rate", "r_frame_rate"):
        try:
            f = Fraction(s.get(key, "0/0"))
            if f > 0:
                fps = float(f)
                break
        except (ValueError, ZeroDivisionError):
            pass
    try:
        n = int(s.get("nb_frames", 0))
    except ValueError:
        n = 0
    return VideoInfo(int(s["width"]), int(s["height"]), fps or 25.0, n)


def scaled_size(w, h, max_side):
    """(w, h) shrunk so that the longer side is at most max_side; even numbers (for ffmpeg)."""
    if not max_side or max(w, h) <= max_side:
        return w, h
    s = max_side / max(w, h)
    return max(2, int(round(w * s / 2)) * 2), max(2, int(round(h * s / 2)) * 2)


def read_frames(path, size=None, limit=None):
    """Yield RGB frames (H x W x 3 uint8) of a video, optionally resized to size=(w, h), at most limit."""
    info = probe(path)
    w, h = size or (info.width, info.height)
    args = ["ffmpeg", "-v", "error", "-nostdin", "-i", str(path), "-map", "0:v:0", "-fps_mode", "passthrough"]
    if limit:
        args += ["-frames:v", str(int(limit))]
    if (w, h) != (info.width, info.height):
        args += ["-vf", f"scale={w}:{h}:flags=area"]
    args += ["-f", "rawvideo", "-pix_fmt", "rgb24", "-"]
    p = subprocess.Popen(args, stdout=subprocess.PIPE)
    n = w * h * 3
    try:
        while True:
            buf = p.stdout.read(n)
            if len(buf) < n:
                break
            yield np.frombuffer(buf, np.uint8).reshape(h, w, 3)
    finally:
        p.stdout.close()
        p.kill()
        p.wait()


def frame_times(path, limit=None):
    """Presentation times in seconds of the first `limit` decoded video frames, in decoding order."""
    args = ["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "frame=best_effort_timestamp_time",
            "-of", "csv=p=0"]
    if limit:
        args += ["-read_intervals", f"%+#{int(limit)}"]
    out = subprocess.run(args + [str(path)], capture_output=True, text=True, check=True).stdout
    times = []
    for line in out.split():
        try:
            times.append(float(line.strip(",").split(",")[0]))
        except ValueError:
            pass
    return np.array(times[:limit] if limit else times, np.float64)


def output_index(driver_path, n, output_path, output_frames):
    """For each of the driver's first n frames, the output frame made from it: output frame j shows time
    j / rate from the driver's first frame. None when the output has one frame per driver frame (a
    constant-rate driver), so that nothing is re-indexed."""
    if output_frames == n:
        return None
    t = frame_times(driver_path, n)
    if len(t) < n:
        return None
    fps = probe(output_path).fps
    j = np.rint((t - t[0]) * fps).astype(int)
    return np.clip(j, 0, max(0, output_frames - 1))


def read_frames_at(path, index, size=None):
    """Yield frame index[k] of a video for k = 0, 1, ... (index never decreasing), reading it once."""
    frames = read_frames(path, size, limit=int(index[-1]) + 1 if len(index) else 0)
    current, at = None, -1
    for want in index:
        while at < want:
            current = next(frames, None)
            if current is None:
                return
            at += 1
        yield current


def count_frames(path):
    """Number of decoded frames (reads the whole stream; use when nb_frames is missing)."""
    out = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-count_frames", "-show_entries",
                          "stream=nb_read_frames", "-of", "csv=p=0", str(path)],
                         capture_output=True, text=True, check=True).stdout
    return int(out.strip().split(",")[0])


def extract_frame(path, index, out_png):
    """Write decoded frame `index` of a video to a PNG."""
    out_png = Path(out_png)
    tmp = out_png.with_name(out_png.stem + ".partial.png")
    subprocess.run(["ffmpeg", "-v", "error", "-nostdin", "-y", "-i", str(path), "-map", "0:v:0",
                    "-fps_mode", "passthrough", "-vf", f"select=eq(n\\,{int(index)})", "-frames:v", "1",
                    str(tmp)], check=True)
    tmp.replace(out_png)
    return out_png


def trim(path, frames, out_mp4):
    """The first `frames` frames of a clip, re-encoded near-losslessly (x264 CRF 8), without audio."""
    out_mp4 = Path(out_mp4)
    tmp = out_mp4.with_name(out_mp4.stem + ".partial.mp4")
    subprocess.run(["ffmpeg", "-v", "error", "-nostdin", "-y", "-i", str(path), "-map", "0:v:0",
                    "-fps_mode", "passthrough", "-frames:v", str(int(frames)), "-c:v", "libx264", "-crf", "8",
                    "-preset", "veryfast", "-pix_fmt", "yuv420p", "-an", str(tmp)], check=True)
    tmp.replace(out_mp4)
    return out_mp4


def read_image(path):
    """An image file as RGB uint8 (alpha composited over white, as actone does without --keep-alpha)."""
    import cv2
    img = cv2.imread(str(path), cv2.IMREAD_UNCHANGED)
    if img is None:
        raise ValueError(f"cannot read image {path}")
    if img.dtype != np.uint8:
        img = (img / 257).astype(np.uint8)
    if img.ndim == 2:
        img = cv2.cvtColor(img, cv2.COLOR_GRAY2RGB)
    elif img.shape[2] == 4:
        a = img[:, :, 3:4].astype(np.float32) / 255
        img = (img[:, :, :3].astype(np.float32) * a + 255 * (1 - a)).round().astype(np.uint8)
        img = cv2.cvtColor(img, cv2.COLOR_BGR2RGB)
    else:
        img = cv2.cvtColor(img, cv2.COLOR_BGR2RGB)
    return img
