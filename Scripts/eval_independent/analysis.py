"""One pass of dlib over a video: per-frame landmarks, whether the detector fired, and (optionally) face
embeddings every few frames. Results are cached as .npz files keyed by the video's content."""
import hashlib
import time
from pathlib import Path

import cv2
import numpy as np

from . import face
from .video import probe, read_frames, scaled_size

VERSION = 3            # bump when the analysis changes, so that cached results are redone
MAX_SIDE = 1024        # frames are analysed at most this big (landmark coordinates are in these pixels)


def file_hash(path, n=16):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()[:n]


class Analysis:
    """landmarks: N x 68 x 2 (NaN where no face), detected: N bools, scale: analysis px per video px,
    emb_frames / emb: frame numbers and 128-d descriptors (NaN rows where no face), seconds: time taken."""

    def __init__(self, d):
        self.landmarks = d["landmarks"]
        self.detected = d["detected"].astype(bool)
        self.found = ~np.isnan(self.landmarks[:, 0, 0])
        self.scale = float(d["scale"])
        self.fps = float(d["fps"])
        self.size = tuple(int(x) for x in d["size"])
        self.emb_frames = d["emb_frames"].astype(int)
        self.emb = d["emb"]
        self.emb_how = [str(x) for x in d["emb_how"]]
        self.seconds = float(d["seconds"])

    def __len__(self):
        return len(self.landmarks)

    def lm(self, i):
        return None if not self.found[i] else self.landmarks[i]

    def aligned(self, index, fps):
        """This analysis re-indexed: frame k of the result is frame index[k] of this one (an output
        matched to its driver's frames by time, `video.output_index`); embeddings are kept as they are.
        index None: self."""
        if index is None:
            return self
        d = {"landmarks": self.landmarks[index], "detected": self.detected[index], "scale": self.scale,
             "fps": fps, "size": np.array(self.size), "emb_frames": self.emb_frames, "emb": self.emb,
             "emb_how": np.array(self.emb_how, dtype="U8"), "seconds": self.seconds}
        return Analysis(d)

    def lm_video_px(self, i):
        """Landmarks of frame i in the video's own pixels."""
        return None if not self.found[i] else self.landmarks[i] / self.scale


def analyse(path, embed_every=0, limit=None):
    t0 = time.time()
    info = probe(path)
    w, h = scaled_size(info.width, info.height, MAX_SIDE)
    scale = w / info.width
    tracker = face.FaceTracker()
    lms, det, emb_frames, embs, hows = [], [], [], [], []
    last_box = None
    for i, rgb in enumerate(read_frames(path, (w, h), limit)):
        gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
        f = tracker.step(gray)
        lms.append(f.lm if f else np.full((68, 2), np.nan))
        det.append(bool(f and f.detected))
        if f:
            last_box = f.box
        if embed_every and i % embed_every == 0:
            e, how = None, "none"
            if f:
                e, how = face.embedding(rgb, lm=f.lm), ("hog" if f.detected else "tracked")
            elif last_box is not None:
                e = face.embedding_cnn_near(rgb, last_box)
                how = "cnn" if e is not None else "none"
            emb_frames.append(i)
            embs.append(e if e is not None else np.full(128, np.nan))
            hows.append(how)
    return {"landmarks": np.array(lms).reshape(-1, 68, 2), "detected": np.array(det, bool), "scale": scale,
            "fps": info.fps, "size": np.array([info.width, info.height]),
            "emb_frames": np.array(emb_frames, int), "emb": np.array(embs).reshape(-1, 128),
            "emb_how": np.array(hows, dtype="U8"), "seconds": time.time() - t0}


def cached_analysis(path, cache_dir, key=None, embed_every=0, limit=None):
    """analyse(path) through an .npz cache; key defaults to the file's content hash."""
    key = key or file_hash(path)
    cache = Path(cache_dir) / f"{key}-v{VERSION}-e{embed_every}-n{limit or 0}.npz"
    if cache.exists():
        with np.load(cache) as z:
            return Analysis({k: z[k] for k in z.files})
    d = analyse(path, embed_every, limit)
    cache.parent.mkdir(parents=True, exist_ok=True)
    tmp = cache.with_suffix(".partial.npz")
    np.savez_compressed(tmp, **d)
    tmp.replace(cache)
    return Analysis(d)


def still_face(rgb):
    """Landmarks (in the image's pixels), box, how it was found and descriptor of the still's face."""
    lm, box, how = face.landmarks_in_image(rgb)
    if lm is None:
        return None
    emb = face.embedding(rgb, lm=lm)
    return {"lm": lm, "box": (box.left(), box.top(), box.right(), box.bottom()), "how": how, "emb": emb}
