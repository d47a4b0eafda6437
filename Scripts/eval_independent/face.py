"""dlib face finding: HOG detector, 68-point shape predictor, MMOD CNN detector and ResNet face embedding.

The HOG detector is the slow part on big frames, so FaceTracker looks for the face only in a window around
where it was in the previous frame, scaled so that the face is about 100 px wide; it falls back to the whole
(downscaled) frame, and for a few frames to the previous box when the detector misses (a turned face).
"""
import os
from dataclasses import dataclass
from functools import lru_cache

import cv2
import dlib
import numpy as np

DEBIAN_PREDICTOR = "/usr/share/dlib/shape_predictor_68_face_landmarks.dat"
FACE_PX = 100          # HOG window scale: the face box is resized to about this width
FULL_SIDE = 640        # longest side of a frame for a whole-frame search
MAX_TRACKED = 12       # frames a face may be carried over from the last detection


def _models_dir():
    try:
        import face_recognition_models
        return os.path.dirname(face_recognition_models.face_recognition_model_location())
    except ImportError:
        return None


@lru_cache(None)
def hog():
    return dlib.get_frontal_face_detector()


@lru_cache(None)
def predictor():
    path = DEBIAN_PREDICTOR
    if not os.path.exists(path):
        md = _models_dir()
        path = md and os.path.join(md, "shape_predictor_68_face_landmarks.dat")
    if not path or not os.path.exists(path):
        raise SystemExit("eval-independent: no 68-point model (apt-get install libdlib-data, or "
                         "pip install face-recognition-models==0.3.0 --no-deps)")
    return dlib.shape_predictor(path)


@lru_cache(None)
def cnn():
    md = _models_dir()
    if not md:
        return None
    return dlib.cnn_face_detection_model_v1(os.path.join(md, "mmod_human_face_detector.dat"))


@lru_cache(None)
def resnet():
    md = _models_dir()
    if not md:
        raise SystemExit("eval-independent: identity needs pip install face-recognition-models==0.3.0 --no-deps")
    return dlib.face_recognition_model_v1(os.path.join(md, "dlib_face_recognition_resnet_model_v1.dat"))


def _rect(x0, y0, x1, y1):
    return dlib.rectangle(int(round(x0)), int(round(y0)), int(round(x1)), int(round(y1)))


def _scaled_rects(rects, s, dx=0.0, dy=0.0):
    return [_rect(r.left() / s + dx, r.top() / s + dy, r.right() / s + dx, r.bottom() / s + dy) for r in rects]


def detect(gray, upsample=1, max_side=FULL_SIDE, use_cnn=False):
    """Face boxes in a whole grayscale (or RGB for the CNN) image, largest first, in the image's pixels."""
    h, w = gray.shape[:2]
    s = min(1.0, max_side / max(h, w))
    small = cv2.resize(gray, (round(w * s), round(h * s)), interpolation=cv2.INTER_AREA) if s < 1 else gray
    small = np.ascontiguousarray(small)
    rects = []
    if not use_cnn:
        g = small if small.ndim == 2 else cv2.cvtColor(small, cv2.COLOR_RGB2GRAY)
        rects = list(hog()(g, 0)) or (list(hog()(g, upsample)) if upsample else [])
    elif cnn() is not None:
        img = small if small.ndim == 3 else cv2.cvtColor(small, cv2.COLOR_GRAY2RGB)
        rects = [d.rect for d in cnn()(img, upsample)]
    rects = _scaled_rects(rects, s)
    return sorted(rects, key=lambda r: -r.width() * r.height())


def shape(gray, rect):
    """The 68 landmarks (68 x 2 float, image pixels) in a face box."""
    sh = predictor()(gray, rect)
    return np.array([[sh.part(i).x, sh.part(i).y] for i in range(68)], np.float64)


def iod(lm):
    """Inter-ocular distance: between the centres of the two eyes' six points."""
    return float(np.linalg.norm(lm[36:42].mean(0) - lm[42:48].mean(0)))


def landmarks_in_image(rgb, use_cnn_fallback=True):
    """(landmarks, box, how) of the largest face in a still image, or (None, None, None)."""
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    for how, kw in (("hog", dict(upsample=1, max_side=1024)), ("hog", dict(upsample=2, max_side=640)),
                    ("cnn", dict(upsample=1, max_side=640, use_cnn=True))):
        if how == "cnn" and not use_cnn_fallback:
            break
        rects = detect(rgb if how == "cnn" else gray, **kw)
        if rects:
            return shape(gray, rects[0]), rects[0], how
    return None, None, None


@dataclass
class Found:
    lm: np.ndarray      # 68 x 2
    detected: bool      # the HOG detector fired on this frame (False: carried over from the last box)
    box: tuple          # (x0, y0, x1, y1)


