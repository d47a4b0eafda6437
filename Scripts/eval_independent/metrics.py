"""The figures: per-channel correlation, face-found share, jitter, identity distance, self-reenactment error."""
import math

import cv2
import numpy as np

from .face import iod
from .signals import CHANNELS, MOVES, signal_matrix
from .video import read_frames, read_frames_at

NAN = float("nan")


def pearson(a, b):
    a, b = np.asarray(a, float), np.asarray(b, float)
    if len(a) < 5 or a.std() < 1e-9 or b.std() < 1e-9:
        return NAN
    return float(np.corrcoef(a, b)[0, 1])


def signals_of(an, n=None):
    n = len(an) if n is None else n
    return signal_matrix([an.lm(i) for i in range(n)])


# ---------------------------------------------------------------- cross-reenactment

def cross(drv, out, still_found):
    """Correlation per channel of the driver's and the output's signals (frames where dlib has both),
    the share of frames with a face, jitter on the driver's stillest second.
    drv and out are Analysis objects, out matched to the driver's frames (`Analysis.aligned`)."""
    n = min(len(drv), len(out))
    sd, so = signals_of(drv, n), signals_of(out, n)
    both = drv.found[:n] & out.found[:n]
    res = {"frames": n, "frames_driver": len(drv), "frames_output": len(out), "frames_both": int(both.sum()),
           "channels": {}}
    for k, c in enumerate(CHANNELS):
        a, b = sd[both, k], so[both, k]
        # whether the driver moves the channel is decided on all its frames with a face, not only on
        # those where the output has one too
        std = float(np.nanstd(sd[:, k])) if drv.found[:n].any() else 0.0
        res["channels"][c] = {"r": pearson(a, b), "driver_std": std, "output_std": float(np.std(b)) if len(b) else 0.0,
                              "scored": bool(std >= MOVES[c] and len(a) >= 10)}
    # dlib's detector finding the face in the output, where it finds it in the driver (and in the still)
    drv_det = drv.detected[:n]
    res["face_share"] = float((out.detected[:n] & drv_det).sum() / max(1, drv_det.sum())) if still_found else NAN
    res["tracked_share"] = float((out.found[:n] & drv.found[:n]).sum() / max(1, drv.found[:n].sum()))
    res.update(jitter(drv, out, n))
    res["_signals"] = (sd, so)
    return res


def _step_noise(lms, i0, i1):
    """Mean second difference of the landmarks over frames i0..i1 (in IOD), a measure of jitter that
    ignores smooth motion: |x[t+1] - 2 x[t] + x[t-1]| averaged over the 68 points."""
    v = []
    for t in range(i0 + 1, i1 - 1):
        a, b, c = lms[t - 1], lms[t], lms[t + 1]
        v.append(float(np.mean(np.linalg.norm(c - 2 * b + a, axis=1))) / iod(b))
    return float(np.mean(v)) if v else NAN


def stillest_second(drv, n):
    """Start of the one-second window (fps frames) where the driver's landmarks move least
    (mean frame-to-frame motion over IOD), among windows with a face throughout; None if none."""
    w = max(5, int(round(drv.fps)))
    motion = np.full(n, np.nan)
    for t in range(1, n):
        if drv.found[t] and drv.found[t - 1]:
            motion[t] = np.mean(np.linalg.norm(drv.landmarks[t] - drv.landmarks[t - 1], axis=1)) / iod(drv.landmarks[t])
    best, start = math.inf, None
    for s in range(0, n - w + 1):
        m = motion[s + 1:s + w]
        if np.isnan(m).any():
            continue
        if m.mean() < best:
            best, start = m.mean(), s
    return start, w


def jitter_floor(rgb, frames, speed=0.1):
    """dlib's own jitter on one picture: the step noise of its landmarks over `frames` copies of
    `rgb` moved smoothly by `speed` px a frame (bilinear, diagonally), the known motion taken out.
    Any moving render of a still shows at least about this much: dlib's detector and cascade
    jump on sub-pixel re-sampling (on the stills of ../shared/eval 0.012-0.031 of the IOD at
    any speed from 0.02 to 0.3 px a frame, 0.002-0.004 when the frames are identical), so an
    output can only fall below a calm driver's jitter by not moving. NaN without a face."""
    from .face import FaceTracker
    h, w = rgb.shape[:2]
    tracker, lms = FaceTracker(), []
    for t in range(frames):
        m = np.float32([[1, 0, speed * t], [0, 1, 0.5 * speed * t]])
        moved = cv2.warpAffine(rgb, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)
        f = tracker.step(cv2.cvtColor(moved, cv2.COLOR_RGB2GRAY))
        if f is None:
            return NAN
        lms.append(f.lm - np.array([speed * t, 0.5 * speed * t]))
    return _step_noise(np.array(lms), 0, frames)