class FaceTracker:
    """Per-frame 68 landmarks of one face along a video."""

    def __init__(self):
        self.rect = None            # last detector box (dlib.rectangle)
        self.lm = None              # last landmarks
        self.since_detect = 0

    def _detect_near(self, gray):
        r = self.rect
        bw = r.width()
        cx, cy = (r.left() + r.right()) / 2, (r.top() + r.bottom()) / 2
        h, w = gray.shape
        x0, y0 = max(0, int(cx - 1.5 * bw)), max(0, int(cy - 1.5 * bw))
        x1, y1 = min(w, int(cx + 1.5 * bw)), min(h, int(cy + 1.5 * bw))
        if x1 - x0 < 16 or y1 - y0 < 16:
            return []
        crop = gray[y0:y1, x0:x1]
        s = FACE_PX / max(1.0, bw)
        if s < 1:
            crop = cv2.resize(crop, (max(1, round(crop.shape[1] * s)), max(1, round(crop.shape[0] * s))),
                              interpolation=cv2.INTER_AREA)
        else:
            s = 1.0
        rects = list(hog()(np.ascontiguousarray(crop), 0 if s < 1 or bw >= 80 else 1))
        rects = _scaled_rects(rects, s, x0, y0)
        # the one nearest the previous box
        return sorted(rects, key=lambda q: (q.left() + q.right() - 2 * cx) ** 2 + (q.top() + q.bottom() - 2 * cy) ** 2)

    def step(self, gray):
        """Landmarks in the next frame (grayscale uint8), or None when the face is lost."""
        rects = self._detect_near(gray) if self.rect is not None else []
        if not rects:
            rects = detect(gray, upsample=1)
            if rects and self.rect is not None:
                cx, cy = (self.rect.left() + self.rect.right()) / 2, (self.rect.top() + self.rect.bottom()) / 2
                rects.sort(key=lambda q: (q.left() + q.right() - 2 * cx) ** 2 + (q.top() + q.bottom() - 2 * cy) ** 2)
        if rects:
            r = rects[0]
            lm = shape(gray, r)
            self.rect, self.lm, self.since_detect = r, lm, 0
            return Found(lm, True, (r.left(), r.top(), r.right(), r.bottom()))
        if self.lm is None or self.since_detect >= MAX_TRACKED:
            self.rect = self.lm = None
            return None
        # carry the last detector box over, moved with the landmarks, and check the fit is consistent
        r = self.rect
        lm = shape(gray, r)
        for _ in range(2):
            d = lm.mean(0) - self.lm.mean(0)
            r2 = _rect(r.left() + d[0], r.top() + d[1], r.right() + d[0], r.bottom() + d[1])
            lm = shape(gray, r2)
        step = np.linalg.norm(lm.mean(0) - self.lm.mean(0)) / max(1.0, r.width())
        ratio = iod(lm) / max(1e-6, iod(self.lm))
        if step > 0.25 or not 0.75 < ratio < 1.33:
            self.rect = self.lm = None
            return None
        self.rect, self.lm = r2, lm
        self.since_detect += 1
        return Found(lm, False, (r2.left(), r2.top(), r2.right(), r2.bottom()))


def embedding(rgb, lm=None, box=None):
    """dlib ResNet 128-d face descriptor; from given 68 landmarks, or found (HOG, then CNN) in the image."""
    rgb = np.ascontiguousarray(rgb)
    if lm is None:
        gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
        if box is not None:
            rects = [_rect(*box)]
        else:
            rects = detect(gray, upsample=1, max_side=1024) or detect(rgb, upsample=1, use_cnn=True)
        if not rects:
            return None
        sh = predictor()(gray, rects[0])
    else:
        x0, y0 = lm.min(0)
        x1, y1 = lm.max(0)
        parts = [dlib.point(int(round(x)), int(round(y))) for x, y in lm]
        sh = dlib.full_object_detection(_rect(x0, y0, x1, y1), parts)
    return np.array(resnet().compute_face_descriptor(rgb, sh))


def embedding_cnn_near(rgb, box):
    """Descriptor of a face the HOG detector misses (a turned face): MMOD CNN in a window around `box`."""
    if cnn() is None:
        return None
    h, w = rgb.shape[:2]
    x0, y0, x1, y1 = box
    bw = max(1, x1 - x0)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    X0, Y0 = max(0, int(cx - 1.3 * bw)), max(0, int(cy - 1.3 * bw))
    X1, Y1 = min(w, int(cx + 1.3 * bw)), min(h, int(cy + 1.3 * bw))
    crop = rgb[Y0:Y1, X0:X1]
    s = 120 / bw
    crop = cv2.resize(crop, (max(1, round(crop.shape[1] * s)), max(1, round(crop.shape[0] * s))),
                      interpolation=cv2.INTER_AREA if s < 1 else cv2.INTER_LINEAR)
    dets = cnn()(np.ascontiguousarray(crop), 0)
    if not dets:
        return None
    r = max((d.rect for d in dets), key=lambda q: q.width() * q.height())
    full = _rect(r.left() / s + X0, r.top() / s + Y0, r.right() / s + X0, r.bottom() / s + Y0)
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    sh = predictor()(gray, full)
    return np.array(resnet().compute_face_descriptor(np.ascontiguousarray(rgb), sh))