def jitter(drv, out, n):
    s, w = stillest_second(drv, n)
    if s is None or not out.found[s:s + w].all():
        return {"jitter_window": None, "jitter_driver": NAN, "jitter_output": NAN, "jitter_ratio": NAN}
    jd = _step_noise(drv.landmarks, s, s + w)
    jo = _step_noise(out.landmarks, s, s + w)
    return {"jitter_window": [s, s + w], "jitter_driver": jd, "jitter_output": jo,
            "jitter_ratio": jo / jd if jd > 0 else NAN}


def identity(still_emb, out):
    """dlib ResNet distances between the still's face and the output's sampled frames (same person < 0.6)."""
    if still_emb is None or len(out.emb) == 0:
        return {"id_mean": NAN, "id_max": NAN, "id_frames": len(out.emb), "id_found": 0, "id_cnn": 0,
                "id_worst_frame": None}
    ok = ~np.isnan(out.emb[:, 0])
    d = np.linalg.norm(out.emb[ok] - still_emb, axis=1)
    frames = out.emb_frames[ok]
    return {"id_mean": float(d.mean()) if len(d) else NAN, "id_max": float(d.max()) if len(d) else NAN,
            "id_frames": int(len(out.emb)), "id_found": int(ok.sum()),
            "id_cnn": int(sum(1 for h, o in zip(out.emb_how, ok) if o and h == "cnn")),
            "id_worst_frame": int(frames[np.argmax(d)]) if len(d) else None,
            "_id_dist": dict(zip(frames.tolist(), d.tolist()))}


def worst_moments(sd, so, scored, fps, k=6):
    """Frames where the output's signals differ most from the driver's: per scored channel, the output's
    signal is fitted linearly to the driver's (least squares) and the residual is divided by the driver's
    standard deviation; a frame's deviation is its largest such residual. Returns [(frame, channel, dev)],
    at least a quarter second apart."""
    n = len(sd)
    both = ~np.isnan(sd[:, 0]) & ~np.isnan(so[:, 0])
    dev = np.zeros(n)
    which = [""] * n
    for k_, c in enumerate(CHANNELS):
        if c not in scored or both.sum() < 5:
            continue
        a, b = sd[both, k_], so[both, k_]
        if b.std() < 1e-9:
            fit = np.full_like(a, a.mean())
        else:
            slope, icpt = np.polyfit(b, a, 1)
            fit = slope * b + icpt
        r = np.abs(fit - a) / max(1e-9, a.std())
        idx = np.flatnonzero(both)
        for j, i in enumerate(idx):
            if r[j] > dev[i]:
                dev[i], which[i] = r[j], c
    gap = max(1, int(round(fps / 4)))
    picked = []
    for i in np.argsort(-dev):
        if dev[i] <= 0 or len(picked) >= k:
            break
        if all(abs(i - p) >= gap for p, _, _ in picked):
            picked.append((int(i), which[i], float(dev[i])))
    return sorted(picked)


# ---------------------------------------------------------------- self-reenactment

def psnr(a, b):
    mse = float(np.mean((a.astype(np.float32) - b.astype(np.float32)) ** 2))
    return 99.0 if mse == 0 else 10 * math.log10(255.0 ** 2 / mse)


def ssim(a, b):
    """SSIM as Wang et al. 2004 (Gaussian window sigma 1.5, K1 0.01, K2 0.03), mean over RGB channels;
    the same as skimage's structural_similarity(gaussian_weights=True, use_sample_covariance=False)."""
    a = a.astype(np.float32)
    b = b.astype(np.float32)
    C1, C2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    blur = lambda x: cv2.GaussianBlur(x, (11, 11), 1.5, borderType=cv2.BORDER_REFLECT)
    mu_a, mu_b = blur(a), blur(b)
    saa = blur(a * a) - mu_a * mu_a
    sbb = blur(b * b) - mu_b * mu_b
    sab = blur(a * b) - mu_a * mu_b
    m = ((2 * mu_a * mu_b + C1) * (2 * sab + C2)) / ((mu_a ** 2 + mu_b ** 2 + C1) * (saa + sbb + C2))
    pad = 5   # skimage leaves out the border half-window
    if m.shape[0] > 2 * pad and m.shape[1] > 2 * pad:
        m = m[pad:-pad, pad:-pad]
    return float(m.mean())


def mouth_box(lm, shape, pad=0.35):
    """Box around dlib's mouth points 48-67, padded by `pad` of the IOD on every side, clipped to the image."""
    h, w = shape[:2]
    p = pad * iod(lm)
    x0, y0 = lm[48:68].min(0) - p
    x1, y1 = lm[48:68].max(0) + p
    x0, y0 = max(0, int(x0)), max(0, int(y0))
    x1, y1 = min(w, int(math.ceil(x1))), min(h, int(math.ceil(y1)))
    return (x0, y0, x1, y1) if x1 - x0 >= 12 and y1 - y0 >= 12 else None


# the real frame's mouth counts as open above this inner-lip gap (over IOD)
MOUTH_OPEN = 0.12


def self_reenactment(real_path, out_path, real_an, out_an, n, out_index=None):
    """Output frame i against real frame i, beside the still-frame floor (frame 0 repeated). out_an is
    matched to the real frames already; out_index: the output frame shown for each real frame
    (`video.output_index`), None for one output frame per real frame."""
    still = None
    lm0 = real_an.lm_video_px(0)
    acc = {k: [] for k in ("psnr", "ssim", "lm", "psnr0", "ssim0", "lm0",
                           "mouth_psnr", "mouth_ssim", "mouth_psnr0", "mouth_ssim0")}
    per_frame = []
    sig_real = signals_of(real_an, n)
    frames_out = (read_frames(out_path, size=real_an.size, limit=n) if out_index is None
                  else read_frames_at(out_path, out_index, size=real_an.size))
    for i, real in enumerate(read_frames(real_path, limit=n)):
        out = next(frames_out, None)
        if out is None:
            break
        if i == 0:
            still = real.copy()
            continue
        row = {"frame": i}
        row["psnr"], row["ssim"] = psnr(real, out), ssim(real, out)
        row["psnr0"], row["ssim0"] = psnr(real, still), ssim(real, still)
        lr, lo = real_an.lm_video_px(i), out_an.lm_video_px(i) if i < len(out_an) else None
        if lr is not None:
            d = iod(lr)
            row["lm"] = 100 * float(np.mean(np.linalg.norm(lo - lr, axis=1))) / d if lo is not None else NAN
            row["lm0"] = 100 * float(np.mean(np.linalg.norm(lm0 - lr, axis=1))) / d if lm0 is not None else NAN
            if sig_real[i, 0] > MOUTH_OPEN:
                box = mouth_box(lr, real.shape)
                if box:
                    x0, y0, x1, y1 = box
                    cr, co, c0 = real[y0:y1, x0:x1], out[y0:y1, x0:x1], still[y0:y1, x0:x1]
                    row["mouth_psnr"], row["mouth_ssim"] = psnr(cr, co), ssim(cr, co)
                    row["mouth_psnr0"], row["mouth_ssim0"] = psnr(cr, c0), ssim(cr, c0)
        for k in acc:
            if k in row and not math.isnan(row[k]):
                acc[k].append(row[k])
        per_frame.append(row)
    mean = {k: (float(np.mean(v)) if v else NAN) for k, v in acc.items()}
    mean["frames"] = len(per_frame) + 1
    mean["mouth_frames"] = len(acc["mouth_ssim"])
    mean["lm_ratio"] = mean["lm"] / mean["lm0"] if mean["lm0"] and mean["lm0"] > 0 else NAN
    mean["psnr_gain"] = mean["psnr"] - mean["psnr0"]
    mean["ssim_gain"] = mean["ssim"] - mean["ssim0"]
    mean["mouth_ssim_gain"] = mean["mouth_ssim"] - mean["mouth_ssim0"]
    mean["mouth_psnr_gain"] = mean["mouth_psnr"] - mean["mouth_psnr0"]
    mean["_per_frame"] = per_frame
    return mean
